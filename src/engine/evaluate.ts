// evaluateRequest: one request against the policies in force → the decision record (ARCHITECTURE.md).
// Parses each document (cached by content), builds the request context, evaluates every applicable layer,
// and combines them in AWS's order (combine.ts).
import { parsePolicyCached, type PolicyFinding, type PolicyType } from '../policy/index.js'
import type { Evaluation, EvalIssue, Layer, LayerTrace, PolicyInput, PolicySet, Request } from './types.js'
import type { RequestContext } from './request-context.js'
import { buildRequestContext, type InputError } from './context.js'
import { compilePolicy } from './compile.js'
import { evaluateLayer, type LayerOutcome, type LayerPolicy } from './evaluate-layer.js'
import { combine } from './combine.js'
import { resourceKindOf } from './resource-kind.js'
import type { StatementEnv } from './evaluate-statement.js'

export interface EvaluateOptions {
  /** The clock for aws:CurrentTime / aws:EpochTime (the engine reads no clock of its own). */
  now?: Date
  /** Record every statement of every layer (default true). False gives the decision, the deciding statements
   *  and the missing keys only, faster. */
  trace?: boolean
  /** Whether RCPs apply to a service (R1.4.4); default: they apply to every service. */
  rcpSupported?: (servicePrefix: string) => boolean
  /** JSON Pointer prefixes for error paths; defaults '/request' and '/policies'. */
  requestPath?: string
  policiesPath?: string
}

export type EvaluateOutcome =
  | { evaluation: Evaluation; errors?: undefined }
  | { evaluation?: undefined; errors: InputError[] }

/** The layers in the order AWS evaluates them (DENYALLOW), which is also their order in the record. */
export const LAYER_ORDER: Layer[] = ['rcp', 'scp', 'vpcEndpoint', 'resource', 'identity', 'permissionsBoundary', 'session']

interface Prepared {
  identity: LayerPolicy[]
  resource?: LayerPolicy[]
  permissionsBoundary?: LayerPolicy[]
  session?: LayerPolicy[]
  scp?: LayerPolicy[]
  scpLevels: number
  rcp?: LayerPolicy[]
  rcpLevels: number
  vpcEndpoint?: LayerPolicy[]
}

export function evaluateRequest(request: Request, policies: PolicySet, opts: EvaluateOptions = {}): EvaluateOutcome {
  const built = buildRequestContext(request ?? ({} as Request), { now: opts.now, basePath: opts.requestPath ?? '/request' })
  if (!built.ok) {
    // Report what is wrong with the policies in the same answer, so a caller fixes everything at once.
    const prepared = preparedFor(policies, 'resource', opts.policiesPath ?? '/policies')
    return { errors: 'errors' in prepared ? [...built.errors, ...prepared.errors] : built.errors }
  }
  return evaluateContext(built.ctx, policies, opts)
}

export function evaluateContext(ctx: RequestContext, policies: PolicySet, opts: EvaluateOptions = {}): EvaluateOutcome {
  const resourceKind = resourceKindOf(ctx)
  const prepared = preparedFor(policies, resourceKind === 'roleTrust' ? 'trust' : 'resource', opts.policiesPath ?? '/policies')
  if ('errors' in prepared) return { errors: prepared.errors }

  const trace = opts.trace !== false
  const p = ctx.principal
  const env: StatementEnv = { principalHasBoundary: !!prepared.permissionsBoundary, missing: new Set() }
  const isIamIdentity = p.kind === 'root' || p.kind === 'user' || p.kind === 'role' || p.kind === 'assumedRole' || p.kind === 'federatedUser'

  // SCPs restrict IAM principals of member accounts; never service-linked roles (R1.3.1, R1.3.3, SCP) nor
  // service principals (R1.3.10). The management account is expressed by omitting scp (R1.3.2).
  const scpApplies = !!prepared.scp && isIamIdentity && !p.serviceLinked
  // RCPs restrict resources of member accounts for every caller except service-linked roles, only for the
  // services that support them, and never kms:RetireGrant (R1.4.1, R1.4.3, R1.4.4, RCP).
  const rcpApplies = !!prepared.rcp && !p.serviceLinked && ctx.action !== 'kms:retiregrant' &&
    (opts.rcpSupported ? opts.rcpSupported(ctx.service) : true)

  const run = (layer: Layer, list: LayerPolicy[] | undefined, levels?: number): LayerOutcome | undefined =>
    list ? evaluateLayer(layer, list, ctx, env, trace, levels) : undefined

  const outcomes: Partial<Record<Layer, LayerOutcome>> = {
    rcp: rcpApplies ? run('rcp', prepared.rcp, prepared.rcpLevels) : undefined,
    scp: scpApplies ? run('scp', prepared.scp, prepared.scpLevels) : undefined,
    vpcEndpoint: run('vpcEndpoint', prepared.vpcEndpoint),
    resource: run('resource', prepared.resource),
    identity: isIamIdentity || prepared.identity.length ? run('identity', prepared.identity) : undefined,
    permissionsBoundary: isIamIdentity ? run('permissionsBoundary', prepared.permissionsBoundary) : undefined,
    session: isIamIdentity ? run('session', prepared.session) : undefined,
  }
  const identity = outcomes.identity ?? { layer: 'identity' as const, decision: 'implicitDeny' as const, allows: [], denies: [], statements: [] }
  const crossAccount = !!p.account && !!ctx.resourceAccount && p.account !== ctx.resourceAccount

  const result = combine({
    ctx,
    rcp: outcomes.rcp,
    scp: outcomes.scp,
    vpcEndpoint: outcomes.vpcEndpoint,
    resource: outcomes.resource,
    identity,
    permissionsBoundary: outcomes.permissionsBoundary,
    session: outcomes.session,
    sessionRequiredButAbsent: p.kind === 'federatedUser' && !prepared.session,
    resourceKind,
    crossAccount,
  })

  const layers: LayerTrace[] = []
  const issues: EvalIssue[] = result.notes.map((message) => ({ code: 'NOTE', message }))
  for (const l of LAYER_ORDER) {
    const o = outcomes[l]
    if (!o) continue
    const lt: LayerTrace = { layer: l, decision: o.decision, statements: o.statements }
    if (o.levels) lt.levels = o.levels
    layers.push(lt)
    for (const st of o.statements) {
      for (const c of st.conditions) {
        if (c.issue) issues.push({ code: 'CONDITION_VALUE_ISSUE', message: `${c.operator} ${c.key}: ${c.issue}`, ref: st.ref })
      }
    }
  }
  if (p.kind === 'federatedUser' && !prepared.session) {
    issues.push({ code: 'NOTE', message: 'A federated-user session (GetFederationToken) without a session policy has no permissions except those a resource-based policy grants to the session (R1.7.5).' })
  }

  const evaluation: Evaluation = {
    decision: result.decision,
    decidedBy: result.decidedBy,
    layers,
    missingContextKeys: dedupeKeys(env.missing),
    issues,
  }
  if (result.deniedBy) evaluation.deniedBy = result.deniedBy
  return { evaluation }
}

function dedupeKeys(keys: Set<string>): string[] {
  if (keys.size === 0) return []
  const seen = new Map<string, string>()
  for (const k of keys) if (!seen.has(k.toLowerCase())) seen.set(k.toLowerCase(), k)
  return [...seen.values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
}

// A policy set is prepared (checked, parsed, compiled) once per object and resource-policy type: a batch asks
// about thousands of requests against one set. Like parsed policies, a set must not be mutated after use.
// Keyed by resource-policy type, then by path prefix (no key text is built per lookup).
const preparedCache = new WeakMap<object, Map<PolicyType, Map<string, Prepared | { errors: InputError[] }>>>()

function preparedFor(set: PolicySet, resourceType: PolicyType, base: string): Prepared | { errors: InputError[] } {
  if (typeof set !== 'object' || set === null) return preparePolicies(set, resourceType, base)
  let byType = preparedCache.get(set)
  if (!byType) preparedCache.set(set, (byType = new Map()))
  let byBase = byType.get(resourceType)
  if (!byBase) byType.set(resourceType, (byBase = new Map()))
  let hit = byBase.get(base)
  if (!hit) byBase.set(base, (hit = preparePolicies(set, resourceType, base)))
  return hit
}

function preparePolicies(set: PolicySet, resourceType: PolicyType, base: string): Prepared | { errors: InputError[] } {
  const errors: InputError[] = []
  const out: Prepared = { identity: [], scpLevels: 0, rcpLevels: 0 }
  if (typeof set !== 'object' || set === null || Array.isArray(set)) {
    return { errors: [{ path: base, message: 'policies must be an object (a PolicySet)' }] }
  }

  const one = (input: unknown, path: string, type: PolicyType, defaultId: string, policyIndex: number, level?: number, gateway = false): LayerPolicy | null => {
    if (typeof input !== 'object' || input === null || Array.isArray(input) || !('document' in input)) {
      errors.push({ path, message: 'each policy must be an object { id?, document }' })
      return null
    }
    const pi = input as PolicyInput
    if (pi.id !== undefined && typeof pi.id !== 'string') {
      errors.push({ path: `${path}/id`, message: 'id must be a string' })
      return null
    }
    const parsed = parsePolicyCached(pi.document, { policyType: type })
    const bad = parsed.findings.filter((f: PolicyFinding) => f.severity === 'error')
    if (!parsed.policy || bad.length) {
      for (const f of bad) errors.push({ path: `${path}/document${f.path}`, message: `${pi.id ? `policy ${pi.id}: ` : ''}${f.message}` })
      return null
    }
    const lp: LayerPolicy = { policyId: pi.id ?? defaultId, policyIndex, compiled: compilePolicy(parsed.policy, { gatewayEndpoint: gateway }) }
    if (level !== undefined) lp.level = level
    return lp
  }

  const list = (key: 'identity' | 'session', type: PolicyType): LayerPolicy[] | undefined => {
    const v = set[key]
    if (v === undefined) return undefined
    if (!Array.isArray(v)) {
      errors.push({ path: `${base}/${key}`, message: `${key} must be an array of policies` })
      return undefined
    }
    return v.map((x, i) => one(x, `${base}/${key}/${i}`, type, `${key}/${i}`, i)).filter((x): x is LayerPolicy => !!x)
  }

  const hierarchy = (key: 'scp' | 'rcp'): { policies: LayerPolicy[]; levels: number } | undefined => {
    const v = set[key]
    if (v === undefined) return undefined
    if (!Array.isArray(v) || v.some((lvl) => !Array.isArray(lvl))) {
      errors.push({ path: `${base}/${key}`, message: `${key} must be an array of levels (root first, then each OU, then the account), each an array of policies` })
      return undefined
    }
    const policies: LayerPolicy[] = []
    v.forEach((lvl: unknown[], level: number) =>
      lvl.forEach((x, i) => {
        const lp = one(x, `${base}/${key}/${level}/${i}`, key, `${key}/${level}/${i}`, i, level)
        if (lp) policies.push(lp)
      }),
    )
    return { policies, levels: v.length }
  }

  out.identity = list('identity', 'identity') ?? []
  out.session = list('session', 'session')
  if (set.resource !== undefined) {
    const lp = one(set.resource, `${base}/resource`, resourceType, 'resource', 0)
    if (lp) out.resource = [lp]
  }
  if (set.permissionsBoundary !== undefined) {
    const lp = one(set.permissionsBoundary, `${base}/permissionsBoundary`, 'permissionsBoundary', 'permissionsBoundary', 0)
    if (lp) out.permissionsBoundary = [lp]
  }
  if (set.vpcEndpoint !== undefined) {
    const v = set.vpcEndpoint as { endpointType?: unknown }
    const gateway = typeof v === 'object' && v !== null && v.endpointType === 'Gateway'
    if (typeof v === 'object' && v !== null && v.endpointType !== undefined && v.endpointType !== 'Gateway' && v.endpointType !== 'Interface') {
      errors.push({ path: `${base}/vpcEndpoint/endpointType`, message: 'endpointType must be "Interface" or "Gateway"' })
    }
    const lp = one(set.vpcEndpoint, `${base}/vpcEndpoint`, 'vpcEndpoint', 'vpcEndpoint', 0, undefined, gateway)
    if (lp) out.vpcEndpoint = [lp]
  }
  const scp = hierarchy('scp')
  if (scp) {
    out.scp = scp.policies
    out.scpLevels = scp.levels
  }
  const rcp = hierarchy('rcp')
  if (rcp) {
    out.rcp = rcp.policies
    out.rcpLevels = rcp.levels
  }
  for (const key of Object.keys(set)) {
    if (!['identity', 'resource', 'permissionsBoundary', 'session', 'scp', 'rcp', 'vpcEndpoint'].includes(key)) {
      errors.push({ path: `${base}/${key}`, message: `unknown policy layer ${key}; layers are identity, resource, permissionsBoundary, session, scp, rcp, vpcEndpoint` })
    }
  }
  return errors.length ? { errors } : out
}
