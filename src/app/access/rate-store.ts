// The request-rate counters of @fastify/rate-limit (its `store` option): in Redis, so that every replica shares each
// caller's count, and in this process while Redis does not answer, so that the limits still hold (per replica)
// during an outage instead of lapsing. Fixed windows: the first request of a window starts it.
import type { LimitsRedis } from './redis-client.js'

type Done = (error: Error | null, result?: { current: number; ttl: number }) => void

// INCR, start the window on the first count, and tell how long it has left.
const COUNT = "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return {c, redis.call('PTTL', KEYS[1])}"

export interface RateStore {
  incr(key: string, done: Done, timeWindow: number, max: number): void
  child(routeOptions: unknown): RateStore
}

export function rateStore(redis: LimitsRedis | undefined, prefix: string, now: () => number = Date.now): new (params: unknown) => RateStore {
  const local = new Map<string, { count: number; resetAt: number }>()
  const countHere = (key: string, timeWindow: number) => {
    const t = now()
    let entry = local.get(key)
    if (entry === undefined || entry.resetAt <= t) {
      if (local.size >= 10_000) for (const [k, e] of local) if (e.resetAt <= t) local.delete(k)
      entry = { count: 0, resetAt: t + timeWindow }
      local.set(key, entry)
    }
    entry.count++
    return { current: entry.count, ttl: entry.resetAt - t }
  }
  return class Store implements RateStore {
    incr(key: string, done: Done, timeWindow: number): void {
      const k = `${prefix}${key}`
      if (redis === undefined || redis.status !== 'ready') {
        done(null, countHere(k, timeWindow))
        return
      }
      ;(redis.eval(COUNT, 1, k, timeWindow) as Promise<[number, number]>).then(
        ([current, ttl]) => done(null, { current, ttl: ttl > 0 ? ttl : timeWindow }),
        () => done(null, countHere(k, timeWindow)),
      )
    }
    child(): RateStore {
      return this
    }
  }
}
