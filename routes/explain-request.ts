// The core of POST /v1/explain, callable by any route that has a Request and a PolicySet (the ingest inputs
// cloudTrailEvent / errorMessage / decodedAuthorizationMessage and the `source` option convert to these first):
// evaluate with a full trace, diagnose, and shape the wire response. Input problems come back as values with JSON
// Pointer paths (under /request and /policies unless other prefixes are given).
import type { Catalog } from '../src/catalog/index.js'
import { diagnoseRequest, type Diagnosis, type Finding } from '../src/explain/index.js'
import type { InputError, PolicySet, Request } from '../src/engine/index.js'
import { toWire } from './evaluate-wire.js'
import type { ExplainResponse, WireFinding } from './schemas/explain.js'

export interface ExplainDeps {
  catalog: Catalog
  /** The clock for aws:CurrentTime / aws:EpochTime. */
  now?: Date
  /** Whether RCPs apply to a service (R1.4.4); default: the catalog's list. */
  rcpSupported?: (servicePrefix: string) => boolean
}

export type ExplainOutcome = { response: ExplainResponse; errors?: undefined } | { errors: InputError[]; response?: undefined }

export function explainRequest(request: Request, policies: PolicySet, deps: ExplainDeps): ExplainOutcome {
  const { catalog } = deps
  const rcpSupported = deps.rcpSupported ?? ((p: string) => catalog.rcpSupported(p))
  const out = diagnoseRequest(request, policies, catalog, { ...(deps.now ? { now: deps.now } : {}), rcpSupported })
  if (out.errors) return { errors: out.errors }
  return { response: toResponse(request, out.diagnosis, toWire(out.evaluation, 'full'), catalog.dataVersion) }
}

function toResponse(request: Request, d: Diagnosis, evaluation: ExplainResponse['evaluation'], catalogVersion: string): ExplainResponse {
  const response: ExplainResponse = {
    decision: d.decision,
    message: d.message,
    request,
    findings: d.findings.map(toWireFinding),
    evaluation,
    catalogVersion,
  }
  if (d.fixPlan) response.fixPlan = d.fixPlan
  return response
}

/** Findings are plain data already; this only checks at compile time that they fit the wire schema. */
function toWireFinding(f: Finding): WireFinding {
  return f
}
