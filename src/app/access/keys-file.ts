// The API keys document (IAMDX_API_KEYS_FILE / IAMDX_API_KEYS): parsing and checking. Only sha256 hashes of
// keys are stored; error messages name the origin and a JSON Pointer and never print a hash in full.

export const SCOPES = ['evaluate', 'live', 'admin'] as const
export type Scope = (typeof SCOPES)[number]

export interface KeyEntry {
  caller: string
  sha256: string
  scopes: Scope[]
  requestsPerMinute?: number
  awsCallsPerMinute?: number
  maxBatch?: number
}

/** An entry with where it came from, for messages that name two entries. */
export interface LocatedEntry {
  entry: KeyEntry
  origin: string
  pointer: string
}

export const CALLER_PATTERN = /^[A-Za-z0-9._-]{1,64}$/
export const MAX_BATCH_LIMIT = 10_000
const SHA256_PATTERN = /^[0-9a-fA-F]{64}$/
const LIMITS = ['requestsPerMinute', 'awsCallsPerMinute', 'maxBatch'] as const
const PROPERTIES: readonly string[] = ['caller', 'sha256', 'scopes', ...LIMITS]
const HASH_COMMAND = 'npx tsx scripts/api-key.ts hash'

function pointerToken(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** A value for a message, shortened; never used for sha256 values. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** V8 quotes the start of the document in some JSON.parse messages; the document may hold hashes. */
function jsonErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return / is not valid JSON$/.test(message) ? message.replace(/,\s*(\.\.\.)?".*$/s, '') : message
}

type Report = (pointer: string, message: string) => void

/** One entry of the keys array; undefined when it has errors (each reported through err). */
function checkEntry(value: unknown, at: string, errors: readonly string[], err: Report): KeyEntry | undefined {
  if (!isObject(value)) {
    err(at, `must be an object { "caller", "sha256", "scopes", ... }, got ${show(value)}`)
    return undefined
  }
  const before = errors.length
  for (const name of Object.keys(value)) {
    if (name === 'key') {
      err(`${at}/key`, `plain keys are never accepted: store the key's "sha256" instead (hash it with \`${HASH_COMMAND}\`)`)
    } else if (!PROPERTIES.includes(name)) {
      err(`${at}/${pointerToken(name)}`, `unknown property ${show(name)} (allowed: ${PROPERTIES.join(', ')})`)
    }
  }
  const { caller, sha256, scopes } = value
  if (typeof caller !== 'string' || !CALLER_PATTERN.test(caller)) {
    err(`${at}/caller`, caller === undefined ? 'is required' : `must match ${CALLER_PATTERN.source}, got ${show(caller)}`)
  }
  if (typeof sha256 !== 'string' || !SHA256_PATTERN.test(sha256)) {
    const got = typeof sha256 === 'string' ? `a string of ${sha256.length} characters` : show(sha256)
    err(`${at}/sha256`, sha256 === undefined ? `is required (hash the key with \`${HASH_COMMAND}\`)` : `must be 64 hexadecimal characters, got ${got}`)
  }
  if (!Array.isArray(scopes) || scopes.length === 0) {
    err(`${at}/scopes`, `must be a non-empty array of scopes (${SCOPES.join(', ')})${scopes === undefined ? '' : `, got ${show(scopes)}`}`)
  } else {
    scopes.forEach((scope: unknown, i) => {
      if (!(SCOPES as readonly unknown[]).includes(scope)) err(`${at}/scopes/${i}`, `unknown scope ${show(scope)} (known: ${SCOPES.join(', ')})`)
      else if (scopes.indexOf(scope) < i) err(`${at}/scopes/${i}`, `duplicate scope ${show(scope)}`)
    })
  }
  const entry = { caller, sha256: typeof sha256 === 'string' ? sha256.toLowerCase() : '', scopes } as KeyEntry
  for (const limit of LIMITS) {
    const n = value[limit]
    if (n === undefined) continue
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) err(`${at}/${limit}`, `must be a positive integer, got ${show(n)}`)
    else if (limit === 'maxBatch' && n > MAX_BATCH_LIMIT) err(`${at}/${limit}`, `must be at most ${MAX_BATCH_LIMIT}, got ${n}`)
    else entry[limit] = n
  }
  return errors.length === before ? entry : undefined
}

function sameLimitsAndScopes(a: KeyEntry, b: KeyEntry): boolean {
  const scopesA = [...a.scopes].sort().join(',')
  const scopesB = [...b.scopes].sort().join(',')
  return scopesA === scopesB && LIMITS.every((limit) => a[limit] === b[limit])
}

/** Across entries (of one or several documents): no sha256 twice; every key of a caller has the same scopes and limits. */
export function checkConsistency(entries: readonly LocatedEntry[]): string[] {
  const errors: string[] = []
  const byHash = new Map<string, LocatedEntry>()
  const byCaller = new Map<string, LocatedEntry>()
  for (const item of entries) {
    const { entry } = item
    const twin = byHash.get(entry.sha256)
    if (twin !== undefined) {
      errors.push(
        `${item.origin} ${item.pointer}/sha256: the same sha256 (${entry.sha256.slice(0, 8)}...) as ${where(twin, item)}; every key must be different`,
      )
    } else byHash.set(entry.sha256, item)
    const first = byCaller.get(entry.caller)
    if (first === undefined) byCaller.set(entry.caller, item)
    else if (!sameLimitsAndScopes(first.entry, entry)) {
      errors.push(
        `${item.origin} ${item.pointer}: caller ${show(entry.caller)} has other scopes or limits than in ${where(first, item)}; ` +
          'every key of a caller must have the same scopes and limits',
      )
    }
  }
  return errors
}

function where(other: LocatedEntry, self: LocatedEntry): string {
  return other.origin === self.origin ? other.pointer : `${other.origin} ${other.pointer}`
}

/** Parses and checks one keys document; origin (a file path or "IAMDX_API_KEYS") starts every error message. */
export function parseKeysDocument(
  text: string,
  origin: string,
): { ok: true; entries: KeyEntry[] } | { ok: false; errors: string[] } {
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    return { ok: false, errors: [`${origin}: not valid JSON: ${jsonErrorText(error)}`] }
  }
  if (!isObject(document)) return { ok: false, errors: [`${origin}: must be a JSON object { "keys": [...] }`] }
  const errors: string[] = []
  const err: Report = (pointer, message) => void errors.push(`${origin} ${pointer}: ${message}`)
  for (const name of Object.keys(document)) {
    if (name !== 'keys') err(`/${pointerToken(name)}`, `unknown property ${show(name)} (allowed: keys)`)
  }
  if (!Array.isArray(document.keys)) {
    err('/keys', document.keys === undefined ? 'is required (an array of key entries)' : `must be an array, got ${show(document.keys)}`)
    return { ok: false, errors }
  }
  const located: LocatedEntry[] = []
  document.keys.forEach((value: unknown, i) => {
    const entry = checkEntry(value, `/keys/${i}`, errors, err)
    if (entry !== undefined) located.push({ entry, origin, pointer: `/keys/${i}` })
  })
  errors.push(...checkConsistency(located))
  return errors.length === 0 ? { ok: true, entries: located.map((l) => l.entry) } : { ok: false, errors }
}
