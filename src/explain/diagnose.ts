// The diagnosis of one request: AWS's message, then the findings in the order a person should read them, then a
// plan that applies one fix per blocking layer and is checked as a whole.
//
// How the blocking layers are found without a second model of AWS's logic: the engine's first record names the
// layer that denied (deniedBy). Explicit denies are listed first, each with its exception; with those exceptions
// applied the engine is asked again, and names the next layer that denies; that layer's findings and best fix are
// added, and the engine is asked again, until the request is allowed or no fix is left. Each fix is also verified
// on its own against the policies as given (verify.ts).
import type { Catalog } from '../catalog/index.js'
import {
  buildRequestContext,
  evaluateContext,
  evaluateRequest,
  type EvaluateOptions,
  type Evaluation,
  type InputError,
  type Layer,
  type PolicySet,
  type Request,
  type RequestContext,
} from '../engine/index.js'
import { compareAction } from './action-analysis.js'
import { applyFixes } from './apply-fix.js'
import { denyFindings } from './deny-findings.js'
import { dependentFindings } from './dependent-findings.js'
import { gapFindings } from './gap-findings.js'
import { allowedMessage, deniedMessage } from './message.js'
import { createSession, type DiagnoseOptions, type Session } from './session.js'
import type { Diagnosis, Finding, Fix, FixPlan } from './types.js'
import { layerNoun, list, quoteValues, statementName } from './words.js'
import { merge } from './merge.js'
import { conditionEvidence, findingAt } from './shape.js'

export type { DiagnoseOptions }

const MAX_STEPS = 8

/** Evaluates the request (with a full trace) and diagnoses it; input errors as the engine reports them. */
export function diagnoseRequest(
  request: Request,
  policies: PolicySet,
  catalog: Catalog,
  opts: DiagnoseOptions = {},
): { evaluation: Evaluation; diagnosis: Diagnosis; errors?: undefined } | { errors: InputError[]; evaluation?: undefined; diagnosis?: undefined } {
  // Built by assignment: on Node 20 an object literal with conditional spreads takes V8's slow path (merge.ts).
  const engineOpts: EvaluateOptions = {}
  if (opts.now) engineOpts.now = opts.now
  if (opts.rcpSupported) engineOpts.rcpSupported = opts.rcpSupported
  const built = buildRequestContext(request ?? ({} as Request), engineOpts)
  if (!built.ok) {
    const out = evaluateRequest(request, policies, engineOpts)
    return { errors: out.errors ?? [] }
  }
  const out = evaluateContext(built.ctx, policies, { now: engineOpts.now, rcpSupported: engineOpts.rcpSupported, trace: true })
  if (!out.evaluation) return { errors: out.errors }
  return { evaluation: out.evaluation, diagnosis: diagnose(request, policies, out.evaluation, built.ctx, catalog, opts) }
}

/** The diagnosis of a request the engine has evaluated with a full trace (`evaluation`) in context `ctx`. */
export function diagnose(request: Request, policies: PolicySet, evaluation: Evaluation, ctx: RequestContext, catalog: Catalog, opts: DiagnoseOptions = {}): Diagnosis {
  const s = createSession(request, policies, evaluation, ctx, catalog, opts)
  const unknown = unknownAction(s)
  if (evaluation.decision === 'allowed') {
    const message = allowedMessage(s.subject, evaluation.decidedBy, ctx.principal.kind === 'root')
    return { decision: 'allowed', message, findings: [...unknown, ...dependentFindings(s), ...missingKeyNotes(s)] }
  }

  const findings: Finding[] = [...unknown]
  const planned: Fix[] = []
  const deny = denyFindings(s)
  findings.push(...deny.findings)
  let current: Evaluation | undefined = evaluation
  if (deny.findings.length) {
    current = deny.complete ? s.evaluate(applyFixes(policies, deny.fixes)) : undefined
    if (current) planned.push(...deny.fixes)
  }
  const visited = new Set<Layer>()
  for (let step = 0; current && current.decision === 'implicitDeny' && current.deniedBy && step < MAX_STEPS; step++) {
    const layer = current.deniedBy.layer
    if (visited.has(layer)) break
    visited.add(layer)
    // This layer's fixes are verified with the plan so far applied, so the chain's next evaluation is the
    // verification of the fix it picks (the same set, evaluated once).
    const gap = gapFindings(s, layer, current, planned.slice())
    findings.push(...gap.findings)
    if (!gap.chain.length) break
    planned.push(...gap.chain)
    current = s.evaluate(applyFixes(policies, planned))
  }
  // Guardrail layers that deny in the first record but were not reached (the plan stopped before them).
  for (const layer of ['rcp', 'scp', 'vpcEndpoint'] as const) {
    if (!visited.has(layer) && s.trace[layer]?.decision === 'implicitDeny') findings.push(...gapFindings(s, layer, evaluation).findings)
  }
  findings.push(...dependentFindings(s))

  const diagnosis: Diagnosis = { decision: evaluation.decision, message: deniedMessage(s.subject, evaluation, policies), findings }
  resolveRequires(s, findings)
  if (planned.length) diagnosis.fixPlan = plan(s, findings, planned)
  return diagnosis
}

/** Turns each fix's earlier plan steps into finding indices. */
function resolveRequires(s: Session, findings: Finding[]): void {
  if (s.verifiedWith.size === 0) return
  const index = new Map<Fix, number>()
  findings.forEach((f, i) => {
    if (f.fix) index.set(f.fix, i)
  })
  for (const f of findings) {
    const base = f.fix && s.verifiedWith.get(f.fix)
    if (f.fix && base) f.fix.requires = base.map((b) => index.get(b) ?? -1).filter((i) => i >= 0)
  }
}

function plan(s: Session, findings: Finding[], planned: Fix[]): FixPlan {
  const steps = planned.map((fix) => findings.findIndex((f) => f.fix === fix)).filter((i) => i >= 0)
  const set = applyFixes(s.policies, planned)
  const after = s.evaluate(set)
  const out: FixPlan = { steps, decisionAfter: after?.decision ?? s.ev.decision }
  if (after && after.decision !== 'allowed') out.remaining = s.message(after, set)
  return out
}

/** The requested action is not in the Service Authorization Reference: a typo in the request, or an action newer
 *  than the data. */
function unknownAction(s: Session): Finding[] {
  if (s.catalog.canonicalAction(s.request.action) !== undefined) return []
  const cmp = compareAction(s.catalog, s.request.action, [], 'Action')
  const sugg = cmp.evidence.suggestions
  return [{
    code: 'ACTION_MISMATCH',
    severity: 'warning',
    message: `${s.request.action} is not an action in the Service Authorization Reference (data ${s.catalog.dataVersion})${sugg.length ? `; did you mean ${list(sugg, 3)}?` : ''} Policies that name the intended action do not match it`,
    evidence: { action: merge(cmp.evidence, { difference: 'unknownAction' as const }) },
  }]
}

/**
 * For an allowed request: denies that did not apply only because the request lacks a key (giving the key could
 * deny it), and allows that relied on a key being absent (…IfExists). Informational.
 */
function missingKeyNotes(s: Session): Finding[] {
  const out: Finding[] = []
  const decided = new Set(s.ev.decidedBy.map((r) => `${r.layer}/${r.level ?? ''}/${r.policyIndex}/${r.index}`))
  for (const t of s.ev.layers) {
    for (const st of t.statements) {
      if (!st.action.matched || !st.resource.matched || (st.principal && !st.principal.matched)) continue
      const where = `${statementName(st.ref)} of ${layerNoun(st.ref.layer, s.kind)} ${st.ref.policyId}`
      if (st.ref.effect === 'Deny' && !st.matched) {
        const failing = st.conditions.filter((c) => !c.matched)
        if (!failing.length || failing.some((c) => c.requestValues !== null)) continue
        for (const c of failing) {
          const f = findingAt('MISSING_CONTEXT_KEY', 'info', st.ref)
          f.message = `The request does not carry ${c.key}, so the deny ${where} (${c.operator} ${c.key} ${quoteValues(c.policyValues)}) does not apply; a request that carries ${c.key} could be denied`
          f.evidence = { condition: conditionEvidence(c, null) }
          out.push(f)
        }
      } else if (st.ref.effect === 'Allow' && st.matched && decided.has(`${st.ref.layer}/${st.ref.level ?? ''}/${st.ref.policyIndex}/${st.ref.index}`)) {
        for (const c of st.conditions) {
          if (c.requestValues !== null) continue
          const f = findingAt('MISSING_CONTEXT_KEY', 'info', st.ref)
          f.message = `The allow ${where} holds only because the request does not carry ${c.key} (${c.operator} is true for a missing key); giving ${c.key} may change the answer`
          f.evidence = { condition: conditionEvidence(c, null) }
          out.push(f)
        }
      }
    }
  }
  return out
}
