// The cache: the Cache port and its two backends. createCache picks Redis when a URL is given, else the LRU.

import type { Cache, CacheOptions } from './ports.js'
import { MemoryCache } from './memory-cache.js'
import { RedisCache } from './redis-cache.js'
import { RedisClusterCache } from './redis-cluster-cache.js'

export * from './ports.js'
export { CacheUnavailableError } from './errors.js'
export { SingleFlight, type Flight } from './single-flight.js'
export { MemoryCache, MemoryStore, createMemoryCache, DEFAULT_MAX_ENTRIES } from './memory-cache.js'
export type { MemoryCacheOptions, MemoryStoreOptions } from './memory-cache.js'
export { RedisCache, RedisStore, createRedisCache, escapeGlob } from './redis-cache.js'
export type { RedisCacheOptions, RedisStoreOptions } from './redis-cache.js'
export { RedisClusterCache, RedisClusterStore, parseClusterNodes } from './redis-cluster-cache.js'
export type { RedisClusterCacheOptions, RedisClusterStoreOptions } from './redis-cluster-cache.js'

/**
 * A Redis Cluster when opts.redisClusterNodes is non-empty, else Redis (ioredis) when opts.redisUrl is a non-empty
 * string, else the in-process LRU. Throws RangeError on a
 * ttlSeconds that is not a positive number or a maxEntries that is not a positive integer.
 * Redis failures never make get/set/delete/getOrLoad fail (see store-cache.ts); deletePrefix rejects with
 * CacheUnavailableError so an invalidation cannot fail silently.
 */
export function createCache(opts: CacheOptions): Cache {
  const { redisUrl, redisClusterNodes, ttlSeconds, maxEntries, keyPrefix, onEvent } = opts
  if (redisClusterNodes !== undefined && redisClusterNodes.length > 0) {
    return new RedisClusterCache({ nodes: redisClusterNodes, ttlSeconds, keyPrefix, onEvent })
  }
  if (redisUrl !== undefined && redisUrl !== '') {
    return new RedisCache({ redisUrl, ttlSeconds, keyPrefix, onEvent })
  }
  return new MemoryCache({ ttlSeconds, maxEntries, keyPrefix, onEvent })
}
