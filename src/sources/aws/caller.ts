// One place every SDK call passes: a concurrency limit per account (AWS throttles per account and API), a timeout
// per call (retries included), an AWS-call counter per operation, and errors turned into AwsFailure values.

import type { SourceMetricsCallback } from '../ports.js'
import { AwsFailure, toFailure } from './errors.js'

export interface CallerOptions {
  /** Most SDK calls in flight per account. Default 8. */
  concurrencyPerAccount?: number
  /** Time one call may take, retries included. Default 10,000 ms. */
  callTimeoutMs?: number
  onMetric?: SourceMetricsCallback
  /**
   * Asked before every SDK call: undefined lets it through; a refusal refuses it (the read fails as `budget`, is
   * never cached, and nothing reaches AWS). The app uses it for each caller's budget of AWS calls.
   */
  admit?: AdmitAwsCall
}

export interface AwsCallRefusal {
  message: string
  /** When the budget has room again. */
  retryAfterSeconds: number
}

export type AdmitAwsCall = (action: string, account: string) => Promise<AwsCallRefusal | undefined> | AwsCallRefusal | undefined

export interface CallInfo {
  /** The account whose credentials make the call (the organization role's account for Organizations). */
  account: string
  /** The IAM action the call needs, e.g. iam:GetRolePolicy (named in AccessDenied failures). */
  action: string
  /** What is read, for messages: "role app-role". */
  target: string
}

class Semaphore {
  #free: number
  readonly #queue: Array<() => void> = []
  constructor(size: number) {
    this.#free = size
  }
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--
    else await new Promise<void>((resolve) => this.#queue.push(resolve))
    try {
      return await work()
    } finally {
      const next = this.#queue.shift()
      if (next !== undefined) next()
      else this.#free++
    }
  }
}

export class AwsCaller {
  readonly #limit: number
  readonly #timeoutMs: number
  readonly #onMetric: SourceMetricsCallback | undefined
  readonly #perAccount = new Map<string, Semaphore>()
  readonly #admit: AdmitAwsCall | undefined

  constructor(opts: CallerOptions = {}) {
    this.#limit = opts.concurrencyPerAccount ?? 8
    this.#timeoutMs = opts.callTimeoutMs ?? 10_000
    this.#onMetric = opts.onMetric
    this.#admit = opts.admit
  }

  /** Runs one SDK call; rejects only with AwsFailure. */
  async call<T>(info: CallInfo, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const refused = this.#admit === undefined ? undefined : await this.#admit(info.action, info.account)
    if (refused !== undefined) {
      this.#count(info.action, 'budget')
      throw new AwsFailure({ why: 'budget', action: info.action, account: info.account, message: refused.message, retryAfterSeconds: refused.retryAfterSeconds })
    }
    let sem = this.#perAccount.get(info.account)
    if (sem === undefined) this.#perAccount.set(info.account, (sem = new Semaphore(this.#limit)))
    return sem.run(async () => {
      try {
        const out = await send(AbortSignal.timeout(this.#timeoutMs))
        this.#count(info.action, 'ok')
        return out
      } catch (err) {
        const failure = toFailure(timeoutAware(err, this.#timeoutMs), info.action, info.account, info.target)
        // A failure of the credentials (sts:AssumeRole) was counted where it happened.
        if (!(err instanceof AwsFailure)) this.#count(info.action, failure.why)
        throw new AwsFailure(failure, { cause: err })
      }
    })
  }

  /** Counts a call made outside call() (the credential provider's AssumeRole). */
  count(action: string, outcome: 'ok' | AwsFailure['failure']['why']): void {
    this.#count(action, outcome)
  }

  #count(operation: string, outcome: 'ok' | AwsFailure['failure']['why']): void {
    if (this.#onMetric === undefined) return
    try {
      this.#onMetric({ type: 'awsCall', operation, outcome })
    } catch {
      // metrics never fail a read
    }
  }
}

function timeoutAware(err: unknown, ms: number): unknown {
  const name = (err as { name?: string } | undefined)?.name
  if (name === 'AbortError' || name === 'TimeoutError') return new Error(`no answer within ${ms} ms`)
  return err
}
