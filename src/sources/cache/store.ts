// The small storage interface both backends implement. Unlike the Cache port, every method here rejects when the
// backend fails; StoreCache (store-cache.ts) turns those failures into the port's degrade-don't-fail behaviour.

import type { CacheHealth } from './ports.js'

export interface CacheStore {
  readonly backend: 'redis' | 'memory'
  /** The stored JSON text, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>
  /** Stores JSON text for ttlMs milliseconds (a positive integer). */
  set(key: string, json: string, ttlMs: number): Promise<void>
  delete(key: string): Promise<void>
  /** Deletes every key starting with prefix (matched literally); resolves to how many were deleted. */
  deletePrefix(prefix: string): Promise<number>
  health(): Promise<CacheHealth>
  close(): Promise<void>
  /** Stores json only when key is absent (SET NX PX); true when stored. Optional (locks). */
  setIfAbsent?(key: string, json: string, ttlMs: number): Promise<boolean>
  /** Deletes key only when it holds exactly json (compare-and-delete); true when deleted. Optional (locks). */
  deleteIfValue?(key: string, json: string): Promise<boolean>
}
