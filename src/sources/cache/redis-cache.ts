// The Redis backend (ioredis 6). Keys are prefixed by StoreCache, not by ioredis' keyPrefix, so SCAN patterns and
// the keys we read and write are the same strings.
//
// A dead or hung Redis must neither fail nor hang a request:
// - enableOfflineQueue: false → while disconnected, commands reject at once instead of queueing;
// - commandTimeout → a Redis that accepts but never answers cannot hold a request for long;
// - maxRetriesPerRequest: 1 → a command caught by a dropped connection is failed after one reconnect attempt;
// - retryStrategy with capped backoff → the client keeps reconnecting in the background, so the service recovers
//   by itself when Redis returns (no restart);
// - an 'error' listener → no "[ioredis] Unhandled error event" spam; the last error feeds health().
// Only the very first connection is waited for (bounded by the connect timeout), so a freshly started service
// uses a reachable Redis from its first request instead of falling back while the socket opens.

import { Redis } from 'ioredis'
import { describeError } from './errors.js'
import type { CacheEvent, CacheHealth } from './ports.js'
import type { CacheStore } from './store.js'
import { StoreCache, ttlToMs } from './store-cache.js'

export interface RedisStoreOptions {
  /** redis://[user:password@]host:port[/db] */
  url: string
  /** Time to open a connection before giving up on this attempt. Default 1500 ms. */
  connectTimeoutMs?: number
  /** Time a command may take before it fails. Default 1000 ms. */
  commandTimeoutMs?: number
  /** Upper bound of the reconnect backoff. Default 2000 ms. */
  maxReconnectDelayMs?: number
  /** Time health() waits for PING. Default 1000 ms. */
  healthTimeoutMs?: number
  /** COUNT hint for SCAN and size of each UNLINK batch in deletePrefix. Default 500. */
  scanCount?: number
}

export class RedisStore implements CacheStore {
  readonly backend = 'redis' as const
  readonly #client: Redis
  readonly #healthTimeoutMs: number
  readonly #scanCount: number
  readonly #firstConnection: Promise<void>
  #lastError: unknown
  #closing: Promise<void> | undefined

  constructor(opts: RedisStoreOptions) {
    const connectTimeoutMs = opts.connectTimeoutMs ?? 1500
    const maxReconnectDelayMs = opts.maxReconnectDelayMs ?? 2000
    this.#healthTimeoutMs = opts.healthTimeoutMs ?? 1000
    this.#scanCount = opts.scanCount ?? 500
    this.#client = new Redis(opts.url, {
      connectTimeout: connectTimeoutMs,
      commandTimeout: opts.commandTimeoutMs ?? 1000,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      disconnectTimeout: 500,
      // 100, 200, 400, ... ms, capped; never gives up.
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times - 1, 16), maxReconnectDelayMs),
    })
    this.#client.on('error', (err: unknown) => {
      this.#lastError = err
    })
    this.#client.on('ready', () => {
      this.#lastError = undefined
    })
    this.#firstConnection = firstConnectionSettled(this.#client, connectTimeoutMs + 500)
  }

  async get(key: string): Promise<string | undefined> {
    await this.#firstConnection
    const value = await this.#client.get(key)
    return value ?? undefined
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

  /** SCAN MATCH <escaped prefix>* and UNLINK each page. Rejects on the first failing command. */
  async deletePrefix(prefix: string): Promise<number> {
    await this.#firstConnection
    const pattern = `${escapeGlob(prefix)}*`
    let cursor = '0'
    let deleted = 0
    do {
      const [next, keys] = await this.#client.scan(cursor, 'MATCH', pattern, 'COUNT', this.#scanCount)
      cursor = next
      // UNLINK counts only keys it removed, so a key SCAN returned twice is counted once.
      if (keys.length > 0) deleted += await this.#client.unlink(...keys)
    } while (cursor !== '0')
    return deleted
  }

  async health(): Promise<CacheHealth> {
    if (this.#closing !== undefined) return { backend: 'redis', ok: false, detail: 'closed' }
    await this.#firstConnection
    if (this.#client.status !== 'ready') {
      const why = this.#lastError === undefined ? 'connection lost' : describeError(this.#lastError)
      return { backend: 'redis', ok: false, detail: `${why} (${this.#client.status})` }
    }
    try {
      await withTimeout(this.#client.ping(), this.#healthTimeoutMs, 'PING')
      return { backend: 'redis', ok: true, detail: 'connected' }
    } catch (err) {
      return { backend: 'redis', ok: false, detail: describeError(err) }
    }
  }

  /** QUIT (DISCONNECT if it does not answer in time); idempotent. Resolves once the socket is closed. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown()
    return this.#closing
  }

  async #shutdown(): Promise<void> {
    const client = this.#client
    // 'reconnecting' has no socket, only a timer that disconnect() clears; ioredis then never emits 'end'.
    if (client.status === 'end') return
    if (client.status === 'reconnecting' || client.status === 'close') {
      client.disconnect()
      return
    }
    const ended = new Promise<void>((resolve) => client.once('end', resolve))
    if (client.status === 'ready') {
      try {
        await withTimeout(client.quit(), 1000, 'QUIT')
      } catch {
        client.disconnect()
      }
    } else {
      client.disconnect()
    }
    // A socket to a hung server is destroyed after disconnectTimeout (500 ms); do not wait much longer.
    await withTimeout(ended, 1500, 'close').catch(() => undefined)
  }
}

/** Deletes KEYS[1] only when it holds ARGV[1], atomically (a lock released by its holder only). */
export const COMPARE_AND_DELETE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end"

/** Escapes Redis glob characters (* ? [ ] \) so the prefix matches literally. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`)
}

/** Resolves on the first 'ready', 'error' or 'end' of a new client (Redis or Cluster), or after timeoutMs; never rejects. */
export function firstConnectionSettled(client: { on(event: string, fn: () => void): unknown; off(event: string, fn: () => void): unknown }, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      client.off('ready', done)
      client.off('error', done)
      client.off('end', done)
      resolve()
    }
    const timer = setTimeout(done, timeoutMs)
    client.on('ready', done)
    client.on('error', done)
    client.on('end', done)
  })
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (err: unknown) => {
        clearTimeout(timer)
        reject(err)
      },
    )
  })
}

export interface RedisCacheOptions extends Omit<RedisStoreOptions, 'url'> {
  redisUrl: string
  ttlSeconds: number
  keyPrefix?: string
  onEvent?: (event: CacheEvent) => void
}

/** The Cache port on Redis. */
export class RedisCache extends StoreCache {
  constructor(opts: RedisCacheOptions) {
    super(newStore(opts), { ttlSeconds: opts.ttlSeconds, keyPrefix: opts.keyPrefix, onEvent: opts.onEvent })
  }
}

/** Validates the options before a client (and its socket) exists, so a bad TTL cannot leak a connection. */
function newStore(opts: RedisCacheOptions): RedisStore {
  ttlToMs(opts.ttlSeconds, 'ttlSeconds')
  const { redisUrl, ttlSeconds: _ttl, keyPrefix: _prefix, onEvent: _onEvent, ...tuning } = opts
  return new RedisStore({ ...tuning, url: redisUrl })
}

export function createRedisCache(opts: RedisCacheOptions): RedisCache {
  return new RedisCache(opts)
}
