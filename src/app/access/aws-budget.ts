// Each caller's budget of AWS API calls per minute (issue 7): one noisy tool cannot spend the organization's IAM
// API quota for everyone. Every AWS call the sources are about to make asks `admit` (src/sources/aws/caller.ts);
// the call is charged to the caller on whose behalf the code runs (`onBehalfOf`, an AsyncLocalStorage context the
// routes enter around a look-up). Cache hits make no call and cost nothing.
//
// Counting: a fixed window per calendar minute, one counter per caller and window, INCR in Redis, so that every
// replica draws on the same budget and a burst cannot overshoot it (each call is counted before it is made). When
// Redis does not answer, this replica counts on its own until it does.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { AwsCallRefusal } from '../../sources/index.js'
import type { LimitsRedis } from './redis-client.js'

const WINDOW_MS = 60_000

export interface AwsBudgetOptions {
  redis?: LimitsRedis
  /** Prefix of the counters' keys (CACHE_KEY_PREFIX). */
  keyPrefix: string
  now?: () => number
  /** Told when Redis fails and the count falls back to this replica's own. */
  onFallback?: (error: unknown) => void
  /** Told of every call asked about on a caller's behalf: made (admitted) or not (refused). */
  onCharge?: (caller: string, outcome: 'admitted' | 'refused') => void
}

/** Whose budget a look-up spends: the caller's name and its AWS calls per minute. */
export interface BudgetHolder {
  name: string
  perMinute: number
}

export class AwsBudget {
  readonly #als = new AsyncLocalStorage<BudgetHolder>()
  readonly #local = new Map<string, number>()
  readonly #opts: AwsBudgetOptions
  readonly #now: () => number

  constructor(opts: AwsBudgetOptions) {
    this.#opts = opts
    this.#now = opts.now ?? Date.now
  }

  /** Runs `work` with its AWS calls charged to `caller`. */
  onBehalfOf<T>(caller: BudgetHolder, work: () => Promise<T>): Promise<T> {
    return this.#als.run(caller, work)
  }

  /** The sources' gate: undefined lets the call through; a refusal names the caller, the budget and when it refills. */
  readonly admit = async (action: string): Promise<AwsCallRefusal | undefined> => {
    const holder = this.#als.getStore()
    if (holder === undefined) return undefined // not on behalf of a request (start-up, background work)
    const { name: caller, perMinute: limit } = holder
    const now = this.#now()
    const window = Math.floor(now / WINDOW_MS)
    const used = await this.#count(`${this.#opts.keyPrefix}limits:aws:${caller}:${window}`)
    this.#opts.onCharge?.(caller, used <= limit ? 'admitted' : 'refused')
    if (used <= limit) return undefined
    const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000))
    return {
      message: `The budget of AWS calls for caller ${caller} is spent (${limit} per minute): ${action} was not made. It refills in ${retryAfterSeconds} s; cached answers are still served.`,
      retryAfterSeconds,
    }
  }

  async #count(key: string): Promise<number> {
    const redis = this.#opts.redis
    if (redis !== undefined && redis.status === 'ready') {
      try {
        const out = await redis.multi().incr(key).pexpire(key, 2 * WINDOW_MS).exec()
        const n = out?.[0]?.[1]
        if (typeof n === 'number') return n
      } catch (error) {
        this.#opts.onFallback?.(error)
      }
    }
    return this.#countHere(key)
  }

  #countHere(key: string): number {
    const n = (this.#local.get(key) ?? 0) + 1
    this.#local.set(key, n)
    if (this.#local.size > 10_000) {
      // Old windows: keep the map bounded (keys end with their window number).
      const current = Math.floor(this.#now() / WINDOW_MS)
      for (const k of this.#local.keys()) if (Number(k.slice(k.lastIndexOf(':') + 1)) < current) this.#local.delete(k)
    }
    return n
  }
}
