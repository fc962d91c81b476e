// The JSON `aws sts decode-authorization-message` prints → the request AWS evaluated, its condition context
// (typed), and AWS's verdict. [IAM-EVALUATION.md §8.2; DECODE and its AWS CLI example]
//
// Shape: { allowed, explicitDeny, matchedStatements: {items: [...]}, failures: {items: [...]},
//          context: { principal: {id, arn, name?}, action, resource, conditions: {items: [{key, values: {items: [{value}]}}]} } }
// Every list is wrapped in {"items": [...]}; `context.action` may lack its service prefix, which the pseudo-key
// aws:Service then gives. The pseudo-keys aws:Resource, aws:Account, aws:Region, aws:Service, aws:Type and
// aws:ARN describe the request; they are not condition keys and are not put into the request context.
import type { Catalog } from '../../catalog/index.js'
import { parseArn } from '../../catalog/index.js'
import { childPointer } from '../../policy/index.js'
import { typedContextValue } from '../context-values.js'
import { Draft } from '../draft.js'
import { describePrincipal } from '../principal.js'
import { readAction, resourceNotGiven } from '../request-parts.js'
import type { IngestResult, ReportedStatement } from '../types.js'

const BASE = '/decodedAuthorizationMessage'
const PSEUDO_KEYS = new Set(['aws:resource', 'aws:account', 'aws:region', 'aws:service', 'aws:type', 'aws:arn'])

type Obj = Record<string, unknown>

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** `{"items": [...]}` (or a bare array) → the array. */
function items(v: unknown): unknown[] {
  if (Array.isArray(v)) return v
  if (isObj(v) && Array.isArray(v.items)) return v.items
  return []
}

/** `{"value": "x"}` (or a bare scalar) → "x". */
function valueOf(v: unknown): string | undefined {
  if (isObj(v)) v = v.value
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return undefined
}

function values(v: unknown): string[] {
  return items(v).map(valueOf).filter((x): x is string => x !== undefined)
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined
}

/** Unwraps a JSON string, the CLI's `{"DecodedMessage": "<json>"}`, or strings encoded twice. */
function unwrap(input: unknown): { doc?: Obj; pointerOk: boolean; error?: string; recognised: string[] } {
  const recognised: string[] = []
  let v = input
  let pointerOk = true
  for (let i = 0; i < 4; i++) {
    if (typeof v === 'string') {
      pointerOk = false
      try {
        v = JSON.parse(v)
        recognised.push('a JSON string')
      } catch {
        return { pointerOk, recognised, error: 'the decoded authorization message is not JSON (an encoded message must be decoded first with `aws sts decode-authorization-message`)' }
      }
      continue
    }
    if (isObj(v) && 'DecodedMessage' in v) {
      recognised.push('the AWS CLI output {"DecodedMessage": …}')
      v = v.DecodedMessage
      pointerOk = pointerOk && isObj(v)
      continue
    }
    break
  }
  if (!isObj(v)) return { pointerOk, recognised, error: 'the decoded authorization message must be a JSON object' }
  return { doc: v, pointerOk, recognised }
}

function statements(doc: Obj): ReportedStatement[] {
  return items(doc.matchedStatements)
    .filter(isObj)
    .map((s) => ({
      sid: str(s.statementId) ?? str(s.sid) ?? null,
      effect: str(s.effect) ?? null,
      actions: values(s.actions),
      resources: values(s.resources),
      principals: values(s.principals),
      principalGroups: values(s.principalGroups),
      conditions: items(s.conditions)
        .filter(isObj)
        .map((c) => ({ key: String(c.key ?? ''), values: values(c.values) }))
        .filter((c) => c.key !== ''),
    }))
}

export function ingestDecodedMessage(input: unknown, catalog?: Catalog): IngestResult {
  const u = unwrap(input)
  if (!u.doc) return { ok: false, recognised: u.recognised, errors: [{ path: BASE, message: u.error ?? 'not a decoded authorization message' }] }
  const doc = u.doc
  const at = (...tokens: string[]) => (u.pointerOk ? tokens.reduce((p, t) => childPointer(p, t), BASE) : BASE)

  const recognised = [...u.recognised]
  const known = ['allowed', 'explicitDeny', 'matchedStatements', 'failures', 'context'].filter((k) => k in doc)
  if (!known.length) {
    const keys = Object.keys(doc).slice(0, 10)
    return {
      ok: false,
      recognised,
      errors: [{ path: BASE, message: `not a decoded authorization message: expected allowed, explicitDeny, matchedStatements and context; found ${keys.length ? keys.join(', ') : 'an empty object'}` }],
    }
  }
  recognised.push(`the decoded-message fields ${known.join(', ')}`)
  const ctx = isObj(doc.context) ? doc.context : undefined
  if (!ctx) return { ok: false, recognised, errors: [{ path: at('context'), message: 'the decoded message has no context, which names the principal, action and resource' }] }

  const conditions = new Map<string, { key: string; values: string[] }>()
  for (const c of items(ctx.conditions)) {
    if (!isObj(c) || typeof c.key !== 'string' || c.key === '') continue
    conditions.set(c.key.toLowerCase(), { key: c.key, values: values(c.values) })
  }
  const pseudo = (k: string) => conditions.get(k)?.values[0]

  const draft = new Draft()
  const errors = []

  const principal = isObj(ctx.principal) ? ctx.principal : undefined
  const principalArn = str(principal?.arn)
  if (principalArn) {
    draft.setPrincipal(principalArn)
    if (describePrincipal(principalArn).kind === 'unknown') draft.note(`"${principalArn}" is not a principal ARN of a known form`)
  } else {
    const id = str(principal?.id)
    errors.push({ path: at('context', 'principal', 'arn'), message: `the decoded message gives no principal ARN${id ? ` (only the unique id ${id}; look it up with iam get-user / get-role or in CloudTrail)` : ''}` })
  }

  const rawAction = str(ctx.action)
  if (rawAction) {
    if (rawAction.includes(':')) readAction(draft, rawAction, catalog)
    else {
      // "context.action may appear without the service prefix; the service is in aws:Service" (DECODE CLI example)
      const service = pseudo('aws:service')
      if (service) {
        readAction(draft, `${service}:${rawAction}`, catalog)
        draft.note(`the action "${rawAction}" has no service prefix; the prefix ${service} is the decoded message's aws:Service`)
      } else {
        const same = catalog?.nearestActions(rawAction, 20).filter((n) => n.reason === 'otherService') ?? []
        if (same.length === 1) {
          draft.setAction(same[0].action, true)
          draft.note(`the action "${rawAction}" has no service prefix and the message has no aws:Service; ${same[0].action} is the only action of that name`)
        } else {
          errors.push({ path: at('context', 'action'), message: `the action "${rawAction}" has no service prefix and the message has no aws:Service key${same.length ? `; it could be ${same.map((s) => s.action).join(', ')}` : ''}` })
        }
      }
    }
  } else {
    errors.push({ path: at('context', 'action'), message: 'the decoded message names no action' })
  }

  if (errors.length) {
    if (principalArn) recognised.push(`the principal ${principalArn}`)
    if (draft.action) recognised.push(`the action ${draft.action}`)
    return { ok: false, recognised, errors }
  }

  const resource = str(ctx.resource) ?? pseudo('aws:arn')
  if (resource && (resource === '*' || parseArn(resource))) {
    draft.setResource(resource)
    if (!str(ctx.resource)) draft.note('the resource is the decoded message\'s aws:ARN key')
  } else if (resource) {
    resourceNotGiven(draft, catalog, `the decoded message names "${resource}", which is not an ARN`)
  } else {
    resourceNotGiven(draft, catalog, 'the decoded message names no resource')
  }

  // aws:Account is the account the request acts in; it matters as resourceAccount only when the resource ARN
  // has no account field (S3) and it is not the principal's.
  const account = pseudo('aws:account')
  const arn = draft.resource ? parseArn(draft.resource) : null
  const principalAccount = principalArn ? describePrincipal(principalArn).account : ''
  if (account && /^\d{12}$/.test(account) && arn && !arn.account && account !== principalAccount) {
    draft.setResourceAccount(account, true)
    draft.note(`resourceAccount is the decoded message's aws:Account (${account})`)
  }
  const region = pseudo('aws:region')
  if (region && !conditions.has('aws:requestedregion')) draft.setContext('aws:RequestedRegion', region, true)

  for (const { key, values: vs } of conditions.values()) {
    if (PSEUDO_KEYS.has(key.toLowerCase())) continue
    draft.setContext(key, typedContextValue(key, vs, catalog))
  }

  const explicit = doc.explicitDeny === true
  const allowed = doc.allowed === true
  const matched = statements(doc)
  draft.reportedCause = {
    decision: allowed ? 'allowed' : explicit ? 'explicitDeny' : 'implicitDeny',
    // A decoded message says explicit or implicit but not which kind of policy decided.
    layer: null,
    policyArn: null,
    policyTypePhrase: null,
    matchedStatements: matched,
  }
  if (explicit && matched.length) {
    draft.note(`AWS matched the Deny statement${matched.length > 1 ? 's' : ''} ${matched.map((s) => s.sid ?? '(no Sid)').join(', ')}; the decoded message does not say which policy holds ${matched.length > 1 ? 'them' : 'it'}`)
  }
  if (!explicit && !allowed) draft.note('an implicit deny: no statement allowed the request (the decoded message does not say which layer failed to allow)')
  const failures = items(doc.failures)
  if (failures.length) draft.note(`the decoded message lists ${failures.length} failure${failures.length > 1 ? 's' : ''} (the field is undocumented): ${JSON.stringify(failures).slice(0, 300)}`)

  // The decoded message carries the request's condition context; these keys were not in it.
  for (const key of ['aws:SourceIp', 'aws:SourceVpce', 'aws:PrincipalTag/*', 'aws:PrincipalOrgID']) {
    if (![...conditions.keys()].some((k) => k === key.toLowerCase() || (key.endsWith('/*') && k.startsWith(key.slice(0, -1).toLowerCase())))) {
      draft.missingContext(key, 'not in the decoded message\'s context (AWS lists the keys it evaluated; absent keys may simply not apply)')
    }
  }

  return draft.finish(!allowed) ?? { ok: false, recognised, errors: [{ path: BASE, message: 'no request could be derived' }] }
}
