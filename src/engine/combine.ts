// The one place that encodes AWS's evaluation order (DENYALLOW flowchart; IAM-EVALUATION.md §1.2, §1.5, §2, §3).
//   1. an explicit Deny in any applicable layer wins;
//   2. RCPs of the resource's account, 3. SCPs of the principal's account (every level must allow),
//   4. the VPC endpoint policy, each a filter that never grants;
//   5. the grant: a resource-based policy and/or the principal's identity policies, capped by the permissions
//      boundary and session policies, with the special rules of KMS key policies and role trust policies,
//      and both sides for cross-account requests.
import type { RequestContext } from './request-context.js'
import type { Decision, Layer, StatementRef } from './types.js'
import type { AllowHit, LayerOutcome } from './evaluate-layer.js'
import type { ResourceKind } from './resource-kind.js'

export interface CombineInput {
  ctx: RequestContext
  rcp?: LayerOutcome
  scp?: LayerOutcome
  vpcEndpoint?: LayerOutcome
  resource?: LayerOutcome
  identity: LayerOutcome
  permissionsBoundary?: LayerOutcome
  session?: LayerOutcome
  /** A federated-user session (GetFederationToken) with no session policy has no permissions (R1.7.5, GETFED). */
  sessionRequiredButAbsent: boolean
  resourceKind: ResourceKind
  crossAccount: boolean
}

export interface CombineResult {
  decision: Decision
  decidedBy: StatementRef[]
  deniedBy?: { layer: Layer; level?: number; kind: 'explicit' | 'implicit' }
  notes: string[]
}

/** Order in which a layer is named when several deny (AWS names only one policy type, DENIED). */
const REPORT_ORDER: Layer[] = ['rcp', 'scp', 'vpcEndpoint', 'resource', 'identity', 'permissionsBoundary', 'session']

export function combine(input: CombineInput): CombineResult {
  const { ctx } = input
  const notes: string[] = []
  const layers: Partial<Record<Layer, LayerOutcome>> = {
    rcp: input.rcp, scp: input.scp, vpcEndpoint: input.vpcEndpoint, resource: input.resource,
    identity: input.identity, permissionsBoundary: input.permissionsBoundary, session: input.session,
  }

  // 1. Explicit deny anywhere (R1.1.2, DENYALLOW). IAM denies count even for KMS keys whose key policy does not
  //    enable IAM policies (R3.2.3).
  const denies: StatementRef[] = []
  let firstDeny: Layer | undefined
  for (const l of REPORT_ORDER) {
    const o = layers[l]
    if (o && o.denies.length) {
      denies.push(...o.denies)
      firstDeny ??= l
    }
  }
  if (firstDeny) {
    // SCPs and RCPs: the level (root, OU, account) of the first deny AWS would name.
    const level = layers[firstDeny]?.denies[0]?.level
    return { decision: 'explicitDeny', decidedBy: denies, deniedBy: { layer: firstDeny, ...(level !== undefined ? { level } : {}), kind: 'explicit' }, notes }
  }

  // 2–4. Guardrails that never grant: every level must allow.
  for (const l of ['rcp', 'scp', 'vpcEndpoint'] as const) {
    const o = layers[l]
    if (o && o.decision !== 'allowed') {
      const result = implicit(l, notes)
      // The first level (root first) that allows nothing.
      const level = o.levels?.find((x) => x.decision !== 'allowed')?.level
      if (level !== undefined && result.deniedBy) result.deniedBy.level = level
      return result
    }
  }

  // 5. The grant.
  const p = ctx.principal
  const boundaryOk = !input.permissionsBoundary || input.permissionsBoundary.decision === 'allowed'
  const sessionOk = input.session ? input.session.decision === 'allowed' : !input.sessionRequiredButAbsent
  // The root user has full access to its own account by default (R1.1.1); principals that are not IAM
  // identities (services, identity providers) have no identity side at all.
  const hasIdentitySide = p.kind !== 'service' && p.kind !== 'identityProvider'
  const identityAllows = p.kind === 'root' || input.identity.decision === 'allowed'
  if (p.kind === 'root' && input.identity.decision !== 'allowed') {
    notes.push('The root user has full access to its own account by default, without identity-based policies (R1.1.1); SCPs, explicit denies and KMS key policies still apply.')
  }
  const principalSide = hasIdentitySide && identityAllows && boundaryOk && sessionOk
  const identityRefs = input.identity.allows.map((a) => a.ref)

  const firstFailingPrincipalSide = (): Layer =>
    !identityAllows ? 'identity' : !boundaryOk ? 'permissionsBoundary' : 'session'

  const rbp = input.resource
  const rbpAllows = rbp ? rbp.allows : []
  const delegations = rbpAllows.filter((a) => a.via.via === 'account')
  const direct = rbpAllows.filter((a) => a.via.via !== 'account')

  const allowed = (refs: StatementRef[]): CombineResult => ({ decision: 'allowed', decidedBy: refs, notes })

  if (input.resourceKind === 'kmsKey' || input.resourceKind === 'roleTrust') {
    // Key policies and trust policies must allow the principal explicitly; IAM policies count only where they
    // delegate to the account (R3.2.2, KMSKP; R3.1.2, DENYALLOW).
    if (!rbp) {
      notes.push(input.resourceKind === 'kmsKey'
        ? 'Every KMS key has a key policy and nothing can use the key unless it allows (R3.2.1); none was given.'
        : 'Every role has a trust policy and nobody can assume the role unless it allows (R3.1.2); none was given.')
      return implicit('resource', notes)
    }
    if (input.resourceKind === 'kmsKey' && input.crossAccount && !kmsCrossAccountAction(ctx.action)) {
      notes.push(`${ctx.actionAsGiven} cannot be used on a KMS key of another account (R3.2.7, KMSXACCT).`)
      return implicit('resource', notes)
    }
    if (!direct.length && !delegations.length) return implicit('resource', notes)
    if (input.crossAccount) {
      // Both sides: the key or trust policy must allow the external principal or its account, and the
      // principal's own account must allow it too (R2.1, R3.1.2, R3.2.7).
      return principalSide ? allowed([...rbpAllows.map((a) => a.ref), ...identityRefs]) : implicit(firstFailingPrincipalSide(), notes)
    }
    const independent = directGrant(direct, boundaryOk, sessionOk)
    if (independent) return allowed(independent)
    if (delegations.length && principalSide) return allowed([...delegations.map((a) => a.ref), ...identityRefs])
    if (!delegations.length) {
      // A direct grant exists but is capped (role ARN with a boundary/session that does not allow).
      return implicit(!boundaryOk ? 'permissionsBoundary' : 'session', notes)
    }
    return implicit(firstFailingPrincipalSide(), notes)
  }

  if (!hasIdentitySide) {
    // Service principals and identity providers are granted by resource-based policies alone.
    return direct.length ? allowed(direct.map((a) => a.ref)) : implicit('resource', notes)
  }

  if (input.crossAccount) {
    // Cross-account: the principal's account and the resource's account must both allow (R2.1, XACCT).
    if (!principalSide) return implicit(firstFailingPrincipalSide(), notes)
    if (!rbpAllows.length) return implicit('resource', notes)
    if (SQS_NOT_GRANTABLE_CROSS_ACCOUNT.has(ctx.action)) {
      notes.push(`A queue policy cannot grant ${ctx.actionAsGiven} to another account; the grant has no effect (R3.5.2, SQSLIM).`)
      return implicit('resource', notes)
    }
    return allowed([...identityRefs, ...rbpAllows.map((a) => a.ref)])
  }

  // Same account: a resource-based policy that names the principal can grant on its own, depending on which
  // ARN it names (§1.5 table, DENYALLOW; PRINCIPAL; POLTYPES).
  const independent = directGrant(direct, boundaryOk, sessionOk)
  if (independent) return allowed(independent)
  if (principalSide) return allowed([...identityRefs, ...delegations.map((a) => a.ref)])
  if (direct.length) return implicit(!boundaryOk ? 'permissionsBoundary' : 'session', notes)
  return implicit(firstFailingPrincipalSide(), notes)
}

/**
 * Same-account grants of a resource-based policy that stand without the identity side (§1.5):
 * - a user ARN: not limited by the user's identity policies or boundary;
 * - a role-session or federated-user-session ARN, or Principal "*" (with or without aws:PrincipalArn):
 *   not limited by identity, boundary or session policies;
 * - a role ARN (or its unique id): not limited by identity silence, but capped by the role's permissions
 *   boundary and the session policy (implicit deny in them).
 * Returns the refs of the statements that grant, or null.
 */
function directGrant(direct: AllowHit[], boundaryOk: boolean, sessionOk: boolean): StatementRef[] | null {
  const free = direct.filter((a) => a.via.via !== 'role' && !(a.via.via === 'uniqueId' && a.via.pattern.startsWith('AROA')))
  if (free.length) return free.map((a) => a.ref)
  const capped = direct.filter((a) => a.via.via === 'role' || a.via.via === 'uniqueId')
  if (capped.length && boundaryOk && sessionOk) return capped.map((a) => a.ref)
  return null
}

function implicit(layer: Layer, notes: string[]): CombineResult {
  return { decision: 'implicitDeny', decidedBy: [], deniedBy: { layer, kind: 'implicit' }, notes }
}

// KMS operations that can be used on a key in another account (R3.2.7, KMSXACCT).
const KMS_CROSS_ACCOUNT = new Set([
  'kms:encrypt', 'kms:decrypt', 'kms:reencryptfrom', 'kms:reencryptto', 'kms:generatedatakey',
  'kms:generatedatakeypair', 'kms:generatedatakeypairwithoutplaintext', 'kms:generatedatakeywithoutplaintext',
  'kms:generatemac', 'kms:verifymac', 'kms:sign', 'kms:verify', 'kms:derivesharedsecret', 'kms:creategrant',
  'kms:describekey', 'kms:getkeyrotationstatus', 'kms:getpublickey', 'kms:listgrants', 'kms:retiregrant',
  'kms:revokegrant',
])

function kmsCrossAccountAction(actionLower: string): boolean {
  return KMS_CROSS_ACCOUNT.has(actionLower)
}

// SQS actions a queue policy cannot grant to other accounts (R3.5.2, SQSLIM).
const SQS_NOT_GRANTABLE_CROSS_ACCOUNT = new Set([
  'sqs:addpermission', 'sqs:cancelmessagemovetask', 'sqs:createqueue', 'sqs:deletequeue', 'sqs:listmessagemovetasks',
  'sqs:listqueues', 'sqs:listqueuetags', 'sqs:removepermission', 'sqs:setqueueattributes', 'sqs:startmessagemovetask',
  'sqs:tagqueue', 'sqs:untagqueue',
])
