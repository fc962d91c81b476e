// The request-rate counters of @fastify/rate-limit (its `store` option), kept by a WindowCounter: in Redis, so that
// every replica shares each caller's count, and in this process while Redis does not answer.
import type { LimitsRedis } from './redis-client.js'
import { WindowCounter } from './window-counter.js'

type Done = (error: Error | null, result?: { current: number; ttl: number }) => void

export interface RateStore {
  incr(key: string, done: Done, timeWindow: number, max: number): void
  child(routeOptions: unknown): RateStore
}

export function rateStore(redis: LimitsRedis | undefined, prefix: string, now: () => number = Date.now): new (params: unknown) => RateStore {
  const counter = new WindowCounter(redis, prefix, now)
  return class Store implements RateStore {
    incr(key: string, done: Done, timeWindow: number): void {
      counter.count(key, timeWindow).then((result) => done(null, result), done)
    }
    child(): RateStore {
      return this
    }
  }
}
