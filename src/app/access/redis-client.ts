// The Redis connection of the access limits (request rate, AWS budget): its own client, so that a slow policy read
// never queues behind a limit check or the other way round. Short timeouts and no offline queue: when Redis does not
// answer, a limit check fails fast and the limits fall back (see limits.ts) instead of holding the request.
import { Cluster, Redis } from 'ioredis'
import { parseClusterNodes } from '../../sources/cache/index.js'

export type LimitsRedis = Redis | Cluster

export function limitsRedis(opts: { redisUrl?: string; redisClusterNodes?: string[] }): LimitsRedis | undefined {
  const tuning = { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500, connectTimeout: 2000 }
  if (opts.redisClusterNodes !== undefined && opts.redisClusterNodes.length > 0) {
    return new Cluster(parseClusterNodes(opts.redisClusterNodes), { enableOfflineQueue: false, redisOptions: tuning })
  }
  if (opts.redisUrl !== undefined) return new Redis(opts.redisUrl, tuning)
  return undefined
}
