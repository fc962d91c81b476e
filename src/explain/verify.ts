// Every fix and every request change is checked by re-running the engine with it applied. It is offered only when
// the request becomes allowed, or when the layer (or statement) it targets stops denying: then what still denies is
// reported as `remaining`, in AWS's words.
import type { ContextValue, Evaluation, Layer, StatementRef } from '../engine/index.js'
import { applyFixes } from './apply-fix.js'
import { describeContextChange } from './condition-analysis.js'
import type { Session } from './session.js'
import type { Fix, RequestChange } from './types.js'
import { merge } from './merge.js'

export type DraftFix = Omit<Fix, 'verified' | 'decisionAfter' | 'remaining'>
export type Progress = (after: Evaluation) => boolean


/**
 * Verifies a fix on the policies as given with `base` (the plan's earlier steps) applied first: a fix for the
 * second layer that denies is judged with the first layer's fix in place, so that its result says what the two
 * together achieve.
 */
export function verifyFix(s: Session, draft: DraftFix, progress: Progress, base: readonly Fix[] = []): Fix | undefined {
  if (!s.fixable) return undefined
  const set = applyFixes(s.policies, [...base, draft as Fix])
  const after = s.evaluate(set)
  if (!after) return undefined
  if (after.decision !== 'allowed' && !progress(after)) return undefined
  const fix: Fix = merge(draft, { verified: true as const, decisionAfter: after.decision })
  if (after.decision !== 'allowed') fix.remaining = s.message(after, set)
  if (base.length) s.verifiedWith.set(fix, base)
  return fix
}

export function verifyRequestChange(s: Session, key: string, value: ContextValue | undefined, progress: Progress, base: readonly Fix[] = []): RequestChange | undefined {
  if (value === undefined) return undefined
  const after = s.evaluateWithContext({ [key]: value }, base.length ? applyFixes(s.policies, base) : s.policies)
  if (!after || (after.decision !== 'allowed' && !progress(after))) return undefined
  return { context: { [key]: value }, description: describeContextChange(key, value), verified: true, decisionAfter: after.decision }
}

const sameRef = (a: StatementRef, b: StatementRef) =>
  a.layer === b.layer && a.policyIndex === b.policyIndex && a.index === b.index && a.level === b.level

/** The deny statement no longer applies. */
export const denyGone = (ref: StatementRef): Progress => (after) => !after.decidedBy.some((r) => r.effect === 'Deny' && sameRef(r, ref))

/** The layer (or one SCP/RCP level) allows. */
export const layerAllows = (layer: Layer, level?: number): Progress => (after) => {
  const t = after.layers.find((l) => l.layer === layer)
  if (!t) return false
  if (level !== undefined) return t.levels?.find((l) => l.level === level)?.decision === 'allowed'
  return t.decision === 'allowed'
}

/** The first evaluation's deciding layer no longer denies (an alternative grant carried the request past it). */
export const deniedElsewhere = (layer: Layer): Progress => (after) => after.deniedBy?.layer !== layer
