// Every read from AWS goes through here: the Cache port's getOrLoad (in-process single-flight, Redis or memory),
// a cross-replica lock so that many replicas asking for one cold key make one AWS call, and negative caching.
//
// Keys: `v1:<account>:<kind>:<id>` (the cache adds its own prefix, CACHE_KEY_PREFIX, default `iamdx:`, so Redis
// holds `iamdx:v1:<account>:<kind>:<id>`). Organization-wide things use the account `org`.
//
// Values are stored in an envelope { v, at, exp? }: `at` is when the value was read from AWS (provenance's
// fetchedAt); `exp` (epoch ms) makes an entry expire before the cache TTL: negative results (notFound,
// accessDenied) and records with a failed part live negativeTtlSeconds. Throttling and other errors are never cached.
//
// The lock (Cache.lock, SET NX PX in Redis): on a miss, a replica takes `lock:<key>`, checks the cache again, reads
// AWS, stores the value, then releases. Others poll the cache every pollMs until the value appears, taking the lock
// themselves if it is released or expires without a value (its holder died or failed); past lockWaitMs they read
// AWS themselves. With no lock (or the backend down) reads fall back to in-process single-flight only.

import type { Cache } from './cache/index.js'
import type { Failure, Fetched } from './directory.js'
import type { SourceMetricsCallback } from './ports.js'

export interface Envelope<T> {
  v: T
  at: string
  exp?: number
}

/** What a loader returns: a value (with `partial` true when a part of it failed), or a failure. */
export type LoadOutcome<T> = { ok: true; value: T; partial?: boolean } | { ok: false; failure: Failure }

type Stored<T> = { ok: true; value: T } | { ok: false; failure: Failure }

export interface CachedFetchOptions {
  cache: Cache
  ttlSeconds: number
  /** How long notFound / accessDenied (and partial records) are kept. Default 30. */
  negativeTtlSeconds?: number
  /** Lifetime of the cross-replica lock; longer than one load takes. Default 15,000 ms. */
  lockTtlMs?: number
  /** How long to wait for another replica's load before loading anyway. Default lockTtlMs. */
  lockWaitMs?: number
  /** Poll interval while waiting. Default 25 ms. */
  pollMs?: number
  now?: () => number
  onMetric?: SourceMetricsCallback
}

/** A transient failure (throttled, error): it must reach every in-process waiter but never be stored. */
class Uncached extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message)
  }
}

export class CachedFetcher {
  readonly #cache: Cache
  readonly #ttl: number
  readonly #negativeMs: number
  readonly #lockTtlMs: number
  readonly #lockWaitMs: number
  readonly #pollMs: number
  readonly #now: () => number
  readonly #onMetric: SourceMetricsCallback | undefined

  constructor(opts: CachedFetchOptions) {
    this.#cache = opts.cache
    this.#ttl = opts.ttlSeconds
    this.#negativeMs = (opts.negativeTtlSeconds ?? 30) * 1000
    this.#lockTtlMs = opts.lockTtlMs ?? 15_000
    this.#lockWaitMs = opts.lockWaitMs ?? this.#lockTtlMs
    this.#pollMs = opts.pollMs ?? 25
    this.#now = opts.now ?? Date.now
    this.#onMetric = opts.onMetric
  }

  async fetch<T>(key: string, kind: string, load: () => Promise<LoadOutcome<T>>): Promise<Fetched<T>> {
    for (let attempt = 0; ; attempt++) {
      let peer = false
      const produce = async (): Promise<Envelope<Stored<T>>> => {
        const got = await this.#underLock(key, kind, () => this.#load(load))
        peer = got.peer
        return got.envelope
      }
      let result
      try {
        result = await this.#cache.getOrLoad(key, produce, this.#ttl)
      } catch (err) {
        if (err instanceof Uncached) {
          this.#metric('cacheMiss', kind)
          return { ok: false, failure: err.failure, fetchedAt: new Date(this.#now()).toISOString(), fromCache: false }
        }
        throw err
      }
      const env = result.value
      // A short-lived entry past its time: drop it and read again (once; a racing writer may store another).
      if (result.source === 'cache' && env.exp !== undefined && env.exp <= this.#now() && attempt === 0) {
        await this.#cache.delete(key)
        continue
      }
      const fromCache = result.source === 'cache' || peer
      this.#metric(fromCache ? 'cacheHit' : 'cacheMiss', kind)
      const meta = { fetchedAt: env.at, fromCache, ...(result.source === 'fallback' ? { cacheDown: true } : {}) }
      return env.v.ok ? { ok: true, value: env.v.value, ...meta } : { ok: false, failure: env.v.failure, ...meta }
    }
  }

  async #load<T>(load: () => Promise<LoadOutcome<T>>): Promise<Envelope<Stored<T>>> {
    const out = await load()
    const at = new Date(this.#now()).toISOString()
    if (out.ok) {
      const env: Envelope<Stored<T>> = { v: { ok: true, value: out.value }, at }
      return out.partial === true ? { ...env, exp: this.#now() + this.#negativeMs } : env
    }
    if (out.failure.why === 'notFound' || out.failure.why === 'accessDenied') {
      return { v: { ok: false, failure: out.failure }, at, exp: this.#now() + this.#negativeMs }
    }
    throw new Uncached(out.failure)
  }

  async #underLock<T>(key: string, kind: string, produce: () => Promise<Envelope<T>>): Promise<{ envelope: Envelope<T>; peer: boolean }> {
    const lock = this.#cache.lock
    if (lock === undefined) return { envelope: await produce(), peer: false }
    const deadline = this.#now() + this.#lockWaitMs
    let waited = false
    for (;;) {
      const attempt = await lock.acquire(key, this.#lockTtlMs)
      if (attempt.state === 'unavailable') return { envelope: await produce(), peer: false }
      if (attempt.state === 'acquired') {
        try {
          // Another replica may have stored it between our miss and our lock.
          const stored = await this.#cache.get<Envelope<T>>(key)
          if (this.#usable(stored)) return { envelope: stored, peer: true }
          const envelope = await produce()
          // Stored before the lock is released, so that waiters find it.
          await this.#cache.set(key, envelope, envelope.exp !== undefined ? this.#negativeMs / 1000 : this.#ttl)
          return { envelope, peer: false }
        } finally {
          await lock.release(key, attempt.token)
        }
      }
      if (!waited) {
        waited = true
        this.#metric('lockWait', kind)
      }
      await sleep(this.#pollMs)
      const stored = await this.#cache.get<Envelope<T>>(key)
      if (this.#usable(stored)) return { envelope: stored, peer: true }
      if (this.#now() >= deadline) return { envelope: await produce(), peer: false }
    }
  }

  #usable<T>(env: Envelope<T> | undefined): env is Envelope<T> {
    return env !== undefined && typeof env === 'object' && 'at' in env && (env.exp === undefined || env.exp > this.#now())
  }

  #metric(type: 'cacheHit' | 'cacheMiss' | 'lockWait', kind: string): void {
    if (this.#onMetric === undefined) return
    try {
      this.#onMetric({ type, kind })
    } catch {
      // metrics never fail a read
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** `v1:<account>:<kind>:<id>`: the one place keys are made (invalidation builds prefixes the same way). */
export function cacheKey(account: string, kind: string, id: string): string {
  return `${KEY_VERSION}:${account}:${kind}:${id}`
}

export const KEY_VERSION = 'v1'
