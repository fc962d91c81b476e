// A Cache test double whose health() the test controls (to reach /readyz states a real Redis cannot
// produce on demand, such as a health check that never answers). Storage is a plain Map.
import type { Cache, CacheHealth, LoadResult } from '../../src/sources/cache/ports.js'

export class FakeCache implements Cache {
  readonly backend: 'redis' | 'memory'
  closed = 0
  health: () => Promise<CacheHealth>
  readonly #map = new Map<string, unknown>()

  constructor(backend: 'redis' | 'memory', health: () => Promise<CacheHealth>) {
    this.backend = backend
    this.health = health
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.#map.get(key) as T | undefined
  }
  async set<T>(key: string, value: T): Promise<void> {
    this.#map.set(key, value)
  }
  async delete(key: string): Promise<void> {
    this.#map.delete(key)
  }
  async deletePrefix(prefix: string): Promise<number> {
    let n = 0
    for (const key of [...this.#map.keys()]) if (key.startsWith(prefix) && this.#map.delete(key)) n++
    return n
  }
  async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<LoadResult<T>> {
    if (this.#map.has(key)) return { value: this.#map.get(key) as T, source: 'cache' }
    const value = await load()
    this.#map.set(key, value)
    return { value, source: 'loaded' }
  }
  async close(): Promise<void> {
    this.closed++
  }
}
