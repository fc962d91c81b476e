// API keys for IAMDX_API_KEYS_FILE / IAMDX_API_KEYS (src/app/access/keys.ts).
//   npx tsx scripts/api-key.ts create --caller portal --scopes evaluate,live [--requests-per-minute 600]
//       [--aws-calls-per-minute 30] [--max-batch 1000]
//     A new key, shown once on stderr ("key: ..."); the entry to add to the "keys" array on stdout.
//     With --file PATH: the entry is added to that keys file (created when missing), replaced atomically, so a
//     running iamdx watching it picks the key up within IAMDX_API_KEYS_RELOAD_MS.
//   npx tsx scripts/api-key.ts hash [key]
//     The sha256 of a key (argument, or stdin so it stays out of the shell history).
import { existsSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { SCOPES, hashKey, newKey, parseKeysDocument, type KeyEntry } from '../src/app/access/keys.js'

const USAGE = `usage:
  npx tsx scripts/api-key.ts create --caller NAME --scopes ${SCOPES.join(',')} [--requests-per-minute N]
      [--aws-calls-per-minute N] [--max-batch N] [--file KEYS_FILE]
  npx tsx scripts/api-key.ts hash [KEY]      (without KEY: read from stdin)
`

function fail(message: string): never {
  process.stderr.write(`api-key: ${message}\n`)
  process.exit(2)
}

function positiveInteger(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^[0-9]+$/.test(value) || Number(value) < 1) fail(`--${option} must be a positive integer, got ${JSON.stringify(value)}`)
  return Number(value)
}

async function create(args: string[]): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      args,
      options: {
        caller: { type: 'string' },
        scopes: { type: 'string' },
        'requests-per-minute': { type: 'string' },
        'aws-calls-per-minute': { type: 'string' },
        'max-batch': { type: 'string' },
        file: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`)
  }
  if (values.caller === undefined) fail(`--caller is required\n${USAGE}`)
  if (values.scopes === undefined) fail(`--scopes is required (comma-separated: ${SCOPES.join(', ')})\n${USAGE}`)
  const key = newKey()
  const entry: Record<string, unknown> = {
    caller: values.caller,
    sha256: hashKey(key),
    scopes: values.scopes.split(',').map((s) => s.trim()),
  }
  const limits: [keyof KeyEntry, string][] = [
    ['requestsPerMinute', 'requests-per-minute'],
    ['awsCallsPerMinute', 'aws-calls-per-minute'],
    ['maxBatch', 'max-batch'],
  ]
  for (const [property, option] of limits) {
    const n = positiveInteger(option, values[option as keyof typeof values])
    if (n !== undefined) entry[property] = n
  }
  // The same checks the service applies when it reads the keys file.
  const checked = parseKeysDocument(JSON.stringify({ keys: [entry] }), 'the new entry')
  if (!checked.ok) fail(checked.errors.join('\n'))
  if (values.file !== undefined) await addToFile(values.file, entry)
  process.stderr.write(
    `caller: ${values.caller}\n` +
      `key: ${key}\n` +
      'The key is shown only this once: hand it to the caller now. Only its sha256 goes into the keys file.\n' +
      (values.file !== undefined ? `Added to ${values.file}:\n` : 'Add this entry to the "keys" array of the keys file (IAMDX_API_KEYS_FILE):\n'),
  )
  process.stdout.write(`${JSON.stringify(entry, null, 2)}\n`)
}

/** Adds the entry to a keys file, checked as the service checks it, replaced in one rename. */
async function addToFile(path: string, entry: Record<string, unknown>): Promise<void> {
  const doc = existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as { keys?: unknown[] }) : { keys: [] }
  if (!Array.isArray(doc.keys)) fail(`${path} has no "keys" array`)
  doc.keys.push(entry)
  const text = `${JSON.stringify(doc, null, 2)}\n`
  const checked = parseKeysDocument(text, path)
  if (!checked.ok) fail(checked.errors.join('\n'))
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, text, { mode: 0o600 })
  await rename(temporary, path)
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('key (then Enter and Ctrl-D): ')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

async function hash(args: string[]): Promise<void> {
  if (args.length > 1) fail(`hash takes at most one key\n${USAGE}`)
  // A key read from stdin (echo, a file, a paste) ends with a newline that is not part of it.
  const key = args.length === 1 ? args[0] : (await readStdin()).replace(/\r?\n$/, '')
  if (key === '') fail('no key given')
  process.stdout.write(`${hashKey(key)}\n`)
}

const [command, ...rest] = process.argv.slice(2)
if (command === 'create') await create(rest)
else if (command === 'hash') await hash(rest)
else if (command === undefined || command === '--help' || command === '-h' || command === 'help') process.stdout.write(USAGE)
else fail(`unknown command ${JSON.stringify(command)}\n${USAGE}`)
