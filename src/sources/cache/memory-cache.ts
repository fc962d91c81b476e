// The in-process backend: a bounded LRU of JSON texts with a TTL per entry. A Map keeps insertion order, so
// "move to the end on use" and "evict the first key" make get/set O(1). Expired entries are dropped when read,
// when health() sweeps, or when they reach the LRU end. Storing JSON text means callers never share an object
// with the cache, and both backends hand back the same shapes.

import type { CacheEvent, CacheHealth } from './ports.js'
import type { CacheStore } from './store.js'
import { StoreCache } from './store-cache.js'

export const DEFAULT_MAX_ENTRIES = 10_000

export interface MemoryStoreOptions {
  /** Most entries kept; the least recently used one is evicted beyond it. Default 10,000. */
  maxEntries?: number
  /** Clock in epoch milliseconds, injectable for tests. Default Date.now. */
  now?: () => number
}

interface Entry {
  json: string
  expiresAt: number
}

export class MemoryStore implements CacheStore {
  readonly backend = 'memory' as const
  readonly #entries = new Map<string, Entry>()
  readonly #maxEntries: number
  readonly #now: () => number

  constructor(opts: MemoryStoreOptions = {}) {
    const max = opts.maxEntries ?? DEFAULT_MAX_ENTRIES
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${String(max)}`)
    }
    this.#maxEntries = max
    this.#now = opts.now ?? Date.now
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    this.#entries.delete(key)
    if (entry.expiresAt <= this.#now()) return undefined
    this.#entries.set(key, entry) // most recently used goes last
    return entry.json
  }

  async set(key: string, json: string, ttlMs: number): Promise<void> {
    this.#entries.delete(key)
    this.#entries.set(key, { json, expiresAt: this.#now() + ttlMs })
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string
      this.#entries.delete(oldest)
    }
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key)
  }

  async setIfAbsent(key: string, json: string, ttlMs: number): Promise<boolean> {
    const entry = this.#entries.get(key)
    if (entry !== undefined && entry.expiresAt > this.#now()) return false
    await this.set(key, json, ttlMs)
    return true
  }

  async deleteIfValue(key: string, json: string): Promise<boolean> {
    const entry = this.#entries.get(key)
    if (entry === undefined || entry.json !== json || entry.expiresAt <= this.#now()) return false
    this.#entries.delete(key)
    return true
  }

  async deletePrefix(prefix: string): Promise<number> {
    let deleted = 0
    const now = this.#now()
    for (const [key, entry] of this.#entries) {
      if (!key.startsWith(prefix)) continue
      this.#entries.delete(key) // deleting the current key while iterating a Map is safe
      if (entry.expiresAt > now) deleted++ // expired entries were already gone as far as callers know
    }
    return deleted
  }

  async health(): Promise<CacheHealth> {
    this.#sweep()
    return { backend: 'memory', ok: true, detail: `${this.#entries.size} entries of ${this.#maxEntries}` }
  }

  async close(): Promise<void> {
    this.#entries.clear()
  }

  /** Entries held, including expired ones not yet dropped. */
  get size(): number {
    return this.#entries.size
  }

  #sweep(): void {
    const now = this.#now()
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#entries.delete(key)
    }
  }
}

export interface MemoryCacheOptions extends MemoryStoreOptions {
  ttlSeconds: number
  keyPrefix?: string
  onEvent?: (event: CacheEvent) => void
}

/** The Cache port on the in-process LRU. */
export class MemoryCache extends StoreCache {
  constructor(opts: MemoryCacheOptions) {
    super(new MemoryStore({ maxEntries: opts.maxEntries, now: opts.now }), opts)
  }
}

export function createMemoryCache(opts: MemoryCacheOptions): MemoryCache {
  return new MemoryCache(opts)
}
