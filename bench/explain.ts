// Explain throughput: a denied request through seven layers (50 statements), warm (policies parsed and compiled,
// catalog loaded). One explanation = the traced evaluation, the diagnosis and every fix verified by re-evaluation.
import { loadCatalog } from '../src/catalog/index.js'
import { diagnoseRequest } from '../src/explain/index.js'
import type { Request } from '../src/engine/index.js'
import { measure, type Figure } from './measure.js'
import { sevenLayerPolicies, sevenLayerRequest, statementCount } from './fixtures.js'

const now = new Date('2026-11-30T12:00:00Z')

/** The seven-layer request of the engine benchmark, denied: DeleteObject is allowed by neither the identity
 *  policies nor the session policy, so the diagnosis walks two layers and verifies a fix for each. */
export const deniedSevenLayerRequest: Request = { ...sevenLayerRequest, action: 's3:DeleteObject' }

export async function explainFigures(): Promise<Figure[]> {
  const catalog = await loadCatalog()
  const seven = sevenLayerPolicies()
  const check = diagnoseRequest(deniedSevenLayerRequest, seven, catalog, { now })
  if (!check.diagnosis || check.diagnosis.decision === 'allowed' || check.diagnosis.fixPlan?.decisionAfter !== 'allowed') {
    throw new Error(`explain benchmark fixture: expected a denied request with a plan that allows, got ${JSON.stringify(check.diagnosis ?? check.errors)}`)
  }
  const opts = { now, rcpSupported: (p: string) => catalog.rcpSupported(p) }
  return [
    measure(`(c) explain, seven layers, ${statementCount(seven)} statements, denied, warm`, () => diagnoseRequest(deniedSevenLayerRequest, seven, catalog, opts), { target: 20_000 }),
  ]
}
