// MISSING_DEPENDENT_ACTION: an API call that needs more than its own action (iam:PassRole to hand a role to EC2 or
// Lambda, KMS actions for encrypted volumes, streams and secrets), from the catalog's cited table. The needs are
// conditional ("when the launch specifies an instance profile"), so these findings are warnings: they do not
// explain this decision, they say what the call will also need. Each dependent action is judged by the engine on a
// representative resource (any role, any key of the account and region) with the same caller and context; the fix
// narrows it with the condition AWS provides for the purpose (iam:PassedToService, kms:ViaService).
import { parseArn } from '../catalog/index.js'
import type { ContextValue, Decision, Evaluation, PolicySet, Request } from '../engine/index.js'
import { deniedMessage } from './message.js'
import { applyFixes } from './apply-fix.js'
import { hasWildcard } from './glob.js'
import { isAwsManaged, policiesOf, rawStatement } from './policy-docs.js'
import { hasIdentitySide, type Session } from './session.js'
import type { Finding, Fix, JsonStatement } from './types.js'
import type { DraftFix } from './verify.js'
import { list } from './words.js'
import { merge } from './merge.js'

// Service principals that receive a passed role, for iam:PassedToService (EC2_PASS_ROLE, Lambda, ECS pages).
const PASSED_TO: Record<string, string> = { ecs: 'ecs-tasks.amazonaws.com' }

interface Need {
  actions: string[]
  when: string
  source: string
}

export function dependentFindings(s: Session): Finding[] {
  if (!hasIdentitySide(s)) return []
  const deps = dependentsOf(s)
  if (!deps.length) return []
  const needs = new Map<string, Need>()
  for (const d of deps) {
    const key = `${d.when}\n${d.source}`
    const n = needs.get(key) ?? { actions: [], when: d.when, source: d.source }
    if (!n.actions.includes(d.action)) n.actions.push(d.action)
    needs.set(key, n)
  }
  const out: Finding[] = []
  for (const need of needs.values()) {
    const f = judge(s, need)
    if (f) out.push(f)
  }
  return out
}

const dependentCache = new WeakMap<object, Map<string, ReturnType<Session['catalog']['dependentActions']>>>()

function dependentsOf(s: Session): ReturnType<Session['catalog']['dependentActions']> {
  let byAction = dependentCache.get(s.catalog)
  if (!byAction) dependentCache.set(s.catalog, (byAction = new Map()))
  const key = s.request.action.toLowerCase()
  let deps = byAction.get(key)
  if (!deps) {
    deps = s.catalog.dependentActions(s.request.action)
    if (byAction.size >= 4096) byAction.clear()
    byAction.set(key, deps)
  }
  return deps
}

function judge(s: Session, need: Need): Finding | undefined {
  const p = s.ctx.principal
  const missing: Array<{ action: string; concrete: string }> = []
  let resource = '*'
  let condition: Record<string, Record<string, string[]>> | undefined
  let firstDecision: Decision = 'allowed'
  const allowedOn: string[] = []
  let deniedLayer: string | undefined
  let deniedMessage: string | undefined
  for (const action of need.actions) {
    const concrete = hasWildcard(action) ? s.catalog.expandAction(action)[0] : (s.catalog.canonicalAction(action) ?? action)
    if (!concrete) continue
    const rep = representative(s, concrete)
    const other: Request = merge(s.request, { action: concrete, resource: rep.resource, context: merge(s.request.context ?? {}, rep.context) })
    const ev = s.evaluateOther(other, dependentPolicies(s, concrete), true)
    if (!ev || ev.decision === 'allowed') continue
    if (!missing.length) {
      firstDecision = ev.decision
      resource = rep.resource
      condition = rep.condition
      deniedLayer = ev.deniedBy?.layer
      if (deniedLayer && deniedLayer !== 'identity') deniedMessage = deniedMessageFor(s, other, ev)
    }
    missing.push({ action, concrete })
    // Allowed on some resources only (a specific role, a specific key)?
    for (const st of ev.layers.find((l) => l.layer === 'identity')?.statements ?? []) {
      if (st.ref.effect !== 'Allow' || !st.action.matched || st.resource.matched) continue
      const raw = rawStatement(s.policies, { layer: 'identity', policyIndex: st.ref.policyIndex }, st.ref.index)
      const res = raw?.Resource
      for (const r of typeof res === 'string' ? [res] : Array.isArray(res) ? res : []) if (typeof r === 'string' && !allowedOn.includes(r)) allowedOn.push(r)
    }
  }
  if (!missing.length) return undefined
  const names = missing.map((m) => m.action)
  const partly = allowedOn.length > 0
  const always = /^always \((.*)\)$/.exec(need.when)
  const when = always ? ` (always needed: ${always[1]})` : ` when ${need.when}`
  const message = partly
    ? `${s.action} also needs ${list(names)}${when}; the caller may use ${names.length > 1 ? 'them' : 'it'} only on ${list(allowedOn, 4)}: make sure the resource the call uses is one of them (${need.source})`
    : deniedMessage
      ? `${s.action} also needs ${list(names)}${when}, and ${names.length > 1 ? 'they are' : 'it is'} denied: ${deniedMessage} (${need.source})`
      : `${s.action} also needs ${list(names)}${when}, and nothing allows ${p.kind === 'assumedRole' ? 'this role' : 'the caller'} ${names.length > 1 ? 'those actions' : 'that action'} (${need.source})`
  const f: Finding = {
    code: 'MISSING_DEPENDENT_ACTION',
    severity: 'warning',
    layer: 'identity',
    message,
    evidence: { dependent: { actions: names, when: need.when, source: need.source, decision: firstDecision, resource } },
  }
  if (partly) f.evidence!.dependent!.allowedOn = allowedOn
  if (!partly && deniedLayer === 'identity') {
    const fix = dependentFix(s, missing, resource, condition)
    if (fix) f.fix = fix
  }
  return f
}

// A dependent action on another service's resource (a role to pass, a key) is not governed by the request's
// resource-based policy or VPC endpoint policy, so those layers are dropped. The key a dependent KMS action uses is not in the PolicySet, and neither is its
// key policy: the caller's side is judged with a key policy that enables IAM policies for the caller's account (the
// default key policy, KMSDEF), so the caller's own policies (and SCPs, boundary, session) decide. The real key
// policy must allow it as well.
const otherResourcePolicies = new WeakMap<PolicySet, { kms: PolicySet; other: PolicySet }>()

function dependentPolicies(s: Session, action: string): PolicySet {
  if (action.slice(0, action.indexOf(':')).toLowerCase() === s.ctx.service) return s.policies
  let sets = otherResourcePolicies.get(s.policies)
  if (!sets) {
    const p = s.ctx.principal
    const other = merge(s.policies, {})
    // The dependent call is another service's (made by or for the caller, e.g. KMS through kms:ViaService): neither
    // the request's resource policy nor its VPC endpoint policy governs it.
    delete other.resource
    delete other.vpcEndpoint
    const kms = merge(other, {
      resource: { id: 'assumed default key policy', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:${p.partition || 'aws'}:iam::${p.account}:root` }, Action: 'kms:*', Resource: '*' }] } },
    })
    otherResourcePolicies.set(s.policies, (sets = { kms, other }))
  }
  return action.toLowerCase().startsWith('kms:') ? sets.kms : sets.other
}

function deniedMessageFor(s: Session, other: Request, ev: Evaluation): string {
  const action = s.catalog.canonicalAction(other.action) ?? other.action
  return deniedMessage({ principal: other.principal, action, resource: other.resource, resourceKind: 'other' }, ev, dependentPolicies(s, other.action))
}

function representative(s: Session, action: string): { resource: string; context: Record<string, ContextValue>; condition?: Record<string, Record<string, string[]>> } {
  const p = s.ctx.principal
  const arn = parseArn(s.request.resource)
  const partition = p.partition || arn?.partition || 'aws'
  const service = action.slice(0, action.indexOf(':')).toLowerCase()
  if (service === s.ctx.service) return { resource: s.request.resource, context: {} }
  if (action.toLowerCase() === 'iam:passrole') {
    const to = PASSED_TO[s.ctx.service] ?? `${s.ctx.service}.amazonaws.com`
    return {
      resource: `arn:${partition}:iam::${p.account}:role/*`,
      context: { 'iam:PassedToService': to },
      condition: { StringEquals: { 'iam:PassedToService': [to] } },
    }
  }
  if (service === 'kms') {
    const given = s.ctx.keys.get('aws:requestedregion')?.values[0]
    const region = arn?.region || given || '*'
    const account = s.ctx.resourceAccount || p.account
    const via = region === '*' ? undefined : `${s.ctx.service}.${region}.amazonaws.com`
    return {
      resource: `arn:${partition}:kms:${region}:${account}:key/*`,
      context: via ? { 'kms:ViaService': via } : {},
      ...(via ? { condition: { StringEquals: { 'kms:ViaService': [via] } } } : {}),
    }
  }
  return { resource: '*', context: {} }
}

function dependentFix(s: Session, missing: Array<{ action: string; concrete: string }>, resource: string, condition?: Record<string, Record<string, string[]>>): Fix | undefined {
  const statement: JsonStatement = { Effect: 'Allow', Action: missing.length === 1 ? missing[0].action : missing.map((m) => m.action), Resource: resource }
  if (condition) statement.Condition = condition
  const editable = policiesOf(s.policies, 'identity').find((x) => !isAwsManaged(x.id))
  const draft: DraftFix = editable
    ? { layer: 'identity', policyId: editable.id, policyIndex: editable.pointer.policyIndex, action: 'addStatement', statement, description: `Add this statement to identity policy ${editable.id}${resource.endsWith('/*') ? ` (narrow ${resource} to the resources the call uses)` : ''}` }
    : { layer: 'identity', policyId: 'iamdx-suggested', action: 'addPolicy', statement, description: `Attach a new identity policy with this statement${resource.endsWith('/*') ? ` (narrow ${resource} to the resources the call uses)` : ''}` }
  const fixed = applyFixes(dependentPolicies(s, missing[0].concrete), [draft as Fix])
  const rep = representative(s, missing[0].concrete)
  for (const m of missing) {
    const ev = s.evaluateOther(merge(s.request, { action: m.concrete, resource, context: merge(s.request.context ?? {}, rep.context) }), fixed, false)
    if (ev?.decision !== 'allowed') return undefined
  }
  return merge(draft, { verified: true as const, decisionAfter: 'allowed' as const, verifiedOn: { actions: missing.map((m) => m.concrete), resource } })
}
