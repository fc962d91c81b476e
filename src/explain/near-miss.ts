// Near misses: the Allow statements of a layer that failed to allow which matched every element but one (the
// action, the resource, the principal, or one condition). They are what the author most likely meant; each becomes
// a finding with its evidence, ranked, and with a fix that copies the statement, corrects the one element, and is
// scoped to the exact action and the resource the action needs.
import type { Condition, Statement } from '../policy/index.js'
import type { ConditionTrace, Layer, StatementTrace } from '../engine/index.js'
import { compareAction, type ActionComparison } from './action-analysis.js'
import { conditionJson, contextValueFor, requestCanChange, valuesToAdd } from './condition-analysis.js'
import { asStrings, isAwsManaged, normalizedStatement, policiesOf, principalStrings, rawStatement } from './policy-docs.js'
import { comparePrincipal, principalElementFor, type PrincipalComparison } from './principal-analysis.js'
import { actionResourceTypes, closestPattern, requestResourceType } from './resource-pattern.js'
import type { Session } from './session.js'
import type { Finding, Fix, JsonStatement, ResourceEvidence } from './types.js'
import { layerAllows, verifyFix, verifyRequestChange, type DraftFix, type Progress } from './verify.js'
import { layerNoun, list, quoteValues, statementName } from './words.js'
import { globMatch, hasVariable } from './glob.js'
import { conditionEvidence, draftAt, findingAt, pointerOf } from './shape.js'

type Part =
  | { part: 'action'; cmp: ActionComparison }
  | { part: 'resource'; evidence: ResourceEvidence; distance: number; field?: { name: string; pattern: string; request: string }; pattern?: string }
  | { part: 'principal'; cmp: PrincipalComparison }
  | { part: 'condition'; index: number; c: ConditionTrace; written?: Condition }

export interface Candidate {
  st: StatementTrace
  layer: Layer
  miss: Part
  statement: Statement
  raw: Record<string, unknown>
  /** Lower ranks first. */
  score: number
}

/** Allow statements of the first evaluation's layer that failed on exactly one element, best first. */
export function nearMisses(s: Session, layer: Layer, opts: { levels?: ReadonlySet<number>; bias?: number } = {}): Candidate[] {
  const trace = s.trace[layer]
  if (!trace) return []
  const out: Candidate[] = []
  for (const st of trace.statements) {
    if (st.ref.effect !== 'Allow' || st.matched) continue
    if (opts.levels && (st.ref.level === undefined || !opts.levels.has(st.ref.level))) continue
    if (failingCount(st) !== 1) continue
    const failing = failingParts(st)
    const pointer = pointerOf(st.ref)
    const statement = normalizedStatement(s.policies, pointer, st.ref.index, s.kind)
    const raw = rawStatement(s.policies, pointer, st.ref.index)
    if (!statement || !raw) continue
    const miss = analyse(s, st, failing[0], statement, raw)
    // A statement about another service that happens to match the resource is not a near miss.
    if (miss.part === 'action' && miss.cmp.distance >= 6) continue
    out.push({ st, layer, miss, statement, raw, score: scoreOf(miss) + (opts.bias ?? 0) })
  }
  return out.sort((a, b) => a.score - b.score || a.st.ref.policyIndex - b.st.ref.policyIndex || a.st.ref.index - b.st.ref.index)
}

function failingCount(st: StatementTrace): number {
  let n = (st.action.matched ? 0 : 1) + (st.resource.matched ? 0 : 1) + (st.principal && !st.principal.matched ? 1 : 0)
  for (const c of st.conditions) if (!c.matched) n++
  return n
}

function failingParts(st: StatementTrace): Array<'action' | 'resource' | 'principal' | number> {
  const f: Array<'action' | 'resource' | 'principal' | number> = []
  if (!st.action.matched) f.push('action')
  if (!st.resource.matched) f.push('resource')
  if (st.principal && !st.principal.matched) f.push('principal')
  st.conditions.forEach((c, i) => {
    if (!c.matched) f.push(i)
  })
  return f
}

function analyse(s: Session, st: StatementTrace, part: 'action' | 'resource' | 'principal' | number, statement: Statement, raw: Record<string, unknown>): Part {
  if (part === 'action') {
    const element = statement.notAction ? 'NotAction' : 'Action'
    return { part, cmp: compareAction(s.catalog, s.request.action, asStrings(raw[element]), element, st.action.pattern, s.canonical) }
  }
  if (part === 'resource') {
    const patterns = statement.resource ?? statement.notResource ?? []
    const requestType = requestResourceType(s.catalog, s.request.action, s.request.resource)
    const evidence = (difference: ResourceEvidence['difference'], patternType?: string): ResourceEvidence => {
      const e: ResourceEvidence = {
        patterns,
        requestResource: s.request.resource,
        actionResourceTypes: actionResourceTypes(s.catalog, s.request.action),
        neededPattern: s.needed,
        difference,
      }
      if (requestType) e.requestResourceType = requestType
      if (patternType) e.patternResourceType = patternType
      return e
    }
    if (statement.notResource) {
      const excluded: Extract<Part, { part: 'resource' }> = { part, evidence: evidence('excluded'), distance: 4 }
      if (st.resource.pattern) excluded.pattern = st.resource.pattern
      return excluded
    }
    const c = closestPattern(s.catalog, s.request.action, s.request.resource, patterns)
    const out: Extract<Part, { part: 'resource' }> = { part, evidence: evidence(c?.difference ?? 'other', c?.patternResourceType), distance: c?.distance ?? 6 }
    if (c?.field) out.field = c.field
    if (c) out.pattern = c.pattern
    return out
  }
  if (part === 'principal') {
    const element = statement.notPrincipal ? 'NotPrincipal' : 'Principal'
    return { part, cmp: comparePrincipal(s.ctx.principal, s.principalArn, principalStrings(raw[element]), element) }
  }
  return { part: 'condition', index: part, c: st.conditions[part], written: statement.conditions[part] }
}

function scoreOf(m: Part): number {
  switch (m.part) {
    case 'resource': return m.distance
    case 'action': return m.cmp.distance
    case 'principal': return m.cmp.distance
    case 'condition': return 2
  }
}

/** The finding for a near miss, with its fix (or request change) verified; `gapLayer` is the layer that denied. */
export function nearMissFinding(s: Session, c: Candidate, gapLayer: Layer, withFix: boolean, base: readonly Fix[] = []): Finding {
  const ref = c.st.ref
  const f = findingAt('RESOURCE_ARN_MISMATCH', 'error', ref, c.layer)
  const who = capitalize(statementName(ref))
  const act = s.action
  const m = c.miss
  let extend: { index: number; values: string[]; drop?: boolean } | undefined
  if (m.part === 'resource') {
    f.code = 'RESOURCE_ARN_MISMATCH'
    f.evidence = { resource: m.evidence }
    f.message = resourceMessage(who, act, s.request.resource, m)
  } else if (m.part === 'action') {
    f.code = 'ACTION_MISMATCH'
    f.evidence = { action: m.cmp.evidence }
    f.message = actionMessage(who, m.cmp)
  } else if (m.part === 'principal') {
    f.code = 'PRINCIPAL_MISMATCH'
    f.evidence = { principal: m.cmp.evidence }
    f.message = principalMessage(who, act, s, m.cmp)
  } else {
    f.evidence = { condition: conditionEvidence(m.c) }
    const cond = `${m.c.operator} ${m.c.key} ${quoteValues(m.c.policyValues)}`
    if (m.c.requestValues === null) {
      f.code = 'MISSING_CONTEXT_KEY'
      f.message = `${who} would allow ${act}, but its condition ${cond} needs ${m.c.key}, which the request does not carry (a missing key makes ${m.c.operator} false); giving it may change the answer`
    } else {
      f.code = 'CONDITION_MISMATCH'
      f.message = `${who} would allow ${act}, but its condition ${cond} does not match the request's ${m.c.key} ${quoteValues(m.c.requestValues)}`
    }
    const progress: Progress = (after) => after.decision === 'allowed' || layerAllows(c.layer, ref.level)(after)
    const change = verifyRequestChange(s, m.c.key, contextValueFor(m.c, true), progress, base)
    if (change) {
      f.requestChange = change
      f.message += `; if you ${change.description}, the request is ${change.decisionAfter}`
    }
    if (m.written) {
      const add = valuesToAdd(m.c, m.written)
      if (add) extend = { index: m.index, values: add }
      // A condition on who the caller is (its organization, account) in a resource-based or endpoint policy: the
      // narrowest change names this caller instead of widening the condition to its whole organization or account.
      else if (!requestCanChange(m.c.key) && (c.layer === 'resource' || c.layer === 'vpcEndpoint') && s.principalArn) extend = { index: m.index, values: [], drop: true }
    }
    if (!extend) withFix = false
  }
  if (withFix) {
    const r = c.st.ref
    const draft = s.draft(`clone|${c.layer}|${r.level ?? ''}|${r.policyIndex}|${r.index}|${c.miss.part}|${extend ? `${extend.index}:${extend.drop ? 'drop' : extend.values.join(',')}` : ''}`, () => cloneFix(s, c, extend))
    const progress: Progress = c.layer === gapLayer
      ? layerAllows(c.layer, ref.level)
      : (after) => layerAllows(c.layer, ref.level)(after) && !(after.deniedBy?.kind === 'implicit' && after.deniedBy.layer === gapLayer)
    const fix = draft && verifyFix(s, draft, progress, base)
    if (fix) f.fix = fix
  }
  return f
}

/** The candidate statement with the failing element corrected, narrowed to the exact action and resource. */
function cloneFix(s: Session, c: Candidate, extend?: { index: number; values: string[]; drop?: boolean }): DraftFix {
  const stmt: JsonStatement = { Effect: 'Allow' }
  const resourceLike = c.layer === 'resource' || c.layer === 'vpcEndpoint' || c.layer === 'rcp'
  const namesCaller = !!extend?.drop
  if (resourceLike) {
    if (namesCaller && c.layer === 'vpcEndpoint') stmt.Principal = '*'
    else if (namesCaller || c.miss.part === 'principal' || c.raw.Principal === undefined) stmt.Principal = principalElementFor(s.ctx.principal)
    else stmt.Principal = c.raw.Principal
  }
  stmt.Action = s.action
  const trust = c.layer === 'resource' && s.kind === 'roleTrust'
  if (!trust) stmt.Resource = c.layer === 'resource' && s.kind === 'kmsKey' ? '*' : resourceFor(s, c)
  const condition = conditionJson(c.statement.conditions, extend)
  // Gateway endpoint policies need Principal "*" (R1.8.4): the caller is then named by aws:PrincipalArn.
  if (namesCaller && c.layer === 'vpcEndpoint' && s.principalArn) (condition.ArnEquals ??= {})['aws:PrincipalArn'] = [s.principalArn]
  if (Object.keys(condition).length) stmt.Condition = condition
  const ref = c.st.ref
  const noun = layerNoun(c.layer, s.kind)
  if (isAwsManaged(ref.policyId)) {
    // AWS managed policies cannot be edited: the statement goes into a policy of the customer's in the same layer.
    const editable = policiesOf(s.policies, c.layer, ref.level).find((p) => !isAwsManaged(p.id))
    const why = `${ref.policyId} is managed by AWS and cannot be edited`
    if (editable) {
      return draftAt(c.layer, editable.id, editable.pointer.policyIndex, ref.level, 'addStatement', stmt,
        `${why}: add this statement to ${noun} ${editable.id} (${statementName(ref)} narrowed to ${s.action}, its ${c.miss.part} corrected)`)
    }
    return draftAt(c.layer, 'iamdx-suggested', undefined, ref.level, 'addPolicy', stmt,
      `${why}: attach a new ${noun} with this statement (${statementName(ref)} narrowed to ${s.action}, its ${c.miss.part} corrected)`)
  }
  return draftAt(c.layer, ref.policyId, ref.policyIndex, ref.level, 'addStatement', stmt,
    `Add this statement to ${noun} ${ref.policyId}: ${statementName(ref)} narrowed to ${s.action} on ${stmt.Resource ?? 'the role'}, with its ${c.miss.part} corrected`)
}

/** The author's own Resource pattern when it matched and is within what the action needs (narrower), else the
 *  pattern the action needs. */
function resourceFor(s: Session, c: Candidate): string {
  const matched = c.st.resource.element === 'Resource' ? c.st.resource.pattern : undefined
  if (c.miss.part !== 'resource' && matched && matched !== '*' && !hasVariable(matched) && globMatch(s.needed, matched)) return matched
  return s.needed
}

const capitalize = (t: string) => t.charAt(0).toUpperCase() + t.slice(1)

function typeNoun(type: string | undefined): string {
  if (!type) return 'another kind of resource'
  if (type === 'object') return 'objects'
  return `the ${type}`
}

function resourceMessage(who: string, act: string, resource: string, m: Extract<Part, { part: 'resource' }>): string {
  const e = m.evidence
  const pattern = m.pattern ?? list(e.patterns)
  switch (e.difference) {
    case 'resourceType':
      return `${who} allows ${act} on ${pattern} (${typeNoun(e.patternResourceType)}), but ${act} acts on ${typeNoun(e.requestResourceType)}: ${e.neededPattern}`
    case 'case':
      return `${who} allows ${act} on ${pattern}, which differs from ${resource} only in case; resource ARNs are case-sensitive (R4.4)`
    case 'account':
    case 'region':
    case 'partition':
      return `${who} allows ${act} on ${pattern}, which names ${e.difference} ${m.field?.pattern || '(empty)'}, but the resource is in ${e.difference} ${m.field?.request || '(empty)'}: ${resource}`
    case 'excluded':
      return `${who} allows ${act} on everything except ${list(e.patterns)}, and NotResource ${pattern} excludes ${resource}`
    default: {
      const formats = e.actionResourceTypes.map((t) => t.arnFormat)
      const needs = formats.length ? `; ${act} acts on ${list(formats, 3)}` : ''
      return `${who} allows ${act} on ${list(e.patterns)}, which do not match ${resource}${needs}`
    }
  }
}

function actionMessage(who: string, cmp: ActionComparison): string {
  const e = cmp.evidence
  switch (e.difference) {
    case 'typo':
      return `${who} lists ${cmp.pattern}, which is not an action; it probably means ${e.requested}`
    case 'otherService':
      return `${who} lists ${cmp.pattern}, but ${e.requested} has another service prefix`
    case 'unknownAction':
      return `${e.requested} is not an action in the Service Authorization Reference${e.suggestions.length ? ` (did you mean ${list(e.suggestions, 3)}?)` : ''}; ${who.toLowerCase()} allows ${list(e.patterns)}`
    case 'excluded':
      return `${who} allows every action except ${list(e.patterns)}, and NotAction ${cmp.pattern ?? ''} excludes ${e.requested}`
    default: {
      // Long lists (AWS managed policies) show the patterns of the requested service first.
      const prefix = e.requested.slice(0, e.requested.indexOf(':') + 1).toLowerCase()
      const ordered: string[] = []
      const others: string[] = []
      for (const p of e.patterns) (p.toLowerCase().startsWith(prefix) ? ordered : others).push(p)
      for (const p of others) ordered.push(p)
      return `${who} allows ${list(ordered)} on this resource, but not ${e.requested}`
    }
  }
}

function principalMessage(who: string, act: string, s: Session, cmp: PrincipalComparison): string {
  const p = s.ctx.principal
  const e = cmp.evidence
  switch (e.difference) {
    case 'session':
      return `${who} allows ${act} for the session ${cmp.closest} only; the caller is session ${p.sessionName} of the same role. A session ARN matches that one session; the role ARN ${p.roleArn} matches every session of the role (R2.7)`
    case 'rolePath':
      return `${who} names ${cmp.closest}, but the caller's role is ${s.principalArn ?? p.roleArn ?? p.arn}`
    case 'account':
      return `${who} names ${cmp.closest}, in another account than the caller ${p.arn} (account ${p.account})`
    case 'principalType':
      return `${who} names ${cmp.closest}, but the caller is ${p.arn}`
    case 'excluded':
      return `${who} allows ${act} for everyone except ${list(e.principals)}, and its NotPrincipal lists the caller ${p.arn}`
    default:
      return `${who} allows ${act} for ${list(e.principals)}, not for ${p.arn}`
  }
}
