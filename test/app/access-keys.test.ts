import { execFile } from 'node:child_process'
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t, { type Test } from 'tap'
import {
  hashKey,
  loadKeyStore,
  newKey,
  parseKeysDocument,
  SCOPES,
  type KeyEntry,
  type KeysLoad,
  type KeyStore,
  type KeyStoreOptions,
} from '../../src/app/access/keys.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const run = promisify(execFile)

const KEY_A = newKey()
const KEY_B = newKey()
const KEY_C = newKey()
const entry = (key: string, extra: Partial<KeyEntry> = {}): KeyEntry => ({
  caller: 'portal',
  sha256: hashKey(key),
  scopes: ['evaluate', 'live'],
  ...extra,
})
const doc = (...entries: unknown[]): string => JSON.stringify({ keys: entries })

async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'iamdx-keys-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

async function open(t: Test, options: KeyStoreOptions): Promise<{ store: KeyStore; load: KeysLoad }> {
  const r = await loadKeyStore({ watchIntervalMs: 0, ...options })
  if (!r.ok) throw new Error(r.errors.join('\n'))
  t.teardown(() => r.store.close())
  return r
}

/** Polls until check() is true (the watcher polls every 50 ms in these tests). */
async function until(check: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) return false
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return true
}

function errorsOf(text: string): string[] {
  const r = parseKeysDocument(text, 'keys.json')
  return r.ok ? [] : r.errors
}

t.test('hashKey and newKey', async (t) => {
  t.equal(hashKey('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  t.match(KEY_A, /^iamdx_[A-Za-z0-9_-]{43}$/)
  t.not(KEY_A, KEY_B)
  t.same(SCOPES, ['evaluate', 'live', 'admin'])
})

t.test('a valid document parses; uppercase hashes are stored lowercase', async (t) => {
  const upper = hashKey(KEY_A).toUpperCase()
  const r = parseKeysDocument(doc({ caller: 'p.x_1-a', sha256: upper, scopes: ['admin'], requestsPerMinute: 600, awsCallsPerMinute: 30, maxBatch: 10000 }), 'f')
  t.same(r, { ok: true, entries: [{ caller: 'p.x_1-a', sha256: hashKey(KEY_A), scopes: ['admin'], requestsPerMinute: 600, awsCallsPerMinute: 30, maxBatch: 10000 }] })
  t.same(parseKeysDocument('{"keys": []}', 'f'), { ok: true, entries: [] })
})

t.test('parse errors name the origin and a JSON Pointer', async (t) => {
  const h = hashKey(KEY_A)
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{"keys": [', /^keys\.json: not valid JSON/],
    ['not an object', '[]', /^keys\.json: must be a JSON object/],
    ['no keys', '{}', /^keys\.json \/keys: is required/],
    ['keys not an array', '{"keys": {}}', /^keys\.json \/keys: must be an array/],
    ['unknown top-level property', '{"keys": [], "kyes": []}', /^keys\.json \/kyes: unknown property/],
    ['entry not an object', doc(42), /^keys\.json \/keys\/0: must be an object/],
    ['caller missing', doc({ sha256: h, scopes: ['live'] }), /^keys\.json \/keys\/0\/caller: is required/],
    ['caller pattern', doc(entry(KEY_A, { caller: 'a b' })), /^keys\.json \/keys\/0\/caller: must match/],
    ['caller too long', doc(entry(KEY_A, { caller: 'x'.repeat(65) })), /^keys\.json \/keys\/0\/caller: must match/],
    ['sha256 missing', doc({ caller: 'p', scopes: ['live'] }), /^keys\.json \/keys\/0\/sha256: is required/],
    ['sha256 short', doc(entry(KEY_A, { sha256: h.slice(1) })), /^keys\.json \/keys\/0\/sha256: must be 64 hexadecimal characters, got a string of 63/],
    ['sha256 not hex', doc(entry(KEY_A, { sha256: `${h.slice(1)}g` })), /^keys\.json \/keys\/0\/sha256: must be 64 hex/],
    ['scopes missing', doc({ caller: 'p', sha256: h }), /^keys\.json \/keys\/0\/scopes: must be a non-empty array/],
    ['scopes empty', doc(entry(KEY_A, { scopes: [] })), /^keys\.json \/keys\/0\/scopes: must be a non-empty array/],
    ['unknown scope', doc(entry(KEY_A, { scopes: ['live', 'root' as never] })), /^keys\.json \/keys\/0\/scopes\/1: unknown scope "root"/],
    ['duplicate scope', doc(entry(KEY_A, { scopes: ['live', 'live'] })), /^keys\.json \/keys\/0\/scopes\/1: duplicate scope "live"/],
    ['limit zero', doc(entry(KEY_A, { requestsPerMinute: 0 })), /^keys\.json \/keys\/0\/requestsPerMinute: must be a positive integer/],
    ['limit fraction', doc(entry(KEY_A, { awsCallsPerMinute: 1.5 })), /^keys\.json \/keys\/0\/awsCallsPerMinute: must be a positive integer/],
    ['limit string', doc(entry(KEY_A, { maxBatch: '5' as never })), /^keys\.json \/keys\/0\/maxBatch: must be a positive integer/],
    ['maxBatch too big', doc(entry(KEY_A, { maxBatch: 10001 })), /^keys\.json \/keys\/0\/maxBatch: must be at most 10000/],
    ['unknown property (typo)', doc({ ...entry(KEY_A), requestPerMinute: 5 }), /^keys\.json \/keys\/0\/requestPerMinute: unknown property/],
    ['pointer escaping', doc({ ...entry(KEY_A), 'a/b~c': 1 }), /^keys\.json \/keys\/0\/a~1b~0c: unknown property/],
    ['plain key', doc({ ...entry(KEY_A), key: KEY_A }), /^keys\.json \/keys\/0\/key: plain keys are never accepted: store the key's "sha256".*npx tsx scripts\/api-key\.ts hash/],
    ['plain key instead of sha256', doc({ caller: 'p', key: KEY_A, scopes: ['live'] }), /\/keys\/0\/key: plain keys/],
    ['same sha256 twice', doc(entry(KEY_A), entry(KEY_B), entry(KEY_A, { caller: 'other' })), /^keys\.json \/keys\/2\/sha256: the same sha256 \([0-9a-f]{8}\.\.\.\) as \/keys\/0/],
    ['same caller, other scopes', doc(entry(KEY_A), entry(KEY_B, { scopes: ['live'] })), /^keys\.json \/keys\/1: caller "portal" has other scopes or limits than in \/keys\/0/],
    ['same caller, other limits', doc(entry(KEY_A), entry(KEY_B, { maxBatch: 5 })), /^keys\.json \/keys\/1: caller "portal" has other scopes or limits than in \/keys\/0/],
  ]
  for (const [name, text, expected] of cases) {
    const errors = errorsOf(text)
    t.ok(errors.some((e) => expected.test(e)), name, { errors })
    for (const e of errors) {
      t.notOk(e.includes(hashKey(KEY_A)) || e.includes(hashKey(KEY_A).slice(0, 9)), `${name}: no hash printed beyond 8 characters`)
      t.notOk(e.includes(KEY_A), `${name}: no plain key printed`)
    }
  }
  t.same(errorsOf(doc(entry(KEY_A), entry(KEY_B, { scopes: ['live', 'evaluate'] }))), [], 'scope order does not matter')
  for (const text of [`{"keys": [{"sha256": "${hashKey(KEY_A)}", x}]}`, `x${doc(entry(KEY_A))}`, `${doc(entry(KEY_A))}x`]) {
    const errors = errorsOf(text)
    t.match(errors, [/^keys\.json: not valid JSON: /])
    t.notOk(errors.join('\n').includes(hashKey(KEY_A).slice(0, 9)), 'a JSON syntax error does not quote the document')
  }
})

t.test('identify', async (t) => {
  const { store, load } = await open(t, { inline: doc(entry(KEY_A, { maxBatch: 100 }), { caller: 'ops', sha256: hashKey(KEY_B), scopes: ['admin'] }) })
  t.same(load, { ok: true, keys: 2, callers: ['ops', 'portal'] })
  t.equal(store.enabled, true)
  const portal = store.identify(KEY_A)
  t.equal(portal?.name, 'portal')
  t.same([...(portal?.scopes ?? [])], ['evaluate', 'live'])
  t.same(portal?.limits, { maxBatch: 100 })
  t.equal(store.identify(KEY_B)?.name, 'ops')
  t.equal(store.identify(KEY_C), undefined, 'a key not configured')
  t.equal(store.identify(''), undefined, 'the empty string')
  const last = KEY_A.at(-1) === 'A' ? 'B' : 'A'
  t.equal(store.identify(KEY_A.slice(0, -1) + last), undefined, 'a key differing in one character')
  t.equal(store.identify(`${KEY_A} `), undefined, 'a key with a trailing space')
  t.equal(store.identify(hashKey(KEY_A)), undefined, 'the stored hash itself')
  t.equal(store.identify(hashKey(KEY_A).toUpperCase()), undefined, 'the stored hash in uppercase')
})

t.test('rotation: two keys of one caller both work', async (t) => {
  const { store, load } = await open(t, { inline: doc(entry(KEY_A), entry(KEY_B)) })
  t.same(load, { ok: true, keys: 2, callers: ['portal'] })
  t.equal(store.identify(KEY_A)?.name, 'portal')
  t.equal(store.identify(KEY_B)?.name, 'portal')
  t.equal(store.identify(KEY_A), store.identify(KEY_B), 'one Caller object per caller')
})

t.test('no keys: the store is disabled', async (t) => {
  t.equal((await open(t, {})).store.enabled, false, 'nothing configured')
  t.equal((await open(t, { inline: '  ' })).store.enabled, false, 'an empty IAMDX_API_KEYS')
  t.equal((await open(t, { inline: '{"keys": []}' })).store.enabled, false, 'an empty keys array')
  const dir = await tempDir(t)
  await writeFile(join(dir, 'keys.json'), '{"keys": []}')
  const { store, load } = await open(t, { file: join(dir, 'keys.json') })
  t.equal(store.enabled, false, 'a file with an empty keys array')
  t.same(load, { ok: true, keys: 0, callers: [] })
  t.equal(store.identify(KEY_A), undefined)
})

t.test('a missing, invalid or inconsistent document at start is an error', async (t) => {
  const dir = await tempDir(t)
  const missing = await loadKeyStore({ file: join(dir, 'nope.json') })
  t.match(missing, { ok: false, errors: [/nope\.json: cannot read the keys file: no such file/] })
  await writeFile(join(dir, 'bad.json'), '{"keys": [}')
  t.match(await loadKeyStore({ file: join(dir, 'bad.json') }), { ok: false, errors: [/bad\.json: not valid JSON/] })
  t.match(await loadKeyStore({ inline: 'nope' }), { ok: false, errors: [/^IAMDX_API_KEYS: not valid JSON/] })
  // File and inline document are both loaded, and checked against each other.
  await writeFile(join(dir, 'keys.json'), doc(entry(KEY_A)))
  t.match(await loadKeyStore({ file: join(dir, 'keys.json'), inline: doc(entry(KEY_A, { caller: 'ops' })) }), {
    ok: false,
    errors: [/^IAMDX_API_KEYS \/keys\/0\/sha256: the same sha256 .* as .*keys\.json \/keys\/0/],
  })
  t.match(await loadKeyStore({ file: join(dir, 'keys.json'), inline: doc(entry(KEY_B, { maxBatch: 3 })) }), {
    ok: false,
    errors: [/^IAMDX_API_KEYS \/keys\/0: caller "portal" has other scopes or limits than in .*keys\.json \/keys\/0/],
  })
  const both = await open(t, { file: join(dir, 'keys.json'), inline: doc(entry(KEY_B, { caller: 'ops' })) })
  t.same(both.load, { ok: true, keys: 2, callers: ['ops', 'portal'] })
})

t.test('reload() picks up a rewritten file and keeps the old keys on error', async (t) => {
  const dir = await tempDir(t)
  const file = join(dir, 'keys.json')
  await writeFile(file, doc(entry(KEY_A)))
  const { store } = await open(t, { file })
  t.equal(store.identify(KEY_A)?.name, 'portal')
  await writeFile(file, doc(entry(KEY_B, { caller: 'ops' })))
  t.same(await store.reload(), { ok: true, keys: 1, callers: ['ops'] })
  t.equal(store.identify(KEY_B)?.name, 'ops', 'the new key works')
  t.equal(store.identify(KEY_A), undefined, 'the removed key no longer works')

  await writeFile(file, doc(entry(KEY_C), { caller: 'x', sha256: 'abc', scopes: ['live'] }))
  t.match(await store.reload(), { ok: false, errors: [/keys\.json \/keys\/1\/sha256/] })
  t.equal(store.identify(KEY_B)?.name, 'ops', 'a broken rewrite keeps the previous keys')
  t.equal(store.identify(KEY_C), undefined)
  await rm(file)
  t.match(await store.reload(), { ok: false, errors: [/no such file/] })
  t.equal(store.identify(KEY_B)?.name, 'ops', 'so does a deleted file')
  await writeFile(file, '{"keys": []}')
  t.match(await store.reload(), { ok: false, errors: [/no keys: kept the previous keys/] })
  t.equal(store.enabled, true, 'an emptied file does not open the service')
  t.equal(store.identify(KEY_B)?.name, 'ops')
})

t.test('a watched file is reloaded when it changes; onReload reports each outcome', async (t) => {
  const dir = await tempDir(t)
  const file = join(dir, 'keys.json')
  await writeFile(file, doc(entry(KEY_A)))
  const results: KeysLoad[] = []
  const r = await loadKeyStore({ file, watchIntervalMs: 50, onReload: (result) => results.push(result) })
  if (!r.ok) throw new Error(r.errors.join('\n'))
  const { store } = r
  t.teardown(() => store.close())

  await writeFile(file, doc(entry(KEY_B, { caller: 'ops' })))
  t.ok(await until(() => store.identify(KEY_B) !== undefined), 'the new key works after the change')
  t.equal(store.identify(KEY_A), undefined, 'the removed key no longer works')
  t.ok(await until(() => results.length >= 1))
  t.same(results.at(-1), { ok: true, keys: 1, callers: ['ops'] })

  // An atomic replace (write a temporary file, rename it over the old one), as editors and secret mounts do.
  await writeFile(join(dir, 'tmp.json'), doc(entry(KEY_C, { caller: 'ci' })))
  await rename(join(dir, 'tmp.json'), file)
  t.ok(await until(() => store.identify(KEY_C) !== undefined), 'an atomic rename is seen')
  t.ok(await until(() => results.some((x) => x.ok && x.callers[0] === 'ci')))

  const before = results.length
  await writeFile(file, '{"keys": [')
  t.ok(await until(() => results.length > before), 'a broken rewrite is reported')
  t.match(results.at(-1), { ok: false, errors: [/keys\.json: not valid JSON/] })
  t.equal(store.identify(KEY_C)?.name, 'ci', 'and the previous keys are kept')

  store.close()
  const closedAt = results.length
  await writeFile(file, doc(entry(KEY_A)))
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(results.length, closedAt, 'no reloads after close()')
  t.equal(store.identify(KEY_A), undefined)
})

t.test('scripts/api-key.ts', async (t) => {
  const tsx = ['--import', 'tsx', 'scripts/api-key.ts']
  const created = await run(process.execPath, [...tsx, 'create', '--caller', 'x', '--scopes', 'evaluate', '--max-batch', '50'], { cwd: root })
  const key = /^key: (\S+)$/m.exec(created.stderr)?.[1] ?? ''
  t.match(key, /^iamdx_[A-Za-z0-9_-]{43}$/, 'the key is printed on a labelled stderr line')
  t.notOk(created.stdout.includes(key), 'and not on stdout')
  const printed = JSON.parse(created.stdout) as KeyEntry
  t.same(printed, { caller: 'x', sha256: hashKey(key), scopes: ['evaluate'], maxBatch: 50 })
  const parsed = parseKeysDocument(doc(printed), 'printed')
  t.ok(parsed.ok, 'the printed entry parses')

  const fromArg = await run(process.execPath, [...tsx, 'hash', key], { cwd: root })
  t.equal(fromArg.stdout, `${hashKey(key)}\n`)
  const child = execFile(process.execPath, [...tsx, 'hash'], { cwd: root })
  let stdout = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stdin?.end(`${key}\n`)
  const code = await new Promise((resolve) => child.on('close', resolve))
  t.equal(code, 0)
  t.equal(stdout, `${hashKey(key)}\n`, 'hash reads stdin without its trailing newline')

  await t.rejects(run(process.execPath, [...tsx, 'create', '--caller', 'a b', '--scopes', 'evaluate,root'], { cwd: root }), {
    code: 2,
    stderr: /caller: must match[^]*scopes\/1: unknown scope "root"/,
  })
})
