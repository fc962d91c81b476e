// AWS's AccessDenied text for a denied request, in the enhanced format that names the policy type (§8.1, DENIED):
//   User: <principal> is not authorized to perform: <action> [on resource: <arn>] because no <type> allows the <action> action
//   User: <principal> is not authorized to perform: <action> [on resource: <arn>] with an explicit deny in a <type>
// Role trust policies read "because no role trust policy allows the sts:AssumeRole action" and "with an explicit deny
// in the role trust policy" (R3.1.6). KMS key policies are worded as resource-based policies (observed messages:
// "because no resource-based policy allows the kms:Decrypt action"). The ARN of the denying policy is appended for
// SCPs, RCPs, permissions boundaries, session policies and identity-based policies (ARNBLOG) when its id is an ARN.
import type { Evaluation, Layer, PolicyInput, PolicySet, ResourceKind, StatementRef } from '../engine/index.js'
import { AWS_PHRASE, layerNoun, statementName } from './words.js'

export interface MessageSubject {
  /** The principal as the request gave it. */
  principal: string
  /** The action in AWS's casing where the catalog knows it. */
  action: string
  resource: string
  resourceKind: ResourceKind
}

// Policy types whose ARN AWS appends to the message (ARNBLOG); resource-based and endpoint policies are not among them.
const ARN_LAYERS = new Set<Layer>(['identity', 'permissionsBoundary', 'session', 'scp', 'rcp'])

export function deniedMessage(s: MessageSubject, e: Pick<Evaluation, 'decision' | 'deniedBy' | 'decidedBy' | 'layers'>, policies: PolicySet): string {
  const head = `User: ${s.principal} is not authorized to perform: ${s.action}${s.resource === '*' ? '' : ` on resource: ${s.resource}`}`
  const d = e.deniedBy
  if (!d) return `${head} because no ${AWS_PHRASE.identity} allows the ${s.action} action`
  const trust = d.layer === 'resource' && s.resourceKind === 'roleTrust'
  if (d.kind === 'explicit') {
    const tail = trust ? 'with an explicit deny in the role trust policy' : `with an explicit deny in ${article(AWS_PHRASE[d.layer])} ${AWS_PHRASE[d.layer]}`
    const deny = e.decidedBy.find((r) => r.layer === d.layer && r.effect === 'Deny')
    return `${head} ${tail}${arnSuffix(d.layer, deny?.policyId)}`
  }
  const tail = trust ? `because no role trust policy allows the ${s.action} action` : `because no ${AWS_PHRASE[d.layer]} allows the ${s.action} action`
  return `${head} ${tail}${arnSuffix(d.layer, implicitPolicyId(d.layer, e, policies))}`
}

// "an identity-based policy", "a service control policy" (observed messages use the article English asks for).
function article(phrase: string): string {
  return /^[aeiou]/i.test(phrase) ? 'an' : 'a'
}

function arnSuffix(layer: Layer, policyId: string | undefined): string {
  return policyId && ARN_LAYERS.has(layer) && policyId.startsWith('arn:') ? `: ${policyId}` : ''
}

/** For an implicit deny, the one policy that can be named: the boundary, or the only policy of the first SCP/RCP
 *  level that does not allow. Identity and session layers are a set of policies, so none is named. */
function implicitPolicyId(layer: Layer, e: Pick<Evaluation, 'layers'>, policies: PolicySet): string | undefined {
  if (layer === 'permissionsBoundary') return policies.permissionsBoundary?.id
  if (layer !== 'scp' && layer !== 'rcp') return undefined
  const trace = e.layers.find((l) => l.layer === layer)
  const failing = trace?.levels?.find((l) => l.decision !== 'allowed')
  if (!failing) return undefined
  const level: PolicyInput[] | undefined = policies[layer]?.[failing.level]
  return level && level.length === 1 ? level[0].id : undefined
}

/** A sentence naming the statements that allow (the engine's decidedBy). */
export function allowedMessage(s: MessageSubject, decidedBy: StatementRef[], rootDefault: boolean): string {
  const head = `User: ${s.principal} is authorized to perform: ${s.action}${s.resource === '*' ? '' : ` on resource: ${s.resource}`}`
  if (decidedBy.length === 0) {
    return rootDefault
      ? `${head}: the account root user has full access to its own account's resources by default (R1.1.1) and nothing denies`
      : `${head}: nothing denies it and the layers that apply allow it`
  }
  const parts = decidedBy.map((r) => `${statementName(r)} of ${layerNoun(r.layer, s.resourceKind)} ${r.policyId}`)
  return `${head}, allowed by ${joinAnd(parts)}`
}

function joinAnd(parts: string[]): string {
  if (parts.length <= 1) return parts.join('')
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
}
