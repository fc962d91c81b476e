// The process's one service authorization reference: loaded on first use (the server asks right after it
// listens), shared by every app instance, its load failure kept for /readyz.
import type { CatalogProvider } from '../../routes/decorations.js'
import { loadCatalog, loadedCatalog } from '../catalog/index.js'

let catalogLoadError: string | undefined
export const sharedCatalog: CatalogProvider = {
  get: () =>
    loadCatalog().then(
      (c) => ((catalogLoadError = undefined), c),
      (error: unknown) => {
        catalogLoadError = error instanceof Error ? error.message : String(error)
        throw error
      },
    ),
  loaded: loadedCatalog,
}

/** Why the last catalog load failed, if it did (for /readyz). */
export function catalogError(): string | undefined {
  return catalogLoadError
}
