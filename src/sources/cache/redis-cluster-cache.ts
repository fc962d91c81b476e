// The Redis Cluster backend (ioredis Cluster, REDIS_CLUSTER_NODES=host:port,host:port,…): the same behaviour as the
// single-node RedisStore (redis-cache.ts) on a sharded keyspace. Single-key commands are routed by ioredis; the one
// multi-node operation is deletePrefix, which SCANs every master and UNLINKs key by key (keys of one SCAN page may
// hash to different slots, and a multi-key UNLINK across slots fails with CROSSSLOT).
//
// Failure behaviour matches redis-cache.ts: no offline queue (commands fail at once while the cluster is
// unreachable), a command timeout, one retry per command, and reconnection in the background forever.

import { Cluster, type Redis } from 'ioredis'
import { describeError } from './errors.js'
import type { CacheEvent, CacheHealth } from './ports.js'
import { COMPARE_AND_DELETE, escapeGlob, firstConnectionSettled, withTimeout } from './redis-cache.js'
import type { CacheStore } from './store.js'
import { StoreCache, ttlToMs } from './store-cache.js'

export interface RedisClusterStoreOptions {
  /** Seed nodes, host:port. */
  nodes: string[]
  connectTimeoutMs?: number
  commandTimeoutMs?: number
  maxReconnectDelayMs?: number
  healthTimeoutMs?: number
  scanCount?: number
}

/** "host:port" → { host, port }; throws RangeError on anything else. */
export function parseClusterNodes(nodes: string[]): Array<{ host: string; port: number }> {
  if (nodes.length === 0) throw new RangeError('REDIS_CLUSTER_NODES needs at least one host:port')
  return nodes.map((n) => {
    const m = /^\[?([^\]\s]+?)\]?:(\d{1,5})$/.exec(n.trim())
    const port = m === null ? NaN : Number(m[2])
    if (m === null || port < 1 || port > 65535) throw new RangeError(`not a host:port: ${JSON.stringify(n)}`)
    return { host: m[1], port }
  })
}

export class RedisClusterStore implements CacheStore {
  readonly backend = 'redis' as const
  readonly #client: Cluster
  readonly #healthTimeoutMs: number
  readonly #scanCount: number
  readonly #firstConnection: Promise<void>
  #lastError: unknown
  #closing: Promise<void> | undefined

  constructor(opts: RedisClusterStoreOptions) {
    const nodes = parseClusterNodes(opts.nodes)
    const connectTimeoutMs = opts.connectTimeoutMs ?? 1500
    const maxReconnectDelayMs = opts.maxReconnectDelayMs ?? 2000
    this.#healthTimeoutMs = opts.healthTimeoutMs ?? 1000
    this.#scanCount = opts.scanCount ?? 500
    this.#client = new Cluster(nodes, {
      enableOfflineQueue: false,
      // 100, 200, 400, ... ms, capped; never gives up.
      clusterRetryStrategy: (times) => Math.min(100 * 2 ** Math.min(times - 1, 16), maxReconnectDelayMs),
      slotsRefreshTimeout: connectTimeoutMs,
      redisOptions: {
        connectTimeout: connectTimeoutMs,
        commandTimeout: opts.commandTimeoutMs ?? 1000,
        maxRetriesPerRequest: 1,
        disconnectTimeout: 500,
      },
    })
    this.#client.on('error', (err: unknown) => {
      this.#lastError = err
    })
    this.#client.on('ready', () => {
      this.#lastError = undefined
    })
    this.#firstConnection = firstConnectionSettled(this.#client, connectTimeoutMs + 1000)
  }

  async get(key: string): Promise<string | undefined> {
    await this.#firstConnection
    return (await this.#client.get(key)) ?? undefined
  }

  async set(key: string, json: string, ttlMs: number): Promise<void> {
    await this.#firstConnection
    if (ttlMs % 1000 === 0) await this.#client.set(key, json, 'EX', ttlMs / 1000)
    else await this.#client.set(key, json, 'PX', ttlMs)
  }

  async delete(key: string): Promise<void> {
    await this.#firstConnection
    await this.#client.del(key)
  }

  async setIfAbsent(key: string, json: string, ttlMs: number): Promise<boolean> {
    await this.#firstConnection
    return (await this.#client.set(key, json, 'PX', ttlMs, 'NX')) === 'OK'
  }

  async deleteIfValue(key: string, json: string): Promise<boolean> {
    await this.#firstConnection
    return (await this.#client.eval(COMPARE_AND_DELETE, 1, key, json)) === 1
  }

  /** SCAN MATCH <escaped prefix>* on every master, UNLINK each key on the node that holds it. */
  async deletePrefix(prefix: string): Promise<number> {
    await this.#firstConnection
    if (this.#client.status !== 'ready') throw new Error(`cluster not ready (${this.#client.status})`)
    const masters = this.#client.nodes('master')
    if (masters.length === 0) throw new Error('no master node known')
    const counts = await Promise.all(masters.map((node) => this.#deleteOn(node, `${escapeGlob(prefix)}*`)))
    return counts.reduce((a, b) => a + b, 0)
  }

  async #deleteOn(node: Redis, pattern: string): Promise<number> {
    let cursor = '0'
    let deleted = 0
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', this.#scanCount)
      cursor = next
      if (keys.length > 0) {
        const pipeline = node.pipeline()
        for (const key of keys) pipeline.unlink(key)
        for (const [err, n] of (await pipeline.exec()) ?? []) {
          if (err) throw err
          deleted += Number(n)
        }
      }
    } while (cursor !== '0')
    return deleted
  }

  async health(): Promise<CacheHealth> {
    if (this.#closing !== undefined) return { backend: 'redis', ok: false, detail: 'closed' }
    await this.#firstConnection
    if (this.#client.status !== 'ready') {
      const why = this.#lastError === undefined ? 'cluster not reachable' : describeError(this.#lastError)
      return { backend: 'redis', ok: false, detail: `${why} (${this.#client.status})` }
    }
    try {
      const masters = this.#client.nodes('master')
      await withTimeout(Promise.all(masters.map((n) => n.ping())), this.#healthTimeoutMs, 'PING')
      return { backend: 'redis', ok: true, detail: `cluster connected (${masters.length} masters)` }
    } catch (err) {
      return { backend: 'redis', ok: false, detail: describeError(err) }
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown()
    return this.#closing
  }

  async #shutdown(): Promise<void> {
    const client = this.#client
    if (client.status === 'end') return
    if (client.status !== 'ready') {
      client.disconnect()
      return
    }
    const ended = new Promise<void>((resolve) => client.once('end', resolve))
    try {
      await withTimeout(client.quit(), 1000, 'QUIT')
    } catch {
      client.disconnect()
    }
    await withTimeout(ended, 1500, 'close').catch(() => undefined)
  }
}


export interface RedisClusterCacheOptions extends Omit<RedisClusterStoreOptions, 'nodes'> {
  nodes: string[]
  ttlSeconds: number
  keyPrefix?: string
  onEvent?: (event: CacheEvent) => void
}

/** The Cache port on a Redis Cluster. */
export class RedisClusterCache extends StoreCache {
  constructor(opts: RedisClusterCacheOptions) {
    ttlToMs(opts.ttlSeconds, 'ttlSeconds') // before any socket exists
    const { ttlSeconds, keyPrefix, onEvent, ...store } = opts
    super(new RedisClusterStore(store), { ttlSeconds, keyPrefix, onEvent })
  }
}
