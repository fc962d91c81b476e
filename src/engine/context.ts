// Builds the engine's view of a request: principal parsed, action normalized, context keys normalized to
// strings under lower-cased names, and the keys AWS derives from the request itself filled in when the
// caller did not give them (API.md "Request"; GKEYS table in IAM-EVALUATION.md §7, R6.8).
import type { ContextValue, Request } from './types.js'
import type { ContextEntry, ParsedPrincipal, RequestContext } from './request-context.js'
import { parsePrincipal } from './principal-arn.js'

export interface InputError {
  /** JSON Pointer into the HTTP body ({ request, policies }). */
  path: string
  message: string
}

export interface ContextOptions {
  /** The clock for aws:CurrentTime and aws:EpochTime; absent → those keys are not derived. */
  now?: Date
  /** JSON Pointer of the request inside the body, for error paths. Default '/request'. */
  basePath?: string
}

const ACTION_RE = /^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$/

export function buildRequestContext(
  request: Request,
  opts: ContextOptions = {},
): { ok: true; ctx: RequestContext } | { ok: false; errors: InputError[] } {
  const base = opts.basePath ?? '/request'
  const errors: InputError[] = []
  const keys = new Map<string, ContextEntry>()

  if (request.context !== undefined && (request.context === null || typeof request.context !== 'object' || Array.isArray(request.context))) {
    errors.push({ path: `${base}/context`, message: 'context must be an object of condition keys to values' })
  } else if (request.context) {
    for (const key of Object.keys(request.context)) {
      const entry = toEntry(key, request.context[key])
      if (typeof entry === 'string') errors.push({ path: `${base}/context/${pointerEscape(key)}`, message: entry })
      else {
        const lower = key.toLowerCase()
        if (keys.has(lower)) {
          errors.push({ path: `${base}/context/${pointerEscape(key)}`, message: `context key ${key} is given twice (key names are case-insensitive)` })
        } else keys.set(lower, entry)
      }
    }
  }

  let principal: ParsedPrincipal | undefined
  if (typeof request.principal !== 'string' || request.principal === '') {
    errors.push({ path: `${base}/principal`, message: 'principal must be an ARN or a service principal name' })
  } else {
    const hint = keys.get('aws:principalarn')
    const parsed = parsePrincipalCached(request.principal, hint && !hint.multi ? hint.values[0] : undefined)
    if (parsed.ok) principal = parsed.principal
    else errors.push({ path: `${base}/principal`, message: parsed.message })
  }

  const action = typeof request.action === 'string' ? request.action : ''
  if (!ACTION_RE.test(action)) {
    errors.push({
      path: `${base}/action`,
      message: action.includes('*') || action.includes('?')
        ? `action must name one action, not a pattern: ${JSON.stringify(action)}`
        : `action must be service-prefix:ActionName (for example s3:GetObject), got ${JSON.stringify(action)}`,
    })
  }

  const resource = typeof request.resource === 'string' ? request.resource : ''
  const arn = resource === '*' ? null : splitArn(resource)
  if (resource !== '*' && !arn) {
    errors.push({ path: `${base}/resource`, message: `resource must be an ARN (arn:partition:service:region:account:resource) or "*", got ${JSON.stringify(resource)}` })
  }

  if (request.resourceAccount !== undefined && !/^\d{12}$/.test(String(request.resourceAccount))) {
    errors.push({ path: `${base}/resourceAccount`, message: 'resourceAccount must be a 12-digit account id' })
  }
  if (errors.length || !principal) return { ok: false, errors }

  const resourceAccount = request.resourceAccount ?? (arn && arn.account ? arn.account : principal.account)
  deriveKeys(keys, principal, resourceAccount, arn, opts.now)

  const ctx: RequestContext = {
    principal,
    action: action.toLowerCase(),
    actionAsGiven: action,
    service: action.slice(0, action.indexOf(':')).toLowerCase(),
    resource,
    resourceAccount,
    keys,
    resolve: (keyLower) => {
      const e = keys.get(keyLower)
      // Only single-valued keys can be policy variables (R6.3, SVMV).
      return e && !e.multi ? e.values[0] : undefined
    },
  }
  return { ok: true, ctx }
}

export interface SplitArn {
  partition: string
  service: string
  region: string
  account: string
  resource: string
}

export function splitArn(text: string): SplitArn | null {
  if (!text.startsWith('arn:')) return null
  const p: number[] = []
  let from = 0
  for (let i = 0; i < 5; i++) {
    const at = text.indexOf(':', from)
    if (at < 0) return null
    p.push(at)
    from = at + 1
  }
  const part = (i: number) => text.slice(p[i] + 1, p[i + 1])
  const out = { partition: part(0), service: part(1), region: part(2), account: text.slice(p[3] + 1, p[4]), resource: text.slice(p[4] + 1) }
  if (!out.partition || !out.service || !out.resource) return null
  return out
}

function toEntry(key: string, value: ContextValue | null | undefined): ContextEntry | string {
  if (key.trim() === '') return 'context key names must not be empty'
  const one = (v: unknown): string | null =>
    typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'boolean' ? String(v) : null
  if (Array.isArray(value)) {
    const values: string[] = []
    for (const v of value) {
      const s = one(v)
      if (s === null) return `context value for ${key} must be a string, number or boolean (or an array of them)`
      values.push(s)
    }
    return { key, values, multi: true }
  }
  const s = one(value)
  if (s === null) return `context value for ${key} must be a string, number or boolean (or an array of them)`
  return { key, values: [s], multi: false }
}

function setIfAbsent(keys: Map<string, ContextEntry>, key: string, value: string | undefined) {
  if (value === undefined) return
  const lower = key.toLowerCase()
  if (!keys.has(lower)) keys.set(lower, { key, values: [value], multi: false })
}

/** Keys the service derives from the request itself, when the caller did not give them (API.md; GKEYS; R6.8). */
function deriveKeys(keys: Map<string, ContextEntry>, p: ParsedPrincipal, resourceAccount: string, arn: SplitArn | null, now?: Date) {
  const isAwsAccountPrincipal = p.kind === 'root' || p.kind === 'user' || p.kind === 'role' || p.kind === 'assumedRole' || p.kind === 'federatedUser'
  if (isAwsAccountPrincipal) {
    // aws:PrincipalArn: for a role session the role's ARN, for the root user the account root ARN (GKEYS).
    setIfAbsent(keys, 'aws:PrincipalArn', p.kind === 'assumedRole' ? p.roleArn : p.arn)
    setIfAbsent(keys, 'aws:PrincipalAccount', p.account)
    setIfAbsent(keys, 'aws:PrincipalType', principalType(p))
    setIfAbsent(keys, 'aws:PrincipalIsAWSService', 'false')
    // aws:userid: root → account id; federated user → account:name. Users' and roles' unique ids (AIDA…/AROA…)
    // cannot be known from an ARN, so they are left to the caller (R6.8).
    if (p.kind === 'root') setIfAbsent(keys, 'aws:userid', p.account)
    if (p.kind === 'federatedUser') setIfAbsent(keys, 'aws:userid', `${p.account}:${p.name}`)
    if (p.kind === 'user') setIfAbsent(keys, 'aws:username', p.name)
  } else if (p.kind === 'service') {
    setIfAbsent(keys, 'aws:PrincipalIsAWSService', 'true')
    setIfAbsent(keys, 'aws:PrincipalServiceName', p.service)
  }
  if (resourceAccount) setIfAbsent(keys, 'aws:ResourceAccount', resourceAccount)
  if (arn && arn.region) setIfAbsent(keys, 'aws:RequestedRegion', arn.region)
  if (now) {
    const clock = clockKeys(now)
    setIfAbsent(keys, 'aws:CurrentTime', clock.iso)
    setIfAbsent(keys, 'aws:EpochTime', clock.epoch)
  }
}

function principalType(p: ParsedPrincipal): string {
  switch (p.kind) {
    case 'root': return 'Account'
    case 'user': return 'User'
    case 'federatedUser': return 'FederatedUser'
    default: return 'AssumedRole'
  }
}

export function pointerEscape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1')
}

// Parsed principals are immutable values; batches ask about the same few principals many times.
const principalCache = new Map<string, ReturnType<typeof parsePrincipal>>()
function parsePrincipalCached(text: string, hint: string | undefined): ReturnType<typeof parsePrincipal> {
  const key = hint === undefined ? text : `${text}\n${hint}`
  let hit = principalCache.get(key)
  if (!hit) {
    hit = parsePrincipal(text, hint)
    if (principalCache.size >= 10_000) principalCache.clear()
    principalCache.set(key, hit)
  }
  return hit
}

let lastClock: { ms: number; iso: string; epoch: string } = { ms: NaN, iso: '', epoch: '' }
function clockKeys(now: Date): { iso: string; epoch: string } {
  const ms = now.getTime()
  if (ms !== lastClock.ms) {
    lastClock = { ms, iso: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), epoch: String(Math.floor(ms / 1000)) }
  }
  return lastClock
}
