// Records cache events so tests can assert on them.

import type { CacheEvent, CacheEventName } from '../../../src/sources/cache/index.js'

export interface EventLog {
  events: CacheEvent[]
  onEvent: (event: CacheEvent) => void
  count: (name: CacheEventName, op?: string) => number
  clear: () => void
}

export function eventLog(): EventLog {
  const events: CacheEvent[] = []
  return {
    events,
    onEvent: (event) => {
      events.push(event)
    },
    count: (name, op) => events.filter((e) => e.name === name && (op === undefined || e.op === op)).length,
    clear: () => {
      events.length = 0
    },
  }
}

/** A promise with its resolve/reject exposed, to hold a load open while other callers arrive. */
export interface Deferred<T> {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (err: unknown) => void
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (err: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Lets pending promise callbacks (and a few I/O turns) run. */
export function settle(ms = 20): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Waits (bounded by timeoutMs) until condition() holds; rejects when it never does. */
export async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
