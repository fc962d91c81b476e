// Conditions in explanations: which request value would make a condition true (for an Allow that missed) or false
// (for a Deny that applied), how to say that to a person, and which policy values to add to an Allow so that it
// covers the request. Candidates are only proposals: each is checked by re-running the engine before it is offered.
import { parseOperatorName, type Condition } from '../policy/index.js'
import type { ConditionTrace, ContextValue } from '../engine/index.js'
import { hasVariable, hasWildcard } from './glob.js'

/** A request value for the condition's key that makes the condition evaluate to `want`, or undefined. */
export function contextValueFor(c: ConditionTrace, want: boolean): ContextValue | undefined {
  if (!requestCanChange(c.key)) return undefined
  const op = parseOperatorName(c.operator)
  if (!op.ok) return undefined
  const { info, set } = op.value
  const literals = c.policyValues.filter((v) => !hasVariable(v) && !(info.wildcards && hasWildcard(v)))
  const first = literals[0]
  let value: string | undefined
  if (info.family === 'Null') return undefined
  if (info.family === 'Bool') {
    if (first === undefined) return undefined
    const b = first.toLowerCase() === 'true'
    value = String(want ? b : !b)
  } else if (info.family === 'Numeric') {
    const n = first === undefined ? NaN : Number(first)
    if (!Number.isFinite(n)) return undefined
    value = String(numericFor(op.value.base, n, want))
  } else if (info.family === 'Date' && !op.value.base.endsWith('Equals')) {
    return undefined
  } else if (want !== info.negated) {
    // Positive operator made true, or negated operator made false: a value the policy lists.
    if (first === undefined) return undefined
    value = info.family === 'IpAddress' ? first.replace(/\/\d+$/, '') : first
  } else return undefined
  return set || (c.requestValues && c.requestValues.length > 1) ? [value] : value
}

function numericFor(base: string, n: number, want: boolean): number {
  switch (base) {
    case 'NumericEquals': return want ? n : n + 1
    case 'NumericNotEquals': return want ? n + 1 : n
    case 'NumericLessThan': return want ? n - 1 : n
    case 'NumericLessThanEquals': return want ? n : n + 1
    case 'NumericGreaterThan': return want ? n + 1 : n
    default: return want ? n : n - 1 // NumericGreaterThanEquals
  }
}

/** For a person, as an imperative ("authenticate with MFA"): what giving `key` = `value` means. */
export function describeContextChange(key: string, value: ContextValue): string {
  const v = Array.isArray(value) ? value.join(', ') : String(value)
  const k = key.toLowerCase()
  if (k === 'aws:securetransport') return v === 'true' ? 'send the request over HTTPS (aws:SecureTransport true)' : `send it with aws:SecureTransport ${v}`
  if (k === 'aws:multifactorauthpresent') return v === 'true' ? 'authenticate with MFA (aws:MultiFactorAuthPresent true)' : `send it with aws:MultiFactorAuthPresent ${v}`
  if (k === 'aws:sourcevpce') return `call through VPC endpoint ${v} (aws:SourceVpce)`
  if (k === 'aws:sourcevpc') return `call from VPC ${v} (aws:SourceVpc)`
  if (k === 'aws:sourceip') return `call from ${v} (aws:SourceIp)`
  if (k === 'aws:requestedregion') return `make the request in region ${v} (aws:RequestedRegion)`
  if (k.startsWith('aws:resourcetag/')) return `tag the resource ${key.slice('aws:ResourceTag/'.length)}=${v} (${key})`
  if (k.startsWith('aws:principaltag/')) return `tag the principal ${key.slice('aws:PrincipalTag/'.length)}=${v} (${key})`
  if (k.startsWith('aws:requesttag/')) return `pass the tag ${key.slice('aws:RequestTag/'.length)}=${v} in the request (${key})`
  if (k.startsWith('kms:encryptioncontext:')) return `pass the encryption context ${key.slice('kms:EncryptionContext:'.length)}=${v} (${key})`
  if (k === 'sts:externalid') return `pass the external id ${v} (sts:ExternalId)`
  if (k === 'kms:viaservice') return `call through ${v} (kms:ViaService)`
  return `send ${key} = ${v} with the request`
}

// Keys that describe the caller itself: no request can change them, so no request change is proposed for them.
const CALLER_KEYS = new Set([
  'aws:principalarn', 'aws:principalaccount', 'aws:principalisawsservice', 'aws:principaltype', 'aws:userid', 'aws:username',
  'aws:principalservicename', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalservicenamelist',
])

/** Whether a request could carry another value for this key (not a fact about the caller). */
export function requestCanChange(key: string): boolean {
  return !CALLER_KEYS.has(key.toLowerCase())
}

// Keys whose remedy is the request, never the policy: relaxing them in a policy defeats their purpose.
const REQUEST_SIDE_KEYS = new Set(['aws:multifactorauthpresent', 'aws:multifactorauthage', 'aws:securetransport', 'aws:viaawsservice', 'aws:principalisawsservice'])

/**
 * Policy values that, added to the condition of an Allow, make it cover the request: the request's own values
 * (a host address as /32 for IpAddress). Undefined when no such change makes sense: negated operators, Bool, Null,
 * Numeric and Date thresholds, policy variables (ABAC: the data is wrong, not the policy), keys the request lacks,
 * and keys that guard the request itself (MFA, TLS).
 */
export function valuesToAdd(c: ConditionTrace, written: Condition): string[] | undefined {
  if (c.requestValues === null || c.requestValues.length === 0) return undefined
  if (REQUEST_SIDE_KEYS.has(c.key.toLowerCase()) || !requestCanChange(c.key)) return undefined
  const op = parseOperatorName(c.operator)
  if (!op.ok) return undefined
  const { info, set } = op.value
  if (info.negated || !['String', 'Arn', 'IpAddress', 'Binary'].includes(info.family)) return undefined
  if (written.values.some(hasVariable)) return undefined
  const values = set === 'ForAnyValue' ? c.requestValues.slice(0, 1) : c.requestValues
  const add = values
    .map((v) => (info.family === 'IpAddress' && !v.includes('/') ? `${v}${v.includes(':') ? '/128' : '/32'}` : v))
    .filter((v) => !written.values.includes(v))
  return add.length ? add : undefined
}

/** A Condition element (`{ operator: { key: values } }`) from normalized conditions, with one condition's values
 *  extended. */
export function conditionJson(conditions: readonly Condition[], extend?: { index: number; values: string[]; drop?: boolean }): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {}
  conditions.forEach((c, i) => {
    if (extend && extend.drop && extend.index === i) return
    const block = (out[c.operator] ??= {})
    const values = extend && extend.index === i ? [...c.values, ...extend.values] : c.values
    block[c.key] = [...(block[c.key] ?? []), ...values]
  })
  return out
}
