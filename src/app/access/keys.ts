// The API-key store (access control): which caller a presented key belongs to. Keys are configured as sha256
// hashes in a JSON document (IAMDX_API_KEYS_FILE and/or IAMDX_API_KEYS; format and checks in keys-file.ts),
// re-read on reload() and, for the file, whenever it changes. Without any key the service runs open.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { unwatchFile, watchFile } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { checkConsistency, parseKeysDocument, type KeyEntry, type LocatedEntry, type Scope } from './keys-file.js'

export { SCOPES, parseKeysDocument } from './keys-file.js'
export type { KeyEntry, Scope } from './keys-file.js'

export interface CallerLimits {
  requestsPerMinute?: number
  awsCallsPerMinute?: number
  maxBatch?: number
}

export interface Caller {
  readonly name: string
  readonly scopes: ReadonlySet<Scope>
  readonly limits: CallerLimits
}

export type KeysLoad = { ok: true; keys: number; callers: string[] } | { ok: false; errors: string[] }

export interface KeyStore {
  /** Whether any key is configured; false: the service runs open (anonymous). */
  readonly enabled: boolean
  /** The caller a presented key belongs to, or undefined. Compares the presented key's sha256 with every stored hash (constant time in the number of keys). */
  identify(presented: string): Caller | undefined
  /** Re-reads the file (if any) and the inline document; on any error keeps the previous keys and returns the errors. */
  reload(): Promise<KeysLoad>
  /** Stops watching the file. */
  close(): void
}

export interface KeyStoreOptions {
  /** IAMDX_API_KEYS_FILE: path of the keys file (JSON). */
  file?: string
  /** IAMDX_API_KEYS: the same JSON document given in the environment (used when no file; both given = both loaded). */
  inline?: string
  /** How often to check the file for changes (fs.watchFile polling); default 2000 ms; 0 = no watching. */
  watchIntervalMs?: number
  /** Called after every automatic reload (file change) with its outcome, so the app can log it. */
  onReload?: (result: KeysLoad) => void
}

export const INLINE_ORIGIN = 'IAMDX_API_KEYS'
export const DEFAULT_WATCH_INTERVAL_MS = 2000

/** sha256, lowercase hex, of the UTF-8 key. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/** A new random key: 'iamdx_' + base64url of 32 random bytes. */
export function newKey(): string {
  return `iamdx_${randomBytes(32).toString('base64url')}`
}

interface StoredKey {
  hash: Buffer
  caller: Caller
}

function callerOf(entry: KeyEntry): Caller {
  const limits: CallerLimits = {}
  if (entry.requestsPerMinute !== undefined) limits.requestsPerMinute = entry.requestsPerMinute
  if (entry.awsCallsPerMinute !== undefined) limits.awsCallsPerMinute = entry.awsCallsPerMinute
  if (entry.maxBatch !== undefined) limits.maxBatch = entry.maxBatch
  return Object.freeze({ name: entry.caller, scopes: new Set(entry.scopes), limits: Object.freeze(limits) })
}

/** One Caller object per caller name (its keys agree on scopes and limits: checkConsistency). */
function storedKeys(entries: readonly KeyEntry[]): StoredKey[] {
  const callers = new Map<string, Caller>()
  return entries.map((entry) => {
    let caller = callers.get(entry.caller)
    if (caller === undefined) callers.set(entry.caller, (caller = callerOf(entry)))
    return { hash: Buffer.from(entry.sha256, 'hex'), caller }
  })
}

function given(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== ''
}

async function readEntries(options: KeyStoreOptions): Promise<{ ok: true; entries: KeyEntry[] } | { ok: false; errors: string[] }> {
  const located: LocatedEntry[] = []
  const errors: string[] = []
  const add = (text: string, origin: string): void => {
    const parsed = parseKeysDocument(text, origin)
    if (!parsed.ok) errors.push(...parsed.errors)
    else parsed.entries.forEach((entry, i) => located.push({ entry, origin, pointer: `/keys/${i}` }))
  }
  if (given(options.file)) {
    try {
      add(await readFile(options.file, 'utf8'), options.file)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String((error as Error).message)
      errors.push(`${options.file}: cannot read the keys file: ${reason}`)
    }
  }
  if (given(options.inline)) add(options.inline, INLINE_ORIGIN)
  // Each document is consistent on its own; what is left are conflicts between the file and the inline one.
  if (errors.length === 0 && given(options.file) && given(options.inline)) errors.push(...checkConsistency(located))
  return errors.length === 0 ? { ok: true, entries: located.map((l) => l.entry) } : { ok: false, errors }
}

function summary(keys: readonly StoredKey[]): KeysLoad {
  return { ok: true, keys: keys.length, callers: [...new Set(keys.map((k) => k.caller.name))].sort() }
}

/**
 * Loads the keys (file and/or inline document) and, with a file and watchIntervalMs > 0, watches the file.
 * A missing, unreadable or invalid document at start is an error. Once keys are configured, a reload that
 * would leave none is refused (an emptied file must not silently open the service); restart to run open.
 */
export async function loadKeyStore(
  options: KeyStoreOptions,
): Promise<{ ok: true; store: KeyStore; load: KeysLoad } | { ok: false; errors: string[] }> {
  const first = await readEntries(options)
  if (!first.ok) return first
  let keys = storedKeys(first.entries)
  let pending: Promise<unknown> = Promise.resolve()
  let watching = false

  const reloadNow = async (): Promise<KeysLoad> => {
    const read = await readEntries(options)
    if (!read.ok) return read
    if (read.entries.length === 0 && keys.length > 0) {
      return { ok: false, errors: ['the keys document now has no keys: kept the previous keys (restart the service to run without API keys)'] }
    }
    keys = storedKeys(read.entries)
    return summary(keys)
  }
  // One reload at a time, in order (a file change and a SIGHUP may coincide).
  const reload = (): Promise<KeysLoad> => {
    const next = pending.then(reloadNow, reloadNow)
    pending = next.catch(() => undefined)
    return next
  }
  // fs.watchFile calls this only when stat() changed (mtime, size, inode, ...; a deleted file reads as zeros).
  const onChange = (): void => {
    void reload().then((result) => {
      if (watching) options.onReload?.(result)
    })
  }

  const interval = options.watchIntervalMs ?? DEFAULT_WATCH_INTERVAL_MS
  if (given(options.file) && interval > 0) {
    // Polling stat() (following symlinks) sees in-place writes, atomic renames and Kubernetes' symlink swaps;
    // persistent: false so the watcher never keeps the process alive.
    watchFile(options.file, { interval, persistent: false }, onChange)
    watching = true
  }

  const store: KeyStore = {
    get enabled() {
      return keys.length > 0
    },
    identify(presented: string): Caller | undefined {
      if (typeof presented !== 'string' || presented === '') return undefined
      const digest = createHash('sha256').update(presented, 'utf8').digest()
      const current = keys
      let found: Caller | undefined
      // No early exit: every stored hash is compared, whatever matches.
      for (const key of current) {
        const match = timingSafeEqual(digest, key.hash)
        if (match && found === undefined) found = key.caller
      }
      return found
    },
    reload,
    close() {
      if (!watching) return
      watching = false
      unwatchFile(options.file as string, onChange)
    },
  }
  return { ok: true, store, load: summary(keys) }
}
