// The decision record trimmed for the wire (API.md POST /v1/evaluate). Routes never recompute a decision;
// they only choose how much of the record to send.
import type { Evaluation, StatementTrace } from '../src/engine/index.js'
import type { EvaluateResponse } from './schemas/evaluate.js'

export type Detail = 'decision' | 'summary' | 'full'

export function toWire(e: Evaluation, detail: Detail): EvaluateResponse {
  if (detail === 'decision') return { decision: e.decision }
  const out: EvaluateResponse = {
    decision: e.decision,
    matchedStatements: e.decidedBy,
    missingContextKeys: e.missingContextKeys,
  }
  if (e.deniedBy) out.deniedBy = e.deniedBy
  if (detail === 'full') {
    out.layers = e.layers.map((l) => ({
      layer: l.layer,
      decision: l.decision,
      ...(l.levels ? { levels: l.levels } : {}),
      statements: l.statements.map(statementToWire),
    }))
    if (e.issues.length) out.issues = e.issues.map((i) => ({ code: i.code, message: i.message }))
  }
  return out
}

function statementToWire(s: StatementTrace) {
  const reasons: string[] = []
  if (!s.action.matched && s.action.reason) reasons.push(s.action.reason)
  if (!s.resource.matched && s.resource.reason) reasons.push(s.resource.reason)
  if (s.principal && !s.principal.matched && s.principal.reason) reasons.push(s.principal.reason)
  for (const c of s.conditions) if (!c.matched && c.reason) reasons.push(c.reason)
  return {
    policyId: s.ref.policyId,
    policyIndex: s.ref.policyIndex,
    ...(s.ref.level !== undefined ? { level: s.ref.level } : {}),
    index: s.ref.index,
    ...(s.ref.sid !== undefined ? { sid: s.ref.sid } : {}),
    effect: s.ref.effect,
    matched: s.matched,
    action: s.action.matched,
    resource: s.resource.matched,
    principal: s.principal ? s.principal.matched : true,
    conditions: s.conditions.every((c) => c.matched),
    ...(reasons.length ? { reasons } : {}),
    ...(s.conditions.length ? { conditionResults: s.conditions } : {}),
  }
}
