// Implicit denies: a layer that must allow does not. For the layer the engine names (deniedBy), the near misses of
// that layer (and, in the same account, of the resource-based policy that could grant instead, §1.5), then the
// layer's own finding: NO_MATCHING_ALLOW, PERMISSIONS_BOUNDARY_LIMIT (R1.6.1), SESSION_POLICY_LIMIT (R1.7.2),
// SCP_LIMIT / RCP_LIMIT per level (R1.3.5, R1.4.6), CROSS_ACCOUNT_ONE_SIDED (R2.1), KMS_KEY_POLICY_GAP (R3.2.2),
// TRUST_POLICY_GAP (R3.1.2), each with a fix scoped to the exact action and the resource it needs.
import type { Evaluation, Layer } from '../engine/index.js'
import { nearMisses, nearMissFinding, type Candidate } from './near-miss.js'
import { isAwsManaged, policiesOf, policyIdsOf } from './policy-docs.js'
import { principalElementFor } from './principal-analysis.js'
import { hasIdentitySide, principalSideAllows, type Session } from './session.js'
import type { Evidence, Finding, Fix, JsonStatement, LayerEvidence } from './types.js'
import { layerAllows, verifyFix, type DraftFix } from './verify.js'
import { layerNoun, levelName, list, statementName } from './words.js'
import { merge } from './merge.js'

export interface GapResult {
  findings: Finding[]
  /** The fixes the plan applies for this layer (one per failing SCP/RCP level). */
  chain: Fix[]
}

const MAX_CANDIDATES = 5

export function gapFindings(s: Session, layer: Layer, current: Evaluation, base: readonly Fix[] = []): GapResult {
  const failingLevels = levelsNotAllowing(current, layer)
  const levelSet = failingLevels.length ? new Set(failingLevels) : undefined
  const candidates: Candidate[] = nearMisses(s, layer, levelSet ? { levels: levelSet } : {})
  // Same account: a resource-based policy that names the caller can grant on its own (§1.5), so its near misses are
  // alternatives to an identity-policy change.
  if (layer === 'identity' && s.kind === 'other' && !s.crossAccount && hasIdentitySide(s) && s.trace.resource && s.trace.resource.decision !== 'allowed') {
    candidates.push(...nearMisses(s, 'resource', { bias: 1 }))
    candidates.sort((a, b) => a.score - b.score)
  }
  // Fixes are verified for the best near miss of each SCP/RCP level (or of the layer), and for an alternative only
  // when it ranks above every near miss of the layer itself; the others are listed with their evidence.
  // (Small lists, not Sets: a handful of entries at most, and a diagnosis builds them for every layer it visits.)
  const top = candidates.length > MAX_CANDIDATES ? candidates.slice(0, MAX_CANDIDATES) : candidates
  const withFix: Candidate[] = []
  const slots: string[] = []
  for (const c of top) {
    const slot = c.layer === layer ? `${c.st.ref.level ?? ''}` : 'alt'
    if (slots.includes(slot) || (slot === 'alt' && slots.length)) continue
    slots.push(slot)
    withFix.push(c)
  }
  const findings: Finding[] = []
  for (const c of top) findings.push(nearMissFinding(s, c, layer, withFix.includes(c), base))

  // A layer (level) needs no fix of its own when a near miss of it has one; and gets none when its best near miss
  // misses on a condition that the request can satisfy: a statement without that condition (MFA, ExternalId, a
  // tag, an encryption context) would defeat what the condition guards.
  const fixedLevels: Array<number | undefined> = []
  const guarded: Array<number | undefined> = []
  const seenSlots: Array<number | undefined> = []
  for (const f of findings) {
    if (f.layer !== layer) continue
    if (f.fix && !fixedLevels.includes(f.level)) fixedLevels.push(f.level)
    if (!seenSlots.includes(f.level)) {
      seenSlots.push(f.level)
      if ((f.code === 'CONDITION_MISMATCH' || f.code === 'MISSING_CONTEXT_KEY') && f.requestChange && !f.fix && !guarded.includes(f.level)) guarded.push(f.level)
    }
  }
  for (const g of guarded) if (!fixedLevels.includes(g)) fixedLevels.push(g)
  const layerFindings = layerLevel(s, layer, current, failingLevels, fixedLevels, candidates, base)
  for (const f of layerFindings) {
    if (f.layer === layer && guarded.includes(f.level) && !f.fix) f.message += '. The closest statement misses only on a condition the request can satisfy (see the request change above); no policy change is proposed that would drop that condition'
  }
  findings.push(...layerFindings)

  // The plan takes the first verified fix in rank order: one for the layer (a near miss, an alternative grant, or
  // the layer's own fix), or one per failing SCP/RCP level.
  const chain: Fix[] = []
  if (failingLevels.length) {
    for (const level of failingLevels) {
      const f = findings.find((x) => x.fix && x.layer === layer && x.level === level)
      if (f?.fix) chain.push(f.fix)
    }
  } else {
    const f = findings.find((x) => x.fix)
    if (f?.fix) chain.push(f.fix)
  }
  return { findings, chain }
}

function levelsNotAllowing(e: Evaluation, layer: Layer): number[] {
  if (layer !== 'scp' && layer !== 'rcp') return []
  const t = e.layers.find((l) => l.layer === layer)
  return (t?.levels ?? []).filter((l) => l.decision === 'implicitDeny').map((l) => l.level)
}

function layerEvidence(s: Session, layer: Layer, decision: Evaluation['decision'], level?: number): LayerEvidence {
  return { decision, policies: policyIdsOf(s.policies, layer, level) }
}

function layerLevel(s: Session, layer: Layer, current: Evaluation, levels: number[], fixed: ReadonlyArray<number | undefined>, candidates: Candidate[], base: readonly Fix[]): Finding[] {
  const out: Finding[] = []
  const on = s.request.resource === '*' ? '' : ` on ${s.request.resource}`
  const act = s.action
  const decisionOf = (l: Layer) => current.layers.find((t) => t.layer === l)?.decision
  // Drafts are built only when a near miss of the same layer (or level) has no verified fix already. SCP/RCP levels
  // are verified one after another, each with the fixes of the levels before it applied.
  const levelBase = [...base]
  const withFix = (f: Finding, draft: () => DraftFix | undefined, level?: number) => {
    const d = fixed.includes(level) ? undefined : s.draft(`gap|${layer}|${level ?? ''}`, draft)
    if (d) {
      const fix = verifyFix(s, d, layerAllows(layer, level), levelBase)
      if (fix) {
        f.fix = fix
        if (level !== undefined) levelBase.push(fix)
      }
    }
    return f
  }
  // Which side of a cross-account request allows is judged on the policies as given, not with earlier fixes applied.
  const identityAllows = principalSideAllows(s, s.ev)
  const originalDecision = (l: Layer) => s.trace[l]?.decision
  const p = s.ctx.principal

  switch (layer) {
    case 'identity': {
      const ids = policyIdsOf(s.policies, 'identity')
      let message = ids.length
        ? `No identity-based policy of the caller allows ${act}${on} (evaluated: ${list(ids)})`
        : `The caller has no identity-based policy, so nothing on its side allows ${act}${on}`
      if (s.kind === 'kmsKey') message += '. The key policy delegates to the account (R3.2.2), so an identity policy must allow the action'
      else if (s.kind === 'roleTrust') message += `. The trust policy trusts the account, which only delegates: an identity policy must allow ${act} on the role too (R3.1.2)`
      else if (s.crossAccount) message += `. Cross-account requests need the caller's own account to allow as well (R2.1)`
      out.push(withFix({ code: 'NO_MATCHING_ALLOW', severity: 'error', layer, message, evidence: { layer: layerEvidence(s, layer, decisionOf(layer) ?? 'implicitDeny') } }, () => identityFix(s, candidates)))
      if (s.crossAccount && originalDecision('resource') === 'allowed') {
        out.push({
          code: 'CROSS_ACCOUNT_ONE_SIDED',
          severity: 'error',
          layer,
          message: `Cross-account request: the ${layerNoun('resource', s.kind)} in account ${s.ctx.resourceAccount} allows ${act}, but the caller's account ${p.account} does not (no identity-based policy allows it). Both accounts must allow (R2.1, XACCT)`,
          evidence: { layer: merge(layerEvidence(s, layer, 'implicitDeny'), { allowedBy: allowingStatements(s, 'resource') }) },
        })
      }
      break
    }
    case 'resource': {
      const t = s.trace.resource
      const noun = layerNoun('resource', s.kind)
      const notes = current.issues.filter((i) => i.code === 'NOTE').map((i) => i.message)
      if (t && t.decision === 'allowed' && decisionOf('resource') === 'allowed') {
        // The resource policy allows, yet the engine denies at it: a service rule (R3.5.2 SQS, R3.2.7 KMS).
        const f = { code: 'NO_MATCHING_ALLOW', severity: 'error', layer } as Finding
        if (t) f.policyId = policiesOf(s.policies, 'resource')[0]?.id
        f.message = `The ${noun} allows ${act}, but the grant has no effect here: ${notes.join(' ') || 'a service rule applies'}`
        out.push(f)
        break
      }
      const id = policiesOf(s.policies, 'resource')[0]?.id
      const draft = () => resourceFix(s)
      if (s.kind === 'kmsKey') {
        const message = id
          ? `The key policy ${id} neither allows ${s.principalArn ?? p.arn} to use ${act} nor delegates to account ${p.account} (a statement with Principal arn:aws:iam::${p.account}:root); without either, IAM policies are ignored for this key (R3.2.2, KMSKP)${identityAllows ? `, even though the caller's IAM policies allow ${act}` : ''}`
          : `No key policy was given; every KMS key has one and nothing can use the key unless it allows (R3.2.1, KMSKP)`
        out.push(withFix(layerFinding('KMS_KEY_POLICY_GAP', layer, id ? id : undefined, message, { layer: merge(layerEvidence(s, layer, decisionOf(layer) ?? 'implicitDeny'), identityAllows ? { allowedBy: allowingStatements(s, 'identity') } : {}) }), draft))
      } else if (s.kind === 'roleTrust') {
        const message = id
          ? `The trust policy ${id} of ${s.request.resource} does not let ${p.arn} call ${act} on the role: no statement allows it for this principal (R3.1.2)`
          : `No trust policy was given for ${s.request.resource}; nobody can assume a role unless its trust policy allows (R3.1.2)`
        out.push(withFix(layerFinding('TRUST_POLICY_GAP', layer, id ? id : undefined, message, { layer: layerEvidence(s, layer, decisionOf(layer) ?? 'implicitDeny') }), draft))
      } else {
        const message = id
          ? `No statement of the ${noun} ${id} allows ${p.arn} to perform ${act}${on}${!hasIdentitySide(s) ? ` (a ${p.kind === 'service' ? 'service principal' : 'principal without identity policies'} is allowed only by resource-based policies)` : ''}`
          : `The resource has no resource-based policy, and ${s.crossAccount ? 'a cross-account request needs one that allows the caller (R2.1, R2.5)' : 'this caller can only be allowed by one'}`
        out.push(withFix(layerFinding('NO_MATCHING_ALLOW', layer, id ? id : undefined, message, { layer: layerEvidence(s, layer, decisionOf(layer) ?? 'implicitDeny') }), draft))
      }
      if (s.crossAccount && identityAllows) {
        out.push(layerFinding(
          'CROSS_ACCOUNT_ONE_SIDED',
          layer,
          id ? id : undefined,
          `Cross-account request: the caller's account ${p.account} allows ${act}, but the ${noun} in account ${s.ctx.resourceAccount} does not allow the caller. Both accounts must allow (R2.1, XACCT)`,
          { layer: merge(layerEvidence(s, layer, decisionOf(layer) ?? 'implicitDeny'), { allowedBy: allowingStatements(s, 'identity') }) },
        ))
      }
      break
    }
    case 'permissionsBoundary': {
      const id = s.policies.permissionsBoundary?.id ?? 'permissionsBoundary'
      const allows = allowingStatements(s, 'identity')
      const message = allows.length
        ? `The identity-based policy allows ${act} (${allows.map((a) => `${statementName(a)} of ${a.policyId}`).join(', ')}), but the permissions boundary ${id} does not; effective permissions are the intersection of the two (R1.6.1, BOUNDARY)`
        : `The permissions boundary ${id} does not allow ${act}${on}; a boundary caps every grant to the caller (R1.6.1, BOUNDARY)`
      out.push(withFix({ code: 'PERMISSIONS_BOUNDARY_LIMIT', severity: 'error', layer, policyId: id, policyIndex: 0, message, evidence: { layer: merge(layerEvidence(s, layer, decisionOf(layer) ?? 'implicitDeny'), { allowedBy: allows }) } }, () => simpleFix(s, 'permissionsBoundary')))
      break
    }
    case 'session': {
      const ids = policyIdsOf(s.policies, 'session')
      const allows = allowingStatements(s, 'identity')
      const message = !ids.length
        ? `The caller is a federated-user session created without a session policy, which has no permissions (R1.7.5, GETFED)`
        : allows.length
          ? `The identity-based policy allows ${act}, but the session policy (${list(ids)}) does not; a session's permissions are the intersection of the two (R1.7.2, POLTYPES)`
          : `The session policy (${list(ids)}) does not allow ${act}${on}; a session policy caps what the session may do (R1.7.2, POLTYPES)`
      out.push(withFix(layerFinding('SESSION_POLICY_LIMIT', layer, ids.length ? ids[0] : undefined, message, { layer: merge(layerEvidence(s, layer, decisionOf(layer) ?? 'implicitDeny'), { allowedBy: allows }) }), () => simpleFix(s, 'session')))
      break
    }
    case 'scp':
    case 'rcp': {
      const count = (s.policies[layer] ?? []).length
      for (const level of levels) {
        const ids = policyIdsOf(s.policies, layer, level)
        const what = layer === 'scp' ? 'SCP' : 'RCP'
        const attached = ids.length ? `attached there: ${list(ids)}` : 'none is attached there'
        const message = `No ${what} at ${levelName(level, count)} allows ${act} (${attached}); every level from the root to the account must allow (${layer === 'scp' ? 'R1.3.5, SCP' : 'R1.4.6, RCPEVAL'})`
        const f = layerFinding(layer === 'scp' ? 'SCP_LIMIT' : 'RCP_LIMIT', layer, ids.length === 1 ? ids[0] : undefined, message, { layer: { decision: 'implicitDeny', failingLevels: levels, policies: ids } }, level)
        out.push(withFix(f, () => (layer === 'scp' ? scpFix(s, level) : rcpFix(level)), level))
      }
      break
    }
    case 'vpcEndpoint': {
      const id = s.policies.vpcEndpoint?.id ?? 'vpcEndpoint'
      out.push(withFix({ code: 'NO_MATCHING_ALLOW', severity: 'error', layer, policyId: id, policyIndex: 0, message: `The VPC endpoint policy ${id} allows nothing for this request; a request through the endpoint must be allowed by it as well as by the other policies (R1.8.1, VPCE)`, evidence: { layer: layerEvidence(s, layer, decisionOf(layer) ?? 'implicitDeny') } }, () => vpceFix(s)))
      break
    }
  }
  return out
}

/** Allow statements of a layer that matched in the first evaluation. */
function allowingStatements(s: Session, layer: Layer): NonNullable<LayerEvidence['allowedBy']> {
  return (s.trace[layer]?.statements ?? [])
    .filter((st) => st.matched && st.ref.effect === 'Allow')
    .map((st) => {
      const a: NonNullable<LayerEvidence['allowedBy']>[number] = { layer, policyId: st.ref.policyId, index: st.ref.index }
      if (st.ref.sid !== undefined) a.sid = st.ref.sid
      return a
    })
}

const allowStatement = (s: Session): JsonStatement => ({ Effect: 'Allow', Action: s.action, Resource: s.needed })

/** Where a new statement goes in a layer: the policy of the best near miss, else the first policy that the
 *  customer can edit, else a new policy. */
function target(s: Session, layer: Layer, candidates: Candidate[], level?: number): Pick<DraftFix, 'layer' | 'policyId' | 'policyIndex' | 'level' | 'action'> {
  const near = candidates.find((c) => c.layer === layer && (level === undefined || c.st.ref.level === level) && !isAwsManaged(c.st.ref.policyId))
  if (near) return targetAt(layer, near.st.ref.policyId, near.st.ref.policyIndex, level, 'addStatement')
  const editable = policiesOf(s.policies, layer, level).find((p) => !isAwsManaged(p.id))
  if (editable) return targetAt(layer, editable.id, editable.pointer.policyIndex, level, 'addStatement')
  return targetAt(layer, 'iamdx-suggested', undefined, level, 'addPolicy')
}

type Target = Pick<DraftFix, 'layer' | 'policyId' | 'policyIndex' | 'level' | 'action'>

/** layer, policyId, policyIndex?, level?, action: the order the wire shows a fix's location in. */
function targetAt(layer: Layer, policyId: string, policyIndex: number | undefined, level: number | undefined, action: DraftFix['action']): Target {
  const t = { layer, policyId } as Target
  if (policyIndex !== undefined) t.policyIndex = policyIndex
  if (level !== undefined) t.level = level
  t.action = action
  return t
}

/** A layer's own finding: code, severity, layer, level?, policyId? and policyIndex 0, message, evidence. */
function layerFinding(code: Finding['code'], layer: Layer, policyId: string | undefined, message: string, evidence: Evidence, level?: number): Finding {
  const f = { code, severity: 'error', layer } as Finding
  if (level !== undefined) f.level = level
  if (policyId !== undefined) {
    f.policyId = policyId
    f.policyIndex = 0
  }
  f.message = message
  f.evidence = evidence
  return f
}

function describe(t: Pick<DraftFix, 'layer' | 'policyId' | 'action'>, s: Session, extra = ''): string {
  const noun = layerNoun(t.layer, s.kind)
  return t.action === 'addPolicy'
    ? `Attach a new ${noun} ${t.policyId} with this statement${extra}`
    : `Add this statement to ${noun} ${t.policyId}${extra}`
}

function identityFix(s: Session, candidates: Candidate[]): DraftFix | undefined {
  if (!hasIdentitySide(s)) return undefined
  const t = target(s, 'identity', candidates)
  return merge(t, { statement: allowStatement(s), description: describe(t, s) })
}

function simpleFix(s: Session, layer: 'permissionsBoundary' | 'session'): DraftFix | undefined {
  const t = target(s, layer, [])
  const extra = layer === 'session' ? ' (session policies are passed when the session is created: the Policy or PolicyArns of AssumeRole or GetFederationToken)' : ''
  return merge(t, { statement: allowStatement(s), description: describe(t, s, extra) })
}

function resourceFix(s: Session): DraftFix | undefined {
  const p = s.ctx.principal
  if (p.kind === 'anonymous') return undefined
  const statement: JsonStatement = { Effect: 'Allow', Principal: principalElementFor(p), Action: s.action }
  // In a key policy, "*" means this key (KMSKP); a trust policy has no Resource (the role is the resource).
  if (s.kind === 'kmsKey') statement.Resource = '*'
  else if (s.kind !== 'roleTrust') statement.Resource = s.needed
  const existing = policiesOf(s.policies, 'resource')[0]
  const name = s.kind === 'kmsKey' ? 'key-policy' : s.kind === 'roleTrust' ? 'trust-policy' : 'resource-policy'
  const t: Pick<DraftFix, 'layer' | 'policyId' | 'policyIndex' | 'action'> = existing
    ? { layer: 'resource', policyId: existing.id, policyIndex: 0, action: 'addStatement' }
    : { layer: 'resource', policyId: name, action: 'addPolicy' }
  const extra = s.kind === 'kmsKey' ? ' (in a key policy, Resource "*" means this key)' : ''
  return merge(t, { statement, description: describe(t, s, extra) })
}

function vpceFix(s: Session): DraftFix | undefined {
  if (!s.principalArn) return undefined
  // Gateway endpoint policies need Principal "*" (R1.8.4); the caller is named by aws:PrincipalArn.
  const statement: JsonStatement = { Effect: 'Allow', Principal: '*', Action: s.action, Resource: s.needed, Condition: { ArnEquals: { 'aws:PrincipalArn': [s.principalArn] } } }
  const id = s.policies.vpcEndpoint?.id ?? 'vpcEndpoint'
  return { layer: 'vpcEndpoint', policyId: id, policyIndex: 0, action: 'addStatement', statement, description: `Add this statement to VPC endpoint policy ${id}` }
}

function scpFix(s: Session, level: number): DraftFix {
  const t = target(s, 'scp', [], level)
  return merge(t, { statement: allowStatement(s), description: describe(t, s, ` at ${levelName(level, (s.policies.scp ?? []).length)}`) })
}

function rcpFix(level: number): DraftFix {
  // Customer RCPs can only deny; the allow every level needs is the AWS-managed RCPFullAWSAccess (R1.4.5, RCPSYN).
  return {
    layer: 'rcp',
    policyId: 'RCPFullAWSAccess',
    level,
    action: 'addPolicy',
    statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
    description: `Attach the AWS-managed RCPFullAWSAccess at level ${level}`,
    warning: 'RCPs can only restrict: customer RCPs cannot allow, and every level needs RCPFullAWSAccess (attached by default). Attaching it adds no permission by itself.',
  }
}

