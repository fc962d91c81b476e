// Readiness: asks each dependency for its state, bounded in time so that a hung Redis cannot hang /readyz.
import type { DependencyHealth } from '../../routes/decorations.js'
import type { Cache } from '../sources/cache/ports.js'

export const DEFAULT_READINESS_TIMEOUT_MS = 2000

export function dependencyChecker(cache: Cache, timeoutMs: number): () => Promise<Record<string, DependencyHealth>> {
  return async () => ({ cache: await checkCache(cache, timeoutMs) })
}

async function checkCache(cache: Cache, timeoutMs: number): Promise<DependencyHealth> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<DependencyHealth>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, backend: cache.backend, detail: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    )
  })
  try {
    const health = cache.health().then(
      (h): DependencyHealth => ({ ok: h.ok, backend: h.backend, detail: h.detail }),
      (error: unknown): DependencyHealth => ({
        ok: false,
        backend: cache.backend,
        detail: error instanceof Error ? error.message : String(error),
      }),
    )
    return await Promise.race([health, timeout])
  } finally {
    clearTimeout(timer)
  }
}
