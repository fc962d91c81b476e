// The Cache port: what the rest of iamdx may ask of a cache. Two implementations: Redis (ioredis) when
// REDIS_URL is set, and a bounded in-process LRU otherwise. Values are JSON-serializable.

export type CacheEventName =
  | 'hit' // value served from the cache
  | 'miss' // value not cached; loaded
  | 'fallback' // the cache backend failed; the value was loaded directly
  | 'error' // the cache backend failed (a get, set or delete)
  | 'shared' // a concurrent caller waited on an in-flight load for the same key (single-flight)

export interface CacheEvent {
  name: CacheEventName
  backend: 'redis' | 'memory'
  /** The operation that raised it, e.g. 'get', 'set', 'deletePrefix'. */
  op?: string
}

export interface CacheHealth {
  backend: 'redis' | 'memory'
  ok: boolean
  /** For a person: "connected", "connection refused 127.0.0.1:6379", "1234 entries of 10000". */
  detail: string
}

export interface LoadResult<T> {
  value: T
  /** 'cache': served from the cache; 'loaded': loaded and stored; 'fallback': loaded because the cache failed. */
  source: 'cache' | 'loaded' | 'fallback'
}

export interface Cache {
  readonly backend: 'redis' | 'memory'
  get<T>(key: string): Promise<T | undefined>
  set<T>(key: string, value: T, ttlSeconds?: number): Promise<void>
  delete(key: string): Promise<void>
  /** Deletes every key that starts with prefix; returns how many were deleted. */
  deletePrefix(prefix: string): Promise<number>
  /**
   * Get, or load and store. Concurrent misses for one key in this process share one load (single-flight).
   * A failing backend never fails the call: the value is loaded directly and `source` is 'fallback'.
   * A failing `load` rejects every waiter with its error and stores nothing.
   */
  getOrLoad<T>(key: string, load: () => Promise<T>, ttlSeconds?: number): Promise<LoadResult<T>>
  health(): Promise<CacheHealth>
  close(): Promise<void>
  /**
   * A short lock shared by every process using the same backend (Redis: SET NX PX), for single-flight across
   * replicas. Optional: a cache without it (a test double) makes callers fall back to in-process single-flight.
   */
  readonly lock?: CacheLock
}

/** The outcome of one attempt to take a lock. 'unavailable': the backend failed, so nobody can coordinate. */
export type LockAttempt = { state: 'acquired'; token: string } | { state: 'held' } | { state: 'unavailable' }

export interface CacheLock {
  /** Takes `key` for ttlMs unless someone holds it. The key is namespaced apart from cached values. */
  acquire(key: string, ttlMs: number): Promise<LockAttempt>
  /** Releases `key` only when it still holds `token` (a lock that expired and was retaken is left alone). */
  release(key: string, token: string): Promise<void>
}

export interface CacheOptions {
  /** redis://host:port/db; when absent the in-memory LRU is used. */
  redisUrl?: string
  /** host:port of Redis Cluster nodes (REDIS_CLUSTER_NODES); takes precedence over redisUrl. */
  redisClusterNodes?: string[]
  /** Default TTL for set/getOrLoad. */
  ttlSeconds: number
  /** Bound of the in-memory LRU (entries). */
  maxEntries?: number
  /** Prefix put before every key (namespacing several apps or tests on one Redis). */
  keyPrefix?: string
  /** Called for every cache event (the app turns them into metrics). */
  onEvent?: (event: CacheEvent) => void
}
