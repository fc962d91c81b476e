// Everything one diagnosis needs in one place: the request and its engine context, the policies, the first
// (fully traced) evaluation, the catalog, and the means to re-run the engine on changed policies or a changed
// request. Re-evaluations never trace (the decision, the deciding statements and each layer's verdict suffice), and
// reuse the request context, so checking a fix costs one fast evaluation.
import type { Catalog } from '../catalog/index.js'
import {
  evaluateContext,
  evaluateRequest,
  resourceKindOf,
  type ContextValue,
  type Evaluation,
  type Layer,
  type LayerTrace,
  type PolicySet,
  type Request,
  type RequestContext,
  type ResourceKind,
} from '../engine/index.js'
import { deniedMessage, type MessageSubject } from './message.js'
import { neededResourcePattern } from './resource-pattern.js'
import { merge } from './merge.js'

export interface DiagnoseOptions {
  /** The clock for aws:CurrentTime / aws:EpochTime, the same as for the first evaluation. */
  now?: Date
  /** Whether RCPs apply to a service (R1.4.4); the same as for the first evaluation. */
  rcpSupported?: (servicePrefix: string) => boolean
}

export interface Session {
  request: Request
  policies: PolicySet
  ev: Evaluation
  ctx: RequestContext
  catalog: Catalog
  opts: DiagnoseOptions
  kind: ResourceKind
  crossAccount: boolean
  /** The action in AWS's casing (the request's own text when the catalog does not know it). */
  action: string
  /** The resource pattern fixes grant on (resource-pattern.ts). */
  needed: string
  /** aws:PrincipalArn of the caller, when it has one. */
  principalArn?: string
  /** The requested action in AWS's casing when the catalog knows it, else null. */
  canonical: string | null
  /** False when the requested action looks like a typo of a known one: no policy change is proposed for it. */
  fixable: boolean
  subject: MessageSubject
  /** Layer traces of the first evaluation by layer. */
  trace: Partial<Record<Layer, LayerTrace>>
  /** Re-evaluates the request against other policies (no trace). Undefined when the engine rejects them. */
  evaluate(policies: PolicySet): Evaluation | undefined
  /** Re-evaluates the request with context keys given or changed (no trace). */
  evaluateWithContext(context: Record<string, ContextValue>, policies?: PolicySet): Evaluation | undefined
  /** Evaluates another request (a dependent action) against some policies. */
  evaluateOther(request: Request, policies: PolicySet, trace: boolean): Evaluation | undefined
  /** The AccessDenied message an evaluation of this request would produce. */
  message(e: Evaluation, policies: PolicySet): string
  /**
   * A fix draft built once per policy set and request shape: explaining the same set again yields the same draft
   * object, so its applied sets (apply-fix.ts) and the engine's prepared policies are found again. `key` names
   * what the draft depends on besides the set, the action, the resource and the caller.
   */
  draft<T extends object>(key: string, build: () => T | undefined): T | undefined
}

const drafts = new WeakMap<PolicySet, Map<string, Map<string, object | null>>>()

export function createSession(request: Request, policies: PolicySet, ev: Evaluation, ctx: RequestContext, catalog: Catalog, opts: DiagnoseOptions): Session {
  const kind = resourceKindOf(ctx)
  const p = ctx.principal
  const canonical = catalog.canonicalAction(request.action) ?? null
  const action = canonical ?? request.action
  const principalArn = ctx.keys.get('aws:principalarn')?.values[0]
  const subject: MessageSubject = { principal: request.principal, action, resource: request.resource, resourceKind: kind }
  const trace: Partial<Record<Layer, LayerTrace>> = {}
  for (const l of ev.layers) trace[l.layer] = l
  const seen = new Map<PolicySet, ReturnType<typeof evaluateContext>>()
  let byRequest: Map<string, object | null> | undefined
  const engineOpts = { ...(opts.now ? { now: opts.now } : {}), ...(opts.rcpSupported ? { rcpSupported: opts.rcpSupported } : {}), trace: false }
  return {
    request,
    policies,
    ev,
    ctx,
    catalog,
    opts,
    kind,
    crossAccount: !!p.account && !!ctx.resourceAccount && p.account !== ctx.resourceAccount,
    action,
    needed: neededResourcePattern(catalog, request.action, request.resource),
    canonical,
    fixable: canonical !== null || catalog.nearestActions(request.action, 1).length === 0,
    ...(principalArn ? { principalArn } : {}),
    subject,
    trace,
    // One diagnosis asks about the same set more than once (a fix alone, then as the plan's first step).
    evaluate: (set) => {
      let e = seen.get(set)
      if (!e) seen.set(set, (e = evaluateContext(ctx, set, engineOpts)))
      return e.evaluation
    },
    evaluateWithContext: (context, set = policies) => {
      const merged: Record<string, ContextValue> = {}
      const given = request.context ?? {}
      const replaced = new Set(Object.keys(context).map((k) => k.toLowerCase()))
      for (const k of Object.keys(given)) if (!replaced.has(k.toLowerCase())) merged[k] = given[k]
      Object.assign(merged, context)
      return evaluateRequest(merge(request, { context: merged }), set, engineOpts).evaluation
    },
    evaluateOther: (other, set, withTrace) => evaluateRequest(other, set, merge(engineOpts, { trace: withTrace })).evaluation,
    message: (e, set) => deniedMessage(subject, e, set),
    draft: <T extends object>(key: string, build: () => T | undefined): T | undefined => {
      if (!byRequest) {
        let bySet = drafts.get(policies)
        if (!bySet) drafts.set(policies, (bySet = new Map()))
        const requestKey = `${request.action}|${request.resource}|${request.principal}|${principalArn ?? ''}`
        byRequest = bySet.get(requestKey)
        if (!byRequest) {
          if (bySet.size >= 64) bySet.clear()
          bySet.set(requestKey, (byRequest = new Map()))
        }
      }
      let d = byRequest.get(key)
      if (d === undefined) byRequest.set(key, (d = build() ?? null))
      return (d ?? undefined) as T | undefined
    },
  }
}

/** True when the principal's own side (identity, boundary, session) allows in this evaluation. */
export function principalSideAllows(s: Session, e: Evaluation = s.ev): boolean {
  const d = (l: Layer) => e.layers.find((t) => t.layer === l)?.decision
  const p = s.ctx.principal
  if (p.kind === 'service' || p.kind === 'identityProvider' || p.kind === 'anonymous') return false
  const identity = p.kind === 'root' || d('identity') === 'allowed'
  const boundary = d('permissionsBoundary')
  const session = d('session')
  return identity && (boundary === undefined || boundary === 'allowed') && (session === undefined || session === 'allowed')
}

export function hasIdentitySide(s: Session): boolean {
  const k = s.ctx.principal.kind
  return k !== 'service' && k !== 'identityProvider' && k !== 'anonymous'
}
