// Reads the principal and resource of a query into what the sources fetch: which IAM entity, which resource policy.
// ARN formats per AWS's IAM identifiers page and each service's ARN format (ARNS in IAM-EVALUATION.md).

import type { ResourceRef } from './directory.js'
import type { QueryError } from './ports.js'

export type PrincipalRef =
  | { kind: 'user'; arn: string; partition: string; account: string; name: string; path: string }
  | { kind: 'role'; arn: string; partition: string; account: string; name: string; path: string }
  /** A role session: the role's path is not in the session ARN. */
  | { kind: 'assumedRole'; arn: string; partition: string; account: string; roleName: string; sessionName: string }
  | { kind: 'root'; arn: string; partition: string; account: string }

const ACCOUNT = /^\d{12}$/
const PARTITION = /^aws(?:-cn|-us-gov|-iso(?:-[a-z])?|-eusc)?$/
const NAME = /^[\w+=,.@-]{1,128}$/

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: QueryError }

function bad(code: QueryError['code'], path: string, message: string): { ok: false; error: QueryError } {
  return { ok: false, error: { code, path, message } }
}

interface ArnParts {
  partition: string
  service: string
  region: string
  account: string
  resource: string
}

export function splitArn(text: string): ArnParts | undefined {
  const parts = text.split(':')
  if (parts.length < 6 || parts[0] !== 'arn' || !PARTITION.test(parts[1])) return undefined
  return { partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(':') }
}

/** `path/to/name` → { path: '/path/to/', name }. */
function pathAndName(rest: string): { path: string; name: string } | undefined {
  const segments = rest.split('/')
  const name = segments[segments.length - 1]
  if (!NAME.test(name) || segments.slice(0, -1).some((s) => s === '')) return undefined
  return { path: segments.length === 1 ? '/' : `/${segments.slice(0, -1).join('/')}/`, name }
}

export function parsePrincipalRef(text: string): Parsed<PrincipalRef> {
  const where = '/principal'
  if (ACCOUNT.test(text)) return { ok: true, value: { kind: 'root', arn: `arn:aws:iam::${text}:root`, partition: 'aws', account: text } }
  const arn = splitArn(text)
  if (arn === undefined || !ACCOUNT.test(arn.account)) {
    if (/\.amazonaws\.com(\.cn)?$/.test(text)) {
      return bad('unsupported-principal', where, `${text} is a service principal: it has no policies of its own to fetch; give the policies inline instead`)
    }
    return bad('invalid-principal', where, `${JSON.stringify(text)} is not an IAM user, role, assumed-role session or account root ARN`)
  }
  const { partition, account, resource } = arn
  if (arn.service === 'iam') {
    if (resource === 'root') return { ok: true, value: { kind: 'root', arn: text, partition, account } }
    const slash = resource.indexOf('/')
    const type = slash < 0 ? resource : resource.slice(0, slash)
    const pn = slash < 0 ? undefined : pathAndName(resource.slice(slash + 1))
    if ((type === 'user' || type === 'role') && pn !== undefined) {
      return { ok: true, value: { kind: type, arn: text, partition, account, name: pn.name, path: pn.path } }
    }
  }
  if (arn.service === 'sts') {
    const m = /^assumed-role\/([\w+=,.@-]{1,64})\/([\w+=,.@-]{1,128})$/.exec(resource)
    if (m !== null) return { ok: true, value: { kind: 'assumedRole', arn: text, partition, account, roleName: m[1], sessionName: m[2] } }
    if (resource.startsWith('federated-user/')) {
      return bad('unsupported-principal', where, 'federated-user sessions carry only the policies passed to GetFederationToken, which AWS does not keep; give them inline')
    }
  }
  return bad('invalid-principal', where, `${text} is not an IAM user, role, assumed-role session or account root ARN`)
}

/**
 * What resource policy the resource has, if any kind iamdx reads. `account` is the resource's account: from the ARN,
 * else `resourceAccount`, else the principal's (S3 bucket ARNs carry no account). undefined ref: no resource policy
 * kind (the RCPs of the resource account still apply).
 */
export function parseResourceRef(
  text: string,
  fallbackAccount: string,
  action: string | undefined,
): Parsed<{ ref?: ResourceRef; account?: string }> {
  if (text === '*') return { ok: true, value: {} }
  const arn = splitArn(text)
  if (arn === undefined) return bad('invalid-resource', '/resource', `${JSON.stringify(text)} is not an ARN (or "*")`)
  const account = ACCOUNT.test(arn.account) ? arn.account : fallbackAccount
  const { service, region, resource } = arn
  const ref = resourceRef(service, region, account, resource, text, action)
  return { ok: true, value: { ref, account } }
}

const TRUST_ACTIONS = new Set(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext'])

function resourceRef(service: string, region: string, account: string, resource: string, arn: string, action: string | undefined): ResourceRef | undefined {
  switch (service) {
    case 'kms': {
      if (resource.startsWith('key/')) return { kind: 'kmsKey', arn, account, region, keyId: resource.slice(4) }
      if (resource.startsWith('alias/')) return { kind: 'kmsAlias', arn, account, region, alias: resource }
      return undefined
    }
    case 's3': {
      // Objects are governed by their bucket's policy: arn:aws:s3:::bucket/key → the bucket.
      const bucket = resource.split('/')[0]
      if (bucket === '' || resource.startsWith('accesspoint/') || bucket.includes('*')) return undefined
      return { kind: 's3Bucket', arn: `arn:${arn.split(':')[1]}:s3:::${bucket}`, account, bucket }
    }
    case 'iam': {
      // A role's trust policy is its resource policy for sts:AssumeRole* (TRUST); for other actions a role has none.
      if (!resource.startsWith('role/')) return undefined
      if (action !== undefined && !TRUST_ACTIONS.has(action.toLowerCase())) return undefined
      const name = resource.split('/').pop() as string
      return { kind: 'role', arn, account, name }
    }
    case 'sqs':
      return resource !== '' && !resource.includes('/') ? { kind: 'sqsQueue', arn, account, region, name: resource } : undefined
    case 'sns':
      return resource !== '' && !resource.includes(':') ? { kind: 'snsTopic', arn, account, region, name: resource } : undefined
    case 'lambda': {
      const m = /^function:([^:]+)(?::([^:]+))?$/.exec(resource)
      return m === null ? undefined : { kind: 'lambdaFunction', arn, account, region, name: m[1], ...(m[2] !== undefined ? { qualifier: m[2] } : {}) }
    }
    case 'secretsmanager':
      return resource.startsWith('secret:') ? { kind: 'secret', arn, account, region } : undefined
    default:
      return undefined
  }
}

/** arn:aws:iam::<account>:role/<path><name> for a role session's role when its path is unknown (the path comes from GetRole). */
export function roleArn(partition: string, account: string, name: string, path = '/'): string {
  return `arn:${partition}:iam::${account}:role${path}${name}`
}
