// Parses the caller of a request (API.md Request.principal) into a ParsedPrincipal. Accepted forms follow the
// principal types of the PRINCIPAL page (R4.2.2): account root, IAM user, IAM role, assumed-role session,
// federated-user session, AWS service principal, identity provider (SAML/OIDC provider ARN or a web identity
// provider), plus a bare 12-digit account id (= the account root) and `anonymous`.
// [PRINCIPAL, ARNS in shared/docs/IAM-EVALUATION.md §4.2]
import type { ParsedPrincipal } from './request-context.js'

export type ParsePrincipalResult = { ok: true; principal: ParsedPrincipal } | { ok: false; message: string }

const ACCEPTED =
  'expected an account id (111122223333), an account root ARN (arn:aws:iam::111122223333:root), ' +
  'an IAM user or role ARN (arn:aws:iam::111122223333:user/name, …:role/path/name), an assumed-role session ARN ' +
  '(arn:aws:sts::111122223333:assumed-role/RoleName/SessionName), a federated-user ARN ' +
  '(arn:aws:sts::111122223333:federated-user/Name), a SAML or OIDC provider ARN, a service principal ' +
  '(lambda.amazonaws.com), a web identity provider (accounts.google.com) or "anonymous"'

/** Partitions: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b/-e/-f, aws-eusc (ARNS). */
export const PARTITION_RE = /^aws(?:-cn|-us-gov|-iso(?:-[a-z])?|-eusc)?$/
const ACCOUNT_RE = /^\d{12}$/
/** IAM user/role names: letters, digits and `+=,.@_-`, 1..128 (role names 64, user names 64; be lenient). */
const NAME_RE = /^[\w+=,.@-]{1,128}$/
/** IAM path segment characters: printable ASCII except '/' (IAM identifiers page). */
const PATH_SEGMENT_RE = /^[\x21-\x2E\x30-\x7E]+$/
/** Session names: `[\w+=,.@-]`, 2..64 (ASSUMEROLE); be lenient on length. */
const SESSION_RE = /^[\w+=,.@-]{1,128}$/
/** A service principal: DNS labels ending in .amazonaws.com (or .amazonaws.com.cn in China). */
const SERVICE_RE = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+amazonaws\.com(?:\.cn)?$/
/** Web identity providers named by host in Principal.Federated (PRINCIPAL "Web identity session principals"). */
export const WEB_IDENTITY_PROVIDERS: ReadonlySet<string> = new Set([
  'cognito-identity.amazonaws.com',
  'cognito-identity.amazonaws.com.cn',
  'accounts.google.com',
  'www.amazon.com',
  'graph.facebook.com',
])

const SERVICE_LINKED_PATH = '/aws-service-role/'

function fail(text: string, why: string): ParsePrincipalResult {
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text
  return { ok: false, message: `cannot read principal ${JSON.stringify(shown)}: ${why}; ${ACCEPTED}` }
}

function ok(p: ParsedPrincipal): ParsePrincipalResult {
  return { ok: true, principal: p }
}

/** Splits `a/b/c/name` into the IAM path (`/a/b/c/`, or `/`) and the name; null when malformed. */
export function splitPathName(rest: string): { path: string; name: string } | null {
  const parts = rest.split('/')
  const name = parts[parts.length - 1]
  if (!NAME_RE.test(name)) return null
  for (let i = 0; i < parts.length - 1; i++) if (!PATH_SEGMENT_RE.test(parts[i])) return null
  const path = parts.length === 1 ? '/' : `/${parts.slice(0, -1).join('/')}/`
  return { path, name }
}

/**
 * Parse a principal. `principalArnHint` is the request's aws:PrincipalArn when the caller gave it: for a role
 * session it carries the role's path, which the session ARN lacks.
 */
export function parsePrincipal(text: string, principalArnHint?: string): ParsePrincipalResult {
  if (typeof text !== 'string' || text.length === 0) return fail(String(text), 'it is empty')
  if (text !== text.trim()) return fail(text, 'it has leading or trailing spaces')

  if (ACCOUNT_RE.test(text)) {
    // The account-id shorthand means the account root (R4.2.4); normalized to the root ARN so that derived keys
    // such as aws:PrincipalArn carry the ARN.
    return ok({ arn: `arn:aws:iam::${text}:root`, kind: 'root', partition: 'aws', account: text, path: '', name: '', serviceLinked: false })
  }
  if (text.toLowerCase() === 'anonymous') {
    return ok({ arn: text, kind: 'anonymous', partition: 'aws', account: '', path: '', name: '', serviceLinked: false })
  }

  if (!text.startsWith('arn:')) {
    const lower = text.toLowerCase()
    if (WEB_IDENTITY_PROVIDERS.has(lower)) {
      return ok({
        arn: text,
        kind: 'identityProvider',
        partition: lower.endsWith('.cn') ? 'aws-cn' : 'aws',
        account: '',
        path: '',
        name: lower,
        serviceLinked: false,
      })
    }
    if (SERVICE_RE.test(lower)) {
      return ok({
        arn: text,
        kind: 'service',
        partition: lower.endsWith('.cn') ? 'aws-cn' : 'aws',
        account: '',
        path: '',
        name: lower,
        service: lower,
        serviceLinked: false,
      })
    }
    return fail(text, 'it is neither an ARN, an account id nor a service principal')
  }

  const f = text.split(':')
  if (f.length !== 6) return fail(text, 'an IAM or STS principal ARN has exactly six colon-separated parts')
  const [, partition, service, region, account, resource] = f
  if (!PARTITION_RE.test(partition)) return fail(text, `unknown partition ${JSON.stringify(partition)}`)
  if (region !== '') return fail(text, 'IAM and STS principal ARNs have no region')
  if (!ACCOUNT_RE.test(account)) return fail(text, `the account must be 12 digits, got ${JSON.stringify(account)}`)

  if (service === 'iam') {
    if (resource === 'root') {
      return ok({ arn: text, kind: 'root', partition, account, path: '', name: '', serviceLinked: false })
    }
    const slash = resource.indexOf('/')
    const type = slash < 0 ? resource : resource.slice(0, slash)
    const rest = slash < 0 ? '' : resource.slice(slash + 1)
    if (type === 'user' || type === 'role') {
      const pn = splitPathName(rest)
      if (!pn) return fail(text, `malformed ${type} path or name`)
      return ok({
        arn: text,
        kind: type,
        partition,
        account,
        path: pn.path,
        name: pn.name,
        serviceLinked: type === 'role' && pn.path.startsWith(SERVICE_LINKED_PATH),
      })
    }
    if (type === 'saml-provider' || type === 'oidc-provider') {
      if (!rest || rest.startsWith('/') || rest.endsWith('/') || /\s/.test(rest)) return fail(text, `malformed ${type} name`)
      return ok({ arn: text, kind: 'identityProvider', partition, account, path: '', name: rest, serviceLinked: false })
    }
    return fail(text, `an IAM principal is root, user/…, role/…, saml-provider/… or oidc-provider/…, not ${JSON.stringify(type)}`)
  }

  if (service === 'sts') {
    const parts = resource.split('/')
    if (parts[0] === 'assumed-role') {
      if (parts.length !== 3 || !NAME_RE.test(parts[1]) || !SESSION_RE.test(parts[2])) {
        return fail(text, 'an assumed-role session ARN is assumed-role/RoleName/SessionName')
      }
      const roleName = parts[1]
      let roleArn = `arn:${partition}:iam::${account}:role/${roleName}`
      let path = ''
      let serviceLinked = roleName.startsWith('AWSServiceRoleFor')
      const hint = roleFromHint(principalArnHint, partition, account, roleName)
      if (hint) {
        roleArn = principalArnHint as string
        path = hint.path
        serviceLinked = path.startsWith(SERVICE_LINKED_PATH)
      }
      return ok({ arn: text, kind: 'assumedRole', partition, account, path, name: roleName, sessionName: parts[2], roleArn, serviceLinked })
    }
    if (parts[0] === 'federated-user') {
      if (parts.length !== 2 || !NAME_RE.test(parts[1])) return fail(text, 'a federated-user ARN is federated-user/Name')
      return ok({ arn: text, kind: 'federatedUser', partition, account, path: '', name: parts[1], serviceLinked: false })
    }
    return fail(text, 'an STS principal is assumed-role/RoleName/SessionName or federated-user/Name')
  }

  return fail(text, `principals are IAM or STS ARNs, not ${JSON.stringify(service)} ARNs`)
}

/** The hint's path when it is the ARN of the role `roleName` in the same partition and account. */
function roleFromHint(hint: string | undefined, partition: string, account: string, roleName: string): { path: string } | null {
  if (!hint) return null
  const prefix = `arn:${partition}:iam::${account}:role/`
  if (!hint.startsWith(prefix)) return null
  const pn = splitPathName(hint.slice(prefix.length))
  return pn && pn.name === roleName ? { path: pn.path } : null
}
