// Explicit denies (R1.1.2, DENYALLOW): which statement of which layer denies, why its conditions held (a value the
// request carries, or a key it lacks: negated operators and IfExists are true for a missing key, R5.0.1, R5.9),
// and the narrowest change. A fix never deletes the deny: it adds an exception for this caller (an
// ArnNotEquals aws:PrincipalArn condition, the form AWS recommends over NotPrincipal, R1.6.3) and warns what else
// that exempts; where the request itself can satisfy the condition, that request change is given too.
import { parseOperatorName, type Condition } from '../policy/index.js'
import { LAYER_ORDER, type StatementTrace } from '../engine/index.js'
import { conditionJson, contextValueFor } from './condition-analysis.js'
import { asStrings, isAwsManaged, normalizedStatement, principalStrings, rawStatement } from './policy-docs.js'
import type { Session } from './session.js'
import type { Finding, Fix, JsonStatement } from './types.js'
import { denyGone, verifyFix, verifyRequestChange, type DraftFix } from './verify.js'
import { merge } from './merge.js'
import { layerNoun, list, quoteValues, statementName } from './words.js'
import { conditionEvidence, findingAt, pointerOf } from './shape.js'

// Report order of AWS's messages (combine.ts): the first layer that denies explicitly is the one named.
const REPORT_ORDER = LAYER_ORDER

export interface DenyAnalysis {
  findings: Finding[]
  /** The exception fix of each deny, in order; shorter than the denies when some deny has none. */
  fixes: Fix[]
  complete: boolean
}

export function denyFindings(s: Session): DenyAnalysis {
  const out: DenyAnalysis = { findings: [], fixes: [], complete: true }
  for (const layer of REPORT_ORDER) {
    const t = s.trace[layer]
    if (!t || t.decision !== 'explicitDeny') continue
    for (const st of t.statements) {
      if (!st.matched || st.ref.effect !== 'Deny') continue
      const main = explicitDeny(s, st)
      out.findings.push(main)
      if (main.fix) out.fixes.push(main.fix)
      else out.complete = false
      out.findings.push(...conditionDetails(s, st))
    }
  }
  return out
}

function explicitDeny(s: Session, st: StatementTrace): Finding {
  const r = st.ref
  const where = `${statementName(r)} of ${layerNoun(r.layer, s.kind)} ${r.policyId}`
  const on = s.request.resource === '*' ? '' : ` on ${s.request.resource}`
  let message = `${cap(where)} explicitly denies ${s.action}${on}`
  const parts: string[] = []
  const raw = rawStatement(s.policies, pointerOf(r), r.index)
  const written = (p: string) => asStrings(raw?.Action).find((a) => a.toLowerCase() === p) ?? p
  if (st.action.pattern) parts.push(`${st.action.element ?? 'Action'} ${written(st.action.pattern)}`)
  else if (st.action.element === 'NotAction') parts.push('NotAction does not exclude it')
  if (st.resource.pattern) parts.push(`${st.resource.element ?? 'Resource'} ${st.resource.pattern}`)
  else if (st.resource.element === 'NotResource') parts.push('NotResource does not exclude it')
  if (st.conditions.length) parts.push(`${st.conditions.length} condition${st.conditions.length > 1 ? 's' : ''} true`)
  if (parts.length) message += ` (${parts.join(', ')})`
  message += '; an explicit deny overrides every allow (R1.1.2)'
  if (st.principal?.element === 'NotPrincipal') {
    // Why a NotPrincipal deny applies to this caller (the engine's reason: a boundary, R1.6.3, or a chain that is
    // not fully listed, NOTPRINCIPAL).
    const why = st.principal.reason?.includes('boundary')
      ? 'a Deny with NotPrincipal applies to every principal that has a permissions boundary, listed or not (R1.6.3)'
      : st.principal.reason ?? 'the caller is not listed'
    message += `. It uses NotPrincipal, and ${why}; AWS recommends an ArnNotEquals aws:PrincipalArn condition instead (NOTPRINCIPAL)`
  }
  const f = findingAt('EXPLICIT_DENY', 'error', r)
  f.message = message
  const fix = s.draft(`deny|${r.layer}|${r.level ?? ''}|${r.policyIndex}|${r.index}`, () => exceptionDraft(s, st))
  const verified = fix && verifyFix(s, fix, denyGone(r))
  if (verified) f.fix = verified
  return f
}

const EXCEPTION_OPERATORS = new Set(['ArnNotEquals', 'ArnNotLike', 'StringNotEquals', 'StringNotLike'])

function exceptionDraft(s: Session, st: StatementTrace): DraftFix | undefined {
  const r = st.ref
  if (isAwsManaged(r.policyId)) return undefined
  const pointer = pointerOf(r)
  const raw = rawStatement(s.policies, pointer, r.index)
  const normalized = normalizedStatement(s.policies, pointer, r.index, s.kind)
  if (!raw || !normalized) return undefined
  const p = s.ctx.principal
  // The caller's identity as a context key: aws:PrincipalArn (the role ARN for a role session, so every session of
  // the role is exempt), or aws:PrincipalServiceName for a service principal.
  const [operator, key, value] = s.principalArn
    ? ['ArnNotEquals', 'aws:PrincipalArn', s.principalArn]
    : p.kind === 'service' && p.service
      ? ['StringNotEquals', 'aws:PrincipalServiceName', p.service]
      : [undefined, undefined, undefined]
  if (!operator || !key || !value) return undefined
  // An existing exception list on the same key is extended rather than a second block added.
  const existing = normalized.conditions.findIndex((c: Condition) => {
    const op = parseOperatorName(c.operator)
    return op.ok && !op.value.set && EXCEPTION_OPERATORS.has(op.value.base) && c.key.toLowerCase() === key.toLowerCase()
  })
  let condition: Record<string, Record<string, string[]>>
  if (existing >= 0) condition = conditionJson(normalized.conditions, { index: existing, values: [value] })
  else {
    condition = conditionJson(normalized.conditions)
    const block = (condition[operator] ??= {})
    block[key] = [...(block[key] ?? []), value]
  }
  const added = existing >= 0 ? { [normalized.conditions[existing].operator]: { [normalized.conditions[existing].key]: [value] } } : { [operator]: { [key]: [value] } }
  const statement: JsonStatement = merge(raw, { Condition: condition })
  const where = `${statementName(r)} of ${layerNoun(r.layer, s.kind)} ${r.policyId}`
  const actions = asStrings(raw.Action ?? raw.NotAction)
  const resources = asStrings(raw.Resource ?? raw.NotResource)
  const scope = `${raw.NotAction ? 'every action except ' : ''}${list(actions, 4)}${resources.length ? ` on ${raw.NotResource ? 'everything except ' : ''}${list(resources, 3)}` : ''}`
  const session = p.kind === 'assumedRole' ? ` (every session of the role, not only ${p.sessionName})` : ''
  const namesCaller = principalStrings(raw.Principal).some((x) => x.endsWith(`:${value}`) || x.endsWith(`:${p.arn}`))
  const self = namesCaller ? 'This deny names the caller itself, so the exception removes all of its effect. ' : ''
  const draft = { layer: r.layer, policyId: r.policyId, policyIndex: r.policyIndex } as DraftFix
  if (r.level !== undefined) draft.level = r.level
  draft.action = 'addCondition'
  draft.index = r.index
  draft.statement = statement
  draft.condition = added
  draft.description = `Keep the deny and add the exception ${Object.keys(added)[0]} ${key} ${value} to ${where}`
  draft.warning = `${self}This exempts ${value}${session} from ${statementName(r)} for everything it denies: ${scope}. If the request should satisfy the deny's condition instead (see the condition findings), change the request, not the policy.`
  return draft
}

/** Why each condition of a deny held: a value the request carries, or a key it lacks. */
function conditionDetails(s: Session, st: StatementTrace): Finding[] {
  const out: Finding[] = []
  const where = `${statementName(st.ref)} of ${layerNoun(st.ref.layer, s.kind)} ${st.ref.policyId}`
  for (const c of st.conditions) {
    const evidence = { condition: conditionEvidence(c) }
    const cond = `${c.operator} ${c.key} ${quoteValues(c.policyValues)}`
    const change = verifyRequestChange(s, c.key, contextValueFor(c, false), denyGone(st.ref))
    let message: string
    if (c.requestValues === null) {
      message = `The deny (${where}) applies because the request does not carry ${c.key}: ${cond} is true when the key is missing (${missingRule(c.operator)}). Giving ${c.key} may change the answer`
    } else {
      message = `The deny (${where}) applies because its condition ${cond} matches the request's ${c.key} ${quoteValues(c.requestValues)}`
    }
    if (change) message += `; if you ${change.description}, this deny does not apply (the request is then ${change.decisionAfter})`
    const f = findingAt(c.requestValues === null ? 'MISSING_CONTEXT_KEY' : 'CONDITION_MISMATCH', 'error', st.ref)
    f.message = message
    f.evidence = evidence
    if (change) f.requestChange = change
    out.push(f)
  }
  return out
}

function missingRule(operator: string): string {
  const op = parseOperatorName(operator)
  if (!op.ok) return 'OPS'
  if (op.value.set === 'ForAllValues') return 'ForAllValues is true for a missing key, R5.10.2'
  if (op.value.ifExists) return '…IfExists is true for a missing key, R5.9'
  if (op.value.info.negated) return 'negated operators are true for a missing key, R5.0.1'
  return 'OPS'
}

const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1)
