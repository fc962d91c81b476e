// Single-flight: concurrent calls for one key share one run of the work. Reusable outside the cache.

export interface Flight<T> {
  promise: Promise<T>
  /** True when this call joined a run that another caller had started. */
  shared: boolean
}

export class SingleFlight {
  readonly #inFlight = new Map<string, Promise<unknown>>()

  /**
   * Runs `work` for `key`, unless a run for `key` is already in flight: then this call joins it and gets the same
   * outcome (value or rejection). The key is free again as soon as the run settles, so a failed run is retried by
   * the next call. A synchronous throw in `work` becomes a rejection.
   */
  run<T>(key: string, work: () => Promise<T>): Flight<T> {
    const running = this.#inFlight.get(key)
    if (running !== undefined) return { promise: running as Promise<T>, shared: true }

    const promise = (async () => work())()
    this.#inFlight.set(key, promise)
    const release = (): void => {
      if (this.#inFlight.get(key) === promise) this.#inFlight.delete(key)
    }
    promise.then(release, release)
    return { promise, shared: false }
  }

  /** Number of keys with a run in flight. */
  get size(): number {
    return this.#inFlight.size
  }
}
