// Builds the engine's view of a request: principal parsed, action normalized, context keys normalized to
// strings under lower-cased names, and the keys AWS derives from the request itself filled in when the
// caller did not give them (API.md "Request"; GKEYS table in IAM-EVALUATION.md §7, R6.8).
import type { ContextValue, Request } from './types.js'
import type { ContextEntry, ContextKeys, ParsedPrincipal, RequestContext } from './request-context.js'
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
  const all = new DerivedKeys(keys, principal, resourceAccount, arn ? arn.region : '', opts.now)

  const ctx: RequestContext = {
    principal,
    action: action.toLowerCase(),
    actionAsGiven: action,
    service: action.slice(0, action.indexOf(':')).toLowerCase(),
    resource,
    resourceAccount,
    keys: all,
    resolve: (keyLower) => {
      const e = all.get(keyLower)
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

function one(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'boolean' ? String(v) : null
}

function toEntry(key: string, value: ContextValue | null | undefined): ContextEntry | string {
  if (key.trim() === '') return 'context key names must not be empty'
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

/**
 * The caller's keys, and behind them the keys the service derives from the request itself, computed on first
 * lookup (API.md "Request"; GKEYS; R6.8). The caller's value always wins.
 */
class DerivedKeys implements ContextKeys {
  constructor(
    private readonly given: Map<string, ContextEntry>,
    private readonly p: ParsedPrincipal,
    private readonly resourceAccount: string,
    private readonly region: string,
    private readonly now: Date | undefined,
  ) {}

  get(keyLower: string): ContextEntry | undefined {
    const e = this.given.get(keyLower)
    if (e !== undefined || !keyLower.startsWith('aws:')) return e
    const v = this.derive(keyLower)
    if (v === undefined) return undefined
    const entry: ContextEntry = { key: DERIVED_NAMES[keyLower] ?? keyLower, values: [v], multi: false }
    this.given.set(keyLower, entry)
    return entry
  }

  has(keyLower: string): boolean {
    return this.get(keyLower) !== undefined
  }

  private derive(k: string): string | undefined {
    const p = this.p
    const iam = p.kind === 'root' || p.kind === 'user' || p.kind === 'role' || p.kind === 'assumedRole' || p.kind === 'federatedUser'
    switch (k) {
      // For a role session the role's ARN; for the root user the account root ARN (GKEYS).
      case 'aws:principalarn': return iam ? (p.kind === 'assumedRole' ? p.roleArn : p.arn) : undefined
      case 'aws:principalaccount': return iam ? p.account : undefined
      case 'aws:principaltype': return iam ? principalType(p) : undefined
      case 'aws:principalisawsservice': return p.kind === 'service' ? 'true' : iam ? 'false' : undefined
      case 'aws:principalservicename': return p.kind === 'service' ? p.service : undefined
      // aws:userid: root → account id; federated user → account:name. The unique ids of users and roles
      // (AIDA…/AROA…) cannot be known from an ARN, so they are left to the caller (R6.8).
      case 'aws:userid': return p.kind === 'root' ? p.account : p.kind === 'federatedUser' ? `${p.account}:${p.name}` : undefined
      case 'aws:username': return p.kind === 'user' ? p.name : undefined
      case 'aws:resourceaccount': return this.resourceAccount || undefined
      case 'aws:requestedregion': return this.region || undefined
      case 'aws:currenttime': return this.now ? clockKeys(this.now).iso : undefined
      case 'aws:epochtime': return this.now ? clockKeys(this.now).epoch : undefined
      default: return undefined
    }
  }
}

const DERIVED_NAMES: Record<string, string> = {
  'aws:principalarn': 'aws:PrincipalArn', 'aws:principalaccount': 'aws:PrincipalAccount', 'aws:principaltype': 'aws:PrincipalType',
  'aws:principalisawsservice': 'aws:PrincipalIsAWSService', 'aws:principalservicename': 'aws:PrincipalServiceName',
  'aws:userid': 'aws:userid', 'aws:username': 'aws:username', 'aws:resourceaccount': 'aws:ResourceAccount',
  'aws:requestedregion': 'aws:RequestedRegion', 'aws:currenttime': 'aws:CurrentTime', 'aws:epochtime': 'aws:EpochTime',
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

// Parsed principals are immutable values; batches ask about the same few principals many times. Keyed by the
// principal text, then by the aws:PrincipalArn hint ('' key: none), so no key text is built per lookup.
const principalCache = new Map<string, Map<string | undefined, ReturnType<typeof parsePrincipal>>>()
let principalCacheSize = 0
function parsePrincipalCached(text: string, hint: string | undefined): ReturnType<typeof parsePrincipal> {
  let byHint = principalCache.get(text)
  let hit = byHint?.get(hint)
  if (!hit) {
    hit = parsePrincipal(text, hint)
    if (principalCacheSize >= 10_000) {
      principalCache.clear()
      principalCacheSize = 0
      byHint = undefined
    }
    if (!byHint) principalCache.set(text, (byHint = new Map()))
    byHint.set(hint, hit)
    principalCacheSize++
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
