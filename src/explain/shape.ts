// Records built by assignment in a fixed property order. On Node 20 an object literal with conditional spreads
// (`...(x ? { x } : {})`) takes V8's slow path (merge.ts), and a diagnosis builds many of these; the order here is
// the one those literals produced, so the JSON a route sends is unchanged.
import type { ConditionTrace, Layer, StatementRef } from '../engine/index.js'
import type { ConditionEvidence, Finding, FindingCode, FixAction, JsonStatement, Severity } from './types.js'
import type { DraftFix } from './verify.js'

/** A finding about one statement: code, severity, layer, level?, policyId, policyIndex, index, sid?, message ('',
 *  for the caller to fill in). */
export function findingAt(code: FindingCode, severity: Severity, r: StatementRef, layer: Layer = r.layer): Finding {
  const f = { code, severity, layer } as Finding
  if (r.level !== undefined) f.level = r.level
  f.policyId = r.policyId
  f.policyIndex = r.policyIndex
  f.index = r.index
  if (r.sid !== undefined) f.sid = r.sid
  f.message = ''
  return f
}

/** operator, key, policyValues, requestValues, reason? of a condition's trace. */
export function conditionEvidence(c: ConditionTrace, requestValues: string[] | null = c.requestValues): ConditionEvidence {
  const e: ConditionEvidence = { operator: c.operator, key: c.key, policyValues: c.policyValues, requestValues }
  if (c.reason) e.reason = c.reason
  return e
}

/** Where a statement's policy sits: layer, policyIndex, level? (a PolicyPointer). */
export function pointerOf(r: { layer: Layer; policyIndex: number; level?: number }): { layer: Layer; policyIndex: number; level?: number } {
  const p: { layer: Layer; policyIndex: number; level?: number } = { layer: r.layer, policyIndex: r.policyIndex }
  if (r.level !== undefined) p.level = r.level
  return p
}

/** A fix draft: layer, policyId, policyIndex?, level?, action, statement, description. */
export function draftAt(
  layer: Layer,
  policyId: string,
  policyIndex: number | undefined,
  level: number | undefined,
  action: FixAction,
  statement: JsonStatement,
  description: string,
): DraftFix {
  const d = { layer, policyId } as DraftFix
  if (policyIndex !== undefined) d.policyIndex = policyIndex
  if (level !== undefined) d.level = level
  d.action = action
  d.statement = statement
  d.description = description
  return d
}
