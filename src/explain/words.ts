// How findings name layers, policies and statements for a person.
import type { Layer, ResourceKind, StatementRef } from '../engine/index.js'

/** The policy-type phrase of AWS's AccessDenied messages (§8.1, DENIED). */
export const AWS_PHRASE: Record<Layer, string> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  permissionsBoundary: 'permissions boundary',
  session: 'session policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
  vpcEndpoint: 'VPC endpoint policy',
}

/** A layer as a noun in findings: "identity policy", "key policy", "trust policy", "SCP". */
export function layerNoun(layer: Layer, kind: ResourceKind = 'other'): string {
  switch (layer) {
    case 'identity': return 'identity policy'
    case 'resource': return kind === 'kmsKey' ? 'key policy' : kind === 'roleTrust' ? 'trust policy' : 'resource-based policy'
    case 'permissionsBoundary': return 'permissions boundary'
    case 'session': return 'session policy'
    case 'scp': return 'SCP'
    case 'rcp': return 'RCP'
    case 'vpcEndpoint': return 'VPC endpoint policy'
  }
}

export function levelName(level: number, levels: number): string {
  if (level === 0) return 'the root (level 0)'
  if (level === levels - 1) return `the account (level ${level})`
  return `OU level ${level}`
}

export function statementName(ref: { index: number; sid?: string }): string {
  return ref.sid ? `statement ${ref.sid}` : `statement #${ref.index}`
}

/** "statement ReadBucket of identity policy deploy" */
export function statementOf(ref: StatementRef, kind: ResourceKind = 'other'): string {
  return `${statementName(ref)} of ${layerNoun(ref.layer, kind)} ${ref.policyId}`
}

export function list(items: readonly string[], max = 6): string {
  if (items.length === 0) return '(none)'
  const shown = items.slice(0, max)
  const more = items.length > max ? `, … (${items.length - max} more)` : ''
  return items.length === 1 ? items[0] : `[${shown.join(', ')}${more}]`
}

export function quoteValues(values: readonly string[] | null): string {
  if (values === null) return '(absent)'
  return values.length === 1 ? values[0] : `[${values.join(', ')}]`
}
