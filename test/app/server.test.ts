// src/server.ts as `npm start` runs it: starts and answers, stops on SIGTERM/SIGINT with exit code 0, refuses a
// bad configuration with exit code 1 and a message, and exits 1 when it cannot listen.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const root = fileURLToPath(new URL('../../', import.meta.url))

interface Run {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, REDIS_URL: '', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  )
  return { child, stdout: () => out, stderr: () => err, exit }
}

/** Resolves with the address from the 'iamdx started' log line (or rejects when the process exits first). */
function started(run: Run): Promise<string> {
  return new Promise((resolve, reject) => {
    const look = () => {
      for (const line of run.stdout().split('\n')) {
        if (!line.startsWith('{')) continue
        const entry = JSON.parse(line) as { msg?: string; address?: string }
        if (entry.msg === 'iamdx started' && entry.address) return resolve(entry.address)
      }
    }
    run.child.stdout?.on('data', look)
    void run.exit.then(() => reject(new Error(`exited before starting: ${run.stderr()} ${run.stdout()}`)))
  })
}

t.test('starts, answers /healthz, and stops gracefully on SIGTERM', async (t) => {
  const run = start({})
  t.teardown(() => void run.child.kill('SIGKILL'))
  const address = await started(run)
  const res = await fetch(`${address}/healthz`)
  t.equal(res.status, 200)
  t.same(await res.json(), { status: 'ok' })
  run.child.kill('SIGTERM')
  const { code } = await run.exit
  t.equal(code, 0, 'exit code 0')
  const messages = run
    .stdout()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { msg: string }).msg)
  t.ok(messages.includes('iamdx stopping: finishing in-flight requests'))
  t.equal(messages.at(-1), 'iamdx stopped')
})

t.test('SIGINT (Ctrl-C) stops it too', async (t) => {
  const run = start({})
  t.teardown(() => void run.child.kill('SIGKILL'))
  await started(run)
  run.child.kill('SIGINT')
  t.equal((await run.exit).code, 0)
})

t.test('a bad configuration exits 1 naming each bad variable', async (t) => {
  const run = start({ PORT: 'eighty', LOG_LEVEL: 'loud' })
  const { code } = await run.exit
  t.equal(code, 1)
  t.match(run.stderr(), /iamdx: configuration error: PORT must be an integer from 0 to 65535 \(got "eighty"\)/)
  t.match(run.stderr(), /iamdx: configuration error: LOG_LEVEL must be one of/)
})

t.test('a port already in use exits 1', async (t) => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => blocker.close(resolve)))
  const port = (blocker.address() as { port: number }).port
  const run = start({ PORT: String(port) })
  t.teardown(() => void run.child.kill('SIGKILL'))
  const { code } = await run.exit
  t.equal(code, 1)
  t.match(run.stdout(), /could not listen on 127\.0\.0\.1:\d+/)
})

// ---- access control at start (issue 7) ------------------------------------------------------------------------

t.test('without keys it refuses a non-loopback address, unless IAMDX_ALLOW_ANONYMOUS=true', async (t) => {
  const refused = start({ HOST: '0.0.0.0' })
  t.teardown(() => void refused.child.kill('SIGKILL'))
  const { code } = await refused.exit
  t.equal(code, 1)
  t.match(refused.stderr(), /HOST=0\.0\.0\.0 is not a loopback address and no API keys are configured/)

  // A keys file without any key is no better: the app refuses it once the file is read.
  const { mkdtemp, writeFile } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const dir = await mkdtemp(`${tmpdir()}/iamdx-keys-`)
  await writeFile(`${dir}/empty.json`, '{"keys": []}')
  const empty = start({ HOST: '0.0.0.0', IAMDX_API_KEYS_FILE: `${dir}/empty.json` })
  t.teardown(() => void empty.child.kill('SIGKILL'))
  t.equal((await empty.exit).code, 1)
  t.match(empty.stderr(), /not a loopback address and no API key is configured/)

  const open = start({ HOST: '0.0.0.0', IAMDX_ALLOW_ANONYMOUS: 'true' })
  t.teardown(() => void open.child.kill('SIGKILL'))
  await started(open)
  t.match(open.stdout(), /open to anyone who can reach it/, 'it says so at start')
  open.child.kill('SIGTERM')
  await open.exit

  const loopback = start({})
  t.teardown(() => void loopback.child.kill('SIGKILL'))
  await started(loopback)
  t.match(loopback.stdout(), /no API keys configured: iamdx is open, and listens on loopback only/)
  loopback.child.kill('SIGTERM')
  await loopback.exit
})

t.test('with a keys file it asks for a key, and SIGHUP rotates keys without a restart', async (t) => {
  const { mkdtemp, writeFile } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const { hashKey } = await import('../../src/app/access/keys.js')
  const dir = await mkdtemp(`${tmpdir()}/iamdx-keys-`)
  const file = `${dir}/keys.json`
  const entry = (key: string) => ({ caller: 'ops', sha256: hashKey(key), scopes: ['evaluate'] })
  await writeFile(file, JSON.stringify({ keys: [entry('old-key-0123456789')] }))
  // No watching: only SIGHUP reloads here.
  const run = start({ IAMDX_API_KEYS_FILE: file, IAMDX_API_KEYS_RELOAD_MS: '0' })
  t.teardown(() => void run.child.kill('SIGKILL'))
  const address = await started(run)
  const validate = (key?: string) =>
    fetch(`${address}/v1/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ policyType: 'identity', document: { Version: '2012-10-17', Statement: [] } }),
    })
  t.equal((await validate()).status, 401)
  t.equal((await validate('old-key-0123456789')).status, 200)
  t.equal((await fetch(`${address}/healthz`)).status, 200, 'health needs no key')

  await writeFile(file, JSON.stringify({ keys: [entry('new-key-0123456789')] }))
  run.child.kill('SIGHUP')
  for (let i = 0; i < 100 && !run.stdout().includes('API keys reloaded (SIGHUP)'); i++) await new Promise((r) => setTimeout(r, 50))
  t.equal((await validate('new-key-0123456789')).status, 200, 'the new key works')
  t.equal((await validate('old-key-0123456789')).status, 401, 'the old key no longer does')
  run.child.kill('SIGTERM')
  t.equal((await run.exit).code, 0)
})
