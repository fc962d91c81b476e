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
  type EvaluateOptions,
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
import type { Fix } from './types.js'

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
  /** The fixes that were applied before a fix when it was verified (the plan's earlier steps); diagnose turns them
   *  into finding indices. Per diagnosis: a fix object lives only as long as its diagnosis. */
  verifiedWith: Map<Fix, readonly Fix[]>
}

// Per set: action → resource → principal → aws:PrincipalArn ('' when none) → draft key → draft. Nested maps, so no
// request key text is built (and hashed) per diagnosis; `requests` counts the leaves to bound them as before.
interface DraftStore {
  requests: number
  root: Map<string, Map<string, Map<string, Map<string, Map<string, object | null>>>>>
}
const drafts = new WeakMap<PolicySet, DraftStore>()

function child<K, V>(m: Map<K, V>, k: K, make: () => V): V {
  let v = m.get(k)
  if (v === undefined) m.set(k, (v = make()))
  return v
}

function requestDrafts(store: DraftStore, request: Request, principalArn: string): Map<string, object | null> {
  const byPrincipal = child(child(store.root, request.action, () => new Map()), request.resource, () => new Map())
  const byArn = child(byPrincipal, request.principal, () => new Map<string, Map<string, object | null>>())
  let leaf = byArn.get(principalArn)
  if (!leaf) {
    if (store.requests >= 64) {
      store.root.clear()
      store.requests = 0
      return requestDrafts(store, request, principalArn)
    }
    byArn.set(principalArn, (leaf = new Map()))
    store.requests++
  }
  return leaf
}

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
  // Built by assignment: object literals with conditional spreads take V8's slow path on Node 20 (merge.ts).
  const engineOpts: EvaluateOptions = {}
  if (opts.now) engineOpts.now = opts.now
  if (opts.rcpSupported) engineOpts.rcpSupported = opts.rcpSupported
  engineOpts.trace = false
  const session: Session = {
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
    subject,
    trace,
    verifiedWith: new Map(),
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
        let store = drafts.get(policies)
        if (!store) drafts.set(policies, (store = { requests: 0, root: new Map() }))
        byRequest = requestDrafts(store, request, principalArn ?? '')
      }
      let d = byRequest.get(key)
      if (d === undefined) byRequest.set(key, (d = build() ?? null))
      return (d ?? undefined) as T | undefined
    },
  }
  if (principalArn) session.principalArn = principalArn
  return session
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
