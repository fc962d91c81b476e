// Light reading of principal texts found in messages and records. The engine's full parser lives in
// src/engine/principal-arn.ts, which src/ingest may not import (ARCHITECTURE.md); this only tells the
// kinds apart and pulls out partition and account, which is all ingest needs. [PRINCIPAL, ARNS §4.2]
import { parseArn } from '../catalog/index.js'

export type PrincipalKind =
  | 'root'
  | 'user'
  | 'role'
  | 'assumedRole'
  | 'federatedUser'
  | 'identityProvider'
  | 'service'
  | 'anonymous'
  | 'unknown'

export interface PrincipalInfo {
  kind: PrincipalKind
  partition: string
  account: string
  /** assumed-role sessions: the role name and session name. */
  roleName?: string
  sessionName?: string
}

const SERVICE_RE = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+amazonaws\.com(?:\.cn)?$/
const WEB_IDENTITY_HOSTS = new Set(['cognito-identity.amazonaws.com', 'accounts.google.com', 'www.amazon.com', 'graph.facebook.com'])

export function describePrincipal(text: string): PrincipalInfo {
  if (/^\d{12}$/.test(text)) return { kind: 'root', partition: 'aws', account: text }
  if (text.toLowerCase() === 'anonymous' || text === '*') return { kind: 'anonymous', partition: 'aws', account: '' }
  if (WEB_IDENTITY_HOSTS.has(text.toLowerCase())) return { kind: 'identityProvider', partition: 'aws', account: '' }
  if (SERVICE_RE.test(text.toLowerCase())) return { kind: 'service', partition: text.endsWith('.cn') ? 'aws-cn' : 'aws', account: '' }
  const arn = parseArn(text)
  if (!arn) return { kind: 'unknown', partition: 'aws', account: '' }
  const base = { partition: arn.partition, account: arn.account }
  const [type, ...rest] = arn.resource.split('/')
  if (arn.service === 'iam') {
    if (arn.resource === 'root') return { kind: 'root', ...base }
    if (type === 'user' && rest.length) return { kind: 'user', ...base }
    if (type === 'role' && rest.length) return { kind: 'role', ...base }
    if ((type === 'saml-provider' || type === 'oidc-provider') && rest.length) return { kind: 'identityProvider', ...base }
  }
  if (arn.service === 'sts') {
    if (type === 'assumed-role' && rest.length === 2) return { kind: 'assumedRole', ...base, roleName: rest[0], sessionName: rest[1] }
    if (type === 'federated-user' && rest.length === 1) return { kind: 'federatedUser', ...base }
  }
  return { kind: 'unknown', ...base }
}

/** The role ARN of an assumed-role session ARN, without the role's path (the session ARN does not carry it). */
export function roleOfSession(sessionArn: string): string | null {
  const info = describePrincipal(sessionArn)
  if (info.kind !== 'assumedRole' || !info.roleName) return null
  return `arn:${info.partition}:iam::${info.account}:role/${info.roleName}`
}

export function isIpAddress(text: string): boolean {
  if (/^(?:\d{1,3}\.){3}\d{1,3}$/.test(text)) return text.split('.').every((o) => Number(o) <= 255)
  // IPv6: hex groups and colons, at least two colons, optionally an embedded IPv4 tail.
  return /^[0-9a-fA-F:]+(?:\d{1,3}(?:\.\d{1,3}){3})?$/.test(text) && (text.match(/:/g)?.length ?? 0) >= 2
}
