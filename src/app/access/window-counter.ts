// One counter per key and fixed window, for every per-caller limit (the request rate, the AWS-call budget): in Redis,
// so that every replica draws on the same count and a burst cannot overshoot it (INCR is atomic), and in this
// process while Redis does not answer, so that the limits still hold (per replica) during an outage. The first count
// of a window starts it.
import type { LimitsRedis } from './redis-client.js'

// INCR, start the window on the first count, and tell how long it has left.
const COUNT = "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return {c, redis.call('PTTL', KEYS[1])}"

export interface WindowCount {
  /** Counts in this window, this one included. */
  current: number
  /** Milliseconds until the window ends. */
  ttl: number
}

export class WindowCounter {
  readonly #local = new Map<string, { count: number; resetAt: number }>()

  constructor(
    private readonly redis: LimitsRedis | undefined,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async count(key: string, windowMs: number): Promise<WindowCount> {
    const k = `${this.prefix}${key}`
    if (this.redis === undefined || this.redis.status !== 'ready') return this.#countHere(k, windowMs)
    try {
      const [current, ttl] = (await this.redis.eval(COUNT, 1, k, windowMs)) as [number, number]
      return { current, ttl: ttl > 0 ? ttl : windowMs }
    } catch {
      return this.#countHere(k, windowMs)
    }
  }

  #countHere(key: string, windowMs: number): WindowCount {
    const t = this.now()
    let entry = this.#local.get(key)
    if (entry === undefined || entry.resetAt <= t) {
      if (this.#local.size >= 10_000) for (const [k, e] of this.#local) if (e.resetAt <= t) this.#local.delete(k)
      entry = { count: 0, resetAt: t + windowMs }
      this.#local.set(key, entry)
    }
    entry.count++
    return { current: entry.count, ttl: entry.resetAt - t }
  }
}
