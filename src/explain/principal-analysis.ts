// How a resource, trust or endpoint policy's Principal misses the caller: another session of the same role (a
// session ARN matches only that session, a role ARN every session of it, R2.7, PRINCIPAL), the role under another
// path, the same name in another account, a user where a role is named (or the reverse), or NotPrincipal listing it.
import type { ParsedPrincipal } from '../engine/index.js'
import type { PrincipalEvidence } from './types.js'

export interface PrincipalComparison {
  evidence: PrincipalEvidence
  distance: number
  /** The listed principal the explanation names. */
  closest?: string
}

interface ArnParts {
  partition: string
  service: string
  account: string
  resource: string
}

function parts(arn: string): ArnParts | null {
  const m = /^arn:([^:]+):([^:]+):[^:]*:([^:]*):(.+)$/.exec(arn)
  return m ? { partition: m[1], service: m[2], account: m[3], resource: m[4] } : null
}

/** The name part of a role or user ARN (`role/path/name` → name). */
function lastName(resource: string): string {
  const i = resource.lastIndexOf('/')
  return i >= 0 ? resource.slice(i + 1) : resource
}

export function comparePrincipal(p: ParsedPrincipal, principalArn: string | undefined, principals: string[], element: 'Principal' | 'NotPrincipal'): PrincipalComparison {
  const ev = (difference: PrincipalEvidence['difference']): PrincipalEvidence => {
    const e = { principals, requestPrincipal: p.arn } as PrincipalEvidence
    if (principalArn) e.principalArn = principalArn
    e.difference = difference
    return e
  }
  if (element === 'NotPrincipal') return { evidence: ev('excluded'), distance: 4 }
  let best: PrincipalComparison = { evidence: ev('other'), distance: 5 }
  const consider = (c: PrincipalComparison) => {
    if (c.distance < best.distance) best = c
  }
  for (const entry of principals) {
    const colon = entry.indexOf(':')
    const value = colon >= 0 ? entry.slice(colon + 1) : entry
    const a = parts(value)
    if (!a) {
      // A bare account id names the account (delegation): another account than the caller's.
      if (/^\d{12}$/.test(value) && value !== p.account) consider({ evidence: ev('account'), distance: 3, closest: value })
      continue
    }
    if (p.kind === 'assumedRole') {
      const session = /^assumed-role\/([^/]+)\/(.+)$/.exec(a.resource)
      if (session && a.service === 'sts' && session[1] === p.name && a.account === p.account) {
        consider({ evidence: ev('session'), distance: 1, closest: value })
        continue
      }
      if (a.service === 'iam' && a.resource.startsWith('role/') && lastName(a.resource) === p.name) {
        consider({ evidence: ev(a.account === p.account ? 'rolePath' : 'account'), distance: a.account === p.account ? 1 : 2, closest: value })
        continue
      }
    }
    if ((p.kind === 'user' || p.kind === 'role') && a.service === 'iam' && lastName(a.resource) === p.name) {
      const sameType = a.resource.startsWith(`${p.kind}/`)
      consider({ evidence: ev(!sameType ? 'principalType' : a.account !== p.account ? 'account' : 'rolePath'), distance: 2, closest: value })
      continue
    }
    if (a.account && a.account !== p.account && a.resource === 'root') consider({ evidence: ev('account'), distance: 3, closest: value })
  }
  return best
}

/** The Principal element that names this caller in a resource-based or trust policy (for fixes): the role ARN for
 *  a role session (every session of the role, R2.7), the user, root or federated-user ARN, the service, or the
 *  identity provider. */
export function principalElementFor(p: ParsedPrincipal): Record<string, string> | '*' {
  switch (p.kind) {
    case 'assumedRole': return { AWS: p.roleArn ?? p.arn }
    case 'service': return { Service: p.service ?? p.arn }
    case 'identityProvider': return { Federated: p.arn }
    case 'anonymous': return '*'
    default: return { AWS: p.arn }
  }
}

/** The ARN a policy names to mean this caller (aws:PrincipalArn, or the role ARN for sessions). */
export function callerArn(p: ParsedPrincipal): string {
  return p.kind === 'assumedRole' ? p.roleArn ?? p.arn : p.arn
}
