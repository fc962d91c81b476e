// Each caller's budget of AWS API calls per minute (issue 7): one noisy tool cannot spend the organization's IAM
// API quota for everyone. Every AWS call the sources are about to make asks `admit` (src/sources/aws/caller.ts);
// the call is charged to the caller on whose behalf the code runs (`onBehalfOf`, an AsyncLocalStorage context the
// routes enter around a look-up). Cache hits make no call and cost nothing.
//
// Counting: a one-minute window per caller in a WindowCounter (Redis, so that every replica draws on the same budget
// and a burst cannot overshoot it: each call is counted before it is made; this replica's own count while Redis does
// not answer).
import { AsyncLocalStorage } from 'node:async_hooks'
import type { AwsCallRefusal } from '../../sources/index.js'
import type { LimitsRedis } from './redis-client.js'
import { WindowCounter } from './window-counter.js'

const WINDOW_MS = 60_000

export interface AwsBudgetOptions {
  redis?: LimitsRedis
  /** Prefix of the counters' keys (CACHE_KEY_PREFIX). */
  keyPrefix: string
  now?: () => number
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
  readonly #counter: WindowCounter
  readonly #onCharge: AwsBudgetOptions['onCharge']

  constructor(opts: AwsBudgetOptions) {
    this.#counter = new WindowCounter(opts.redis, `${opts.keyPrefix}limits:aws:`, opts.now)
    this.#onCharge = opts.onCharge
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
    const { current, ttl } = await this.#counter.count(caller, WINDOW_MS)
    this.#onCharge?.(caller, current <= limit ? 'admitted' : 'refused')
    if (current <= limit) return undefined
    const retryAfterSeconds = Math.max(1, Math.ceil(ttl / 1000))
    return {
      message: `The budget of AWS calls for caller ${caller} is spent (${limit} per minute): ${action} was not made. It refills in ${retryAfterSeconds} s; cached answers are still served.`,
      retryAfterSeconds,
    }
  }
}
