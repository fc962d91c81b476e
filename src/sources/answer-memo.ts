// A short-lived memo of whole answers in this process, in front of the cache: a warm request then costs one Map
// lookup instead of one cache read per policy, and returns the very same (frozen) PolicySet object, so that the
// engine's per-object preparation is reused too. Only complete answers are kept (nothing unavailable, the cache
// up). Invalidation through this process clears it at once; other replicas keep theirs for at most ttlMs.

import type { PolicyAnswer, PolicyQuery } from './ports.js'

export class AnswerMemo {
  readonly #entries = new Map<string, { answer: PolicyAnswer; until: number }>()

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  static key(q: PolicyQuery): string {
    return JSON.stringify([q.principal, q.resource ?? '', q.action ?? '', q.resourceAccount ?? ''])
  }

  get(key: string): PolicyAnswer | undefined {
    const e = this.#entries.get(key)
    if (e === undefined) return undefined
    if (e.until <= this.now()) {
      this.#entries.delete(key)
      return undefined
    }
    return e.answer
  }

  /** Keeps the answer as later requests will see it: every policy served from cache. Returns it (frozen). */
  set(key: string, answer: PolicyAnswer): void {
    if (this.ttlMs <= 0 || answer.unavailable.length > 0 || answer.warnings.some((w) => w.code === 'CACHE_UNAVAILABLE')) return
    const served: PolicyAnswer = { ...answer, provenance: answer.provenance.map((p) => ({ ...p, fromCache: true })) }
    this.#entries.delete(key)
    this.#entries.set(key, { answer: deepFreeze(served), until: this.now() + this.ttlMs })
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string)
  }

  clear(): void {
    this.#entries.clear()
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}
