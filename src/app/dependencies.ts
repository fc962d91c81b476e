// Readiness: asks each dependency for its state, bounded in time so that a hung Redis cannot hang /readyz.
import type { CatalogProvider, DependencyHealth } from '../../routes/decorations.js'
import type { Cache } from '../sources/cache/index.js'
import { catalogError } from './catalog-provider.js'

export const DEFAULT_READINESS_TIMEOUT_MS = 2000

export function dependencyChecker(cache: Cache, catalog: CatalogProvider, timeoutMs: number): () => Promise<Record<string, DependencyHealth>> {
  return async () => ({ cache: await checkCache(cache, timeoutMs), catalog: checkCatalog(catalog) })
}

/** The service authorization reference: loaded (with its data version), loading, or failed to load. */
function checkCatalog(catalog: CatalogProvider): DependencyHealth {
  const c = catalog.loaded()
  if (c) return { ok: true, detail: `service authorization reference ${c.dataVersion} loaded` }
  const failed = catalogError()
  if (failed) return { ok: false, detail: `service authorization reference failed to load: ${failed}` }
  return { ok: true, detail: 'service authorization reference not loaded yet (loads at start and on first use)' }
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
