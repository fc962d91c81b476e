// The Cache port's behaviour on top of a CacheStore: JSON copies, TTLs, key prefix, events, single-flight, and
// degrading instead of failing when the backend is down.
//
// Failure policy (a backend failure is an ioredis error, a timeout, a closed connection):
// - get resolves undefined, set and delete resolve; each emits 'error' with its op.
// - getOrLoad never fails because of the backend: it loads directly, returns source 'fallback' and emits
//   'error' + 'fallback'. A failing load rejects every waiter with the load's own error and stores nothing.
// - deletePrefix REJECTS with CacheUnavailableError (and emits 'error'): it is used for invalidation, and an
//   invalidation that silently did nothing would keep serving stale data. The caller decides what to do.
// Caller mistakes (a TTL that is not a positive number, a value JSON cannot represent) are not backend failures:
// set rejects with a RangeError/TypeError. getOrLoad still answers with the loaded value (emitting 'error', op
// 'serialize') when the value cannot be stored, because the load itself succeeded.

import { randomUUID } from 'node:crypto'
import { CacheUnavailableError } from './errors.js'
import type { Cache, CacheEvent, CacheEventName, CacheHealth, CacheLock, LoadResult, LockAttempt } from './ports.js'
import { SingleFlight } from './single-flight.js'
import type { CacheStore } from './store.js'

export interface StoreCacheOptions {
  /** Default TTL in seconds for set/getOrLoad; a positive number (fractions allowed). */
  ttlSeconds: number
  keyPrefix?: string
  onEvent?: (event: CacheEvent) => void
}

interface FlightResult {
  source: LoadResult<unknown>['source']
  /** The JSON text of the value; absent when it had none (undefined) or could not be serialized. */
  json?: string
  /** The leader's own copy of the value. */
  value: unknown
}

export class StoreCache implements Cache {
  readonly backend: 'redis' | 'memory'
  readonly #store: CacheStore
  readonly #defaultTtlMs: number
  readonly #keyPrefix: string
  readonly #onEvent: ((event: CacheEvent) => void) | undefined
  readonly #flights = new SingleFlight()
  readonly lock?: CacheLock

  constructor(store: CacheStore, opts: StoreCacheOptions) {
    this.#store = store
    this.backend = store.backend
    this.#defaultTtlMs = ttlToMs(opts.ttlSeconds, 'ttlSeconds')
    this.#keyPrefix = opts.keyPrefix ?? ''
    this.#onEvent = opts.onEvent
    if (store.setIfAbsent !== undefined && store.deleteIfValue !== undefined) this.lock = this.#storeLock(store)
  }

  /** Locks live under `<prefix>lock:<key>`, apart from values, so deletePrefix of values never drops a lock. */
  #storeLock(store: CacheStore): CacheLock {
    const lockKey = (key: string): string => `${this.#keyPrefix}lock:${key}`
    return {
      acquire: async (key: string, ttlMs: number): Promise<LockAttempt> => {
        const token = randomUUID()
        try {
          const taken = await store.setIfAbsent!(lockKey(key), token, Math.max(1, Math.ceil(ttlMs)))
          return taken ? { state: 'acquired', token } : { state: 'held' }
        } catch {
          this.#emit('error', 'lock')
          return { state: 'unavailable' }
        }
      },
      release: async (key: string, token: string): Promise<void> => {
        try {
          await store.deleteIfValue!(lockKey(key), token)
        } catch {
          this.#emit('error', 'unlock') // the lock expires by itself
        }
      },
    }
  }

  async get<T>(key: string): Promise<T | undefined> {
    let json: string | undefined
    try {
      json = await this.#store.get(this.#keyPrefix + key)
    } catch {
      this.#emit('error', 'get')
      return undefined
    }
    if (json === undefined) return undefined
    const parsed = this.#parse(json)
    return parsed.ok ? (parsed.value as T) : undefined
  }

  async set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
    const ttlMs = this.#ttlMs(ttlSeconds)
    const json = JSON.stringify(value) as string | undefined // throws TypeError on cycles/BigInt: caller's mistake
    if (json === undefined) return // undefined (or a function) has no JSON form: nothing to store
    try {
      await this.#store.set(this.#keyPrefix + key, json, ttlMs)
    } catch {
      this.#emit('error', 'set')
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.#store.delete(this.#keyPrefix + key)
    } catch {
      this.#emit('error', 'delete')
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    try {
      return await this.#store.deletePrefix(this.#keyPrefix + prefix)
    } catch (err) {
      this.#emit('error', 'deletePrefix')
      throw new CacheUnavailableError(this.backend, 'deletePrefix', err)
    }
  }

  async getOrLoad<T>(key: string, load: () => Promise<T>, ttlSeconds?: number): Promise<LoadResult<T>> {
    const ttlMs = this.#ttlMs(ttlSeconds)
    const flight = this.#flights.run(key, () => this.#lookupOrLoad(this.#keyPrefix + key, load, ttlMs))
    if (!flight.shared) {
      const result = await flight.promise
      return { value: result.value as T, source: result.source }
    }
    this.#emit('shared', 'getOrLoad')
    const result = await flight.promise
    // Every caller gets its own copy, so one caller mutating its value cannot affect another's.
    const value = result.json === undefined ? result.value : JSON.parse(result.json)
    return { value: value as T, source: result.source }
  }

  health(): Promise<CacheHealth> {
    return this.#store.health()
  }

  close(): Promise<void> {
    return this.#store.close()
  }

  /** The single-flight leader's work: look up, and on a miss load and store. */
  async #lookupOrLoad(fullKey: string, load: () => Promise<unknown>, ttlMs: number): Promise<FlightResult> {
    let cached: string | undefined
    try {
      cached = await this.#store.get(fullKey)
    } catch {
      // The backend is failing: do not also wait for a set that would fail the same way.
      this.#emit('error', 'get')
      this.#emit('fallback', 'getOrLoad')
      return this.#toResult(await load(), 'fallback')
    }
    if (cached !== undefined) {
      const parsed = this.#parse(cached)
      if (parsed.ok) {
        this.#emit('hit', 'getOrLoad')
        return { source: 'cache', json: cached, value: parsed.value }
      }
    }
    this.#emit('miss', 'getOrLoad')
    const result = this.#toResult(await load(), 'loaded')
    if (result.json === undefined) return result
    try {
      await this.#store.set(fullKey, result.json, ttlMs)
    } catch {
      this.#emit('error', 'set')
      this.#emit('fallback', 'getOrLoad')
      return { ...result, source: 'fallback' }
    }
    return result
  }

  /** Serializes a loaded value; the leader gets a JSON copy too, so hits and loads return the same shapes. */
  #toResult(loaded: unknown, source: FlightResult['source']): FlightResult {
    let json: string | undefined
    try {
      json = JSON.stringify(loaded) as string | undefined
    } catch {
      this.#emit('error', 'serialize')
      return { source, value: loaded }
    }
    if (json === undefined) return { source, value: loaded }
    return { source, json, value: JSON.parse(json) }
  }

  /** Text under our prefix that is not JSON (written by someone else) is treated as absent. */
  #parse(json: string): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: JSON.parse(json) }
    } catch {
      this.#emit('error', 'parse')
      return { ok: false }
    }
  }

  #ttlMs(ttlSeconds: number | undefined): number {
    return ttlSeconds === undefined ? this.#defaultTtlMs : ttlToMs(ttlSeconds, 'ttlSeconds')
  }

  #emit(name: CacheEventName, op: string): void {
    if (this.#onEvent === undefined) return
    try {
      this.#onEvent({ name, backend: this.backend, op })
    } catch {
      // A faulty listener (e.g. metrics) must never fail a cache operation.
    }
  }
}

/** Seconds → whole milliseconds (rounded up, at least 1). Throws RangeError unless a positive finite number. */
export function ttlToMs(ttlSeconds: number, name: string): number {
  if (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`${name} must be a positive number of seconds, got ${String(ttlSeconds)}`)
  }
  return Math.max(1, Math.ceil(ttlSeconds * 1000))
}
