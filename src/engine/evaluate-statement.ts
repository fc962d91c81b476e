// Matching one statement against the request: Principal/NotPrincipal, Action/NotAction, Resource/NotResource,
// and every condition (a statement applies only when all of them match; EVAL, CONDLOGIC R5.0.3).
// Two forms: a fast one that only answers (used for decisions), and a tracing one that records every element.
import type { RequestContext } from './request-context.js'
import type { ConditionTrace, ElementMatch, StatementRef, StatementTrace } from './types.js'
import type { CompiledStatement } from './compile.js'
import type { PrincipalMatch } from './match/index.js'

export interface StatementEnv {
  /** The principal has a permissions boundary (NotPrincipal + Deny pitfall, R1.6.3). */
  principalHasBoundary: boolean
  /** Collects condition keys (as written) that a relevant statement needed and the request lacked. */
  missing: Set<string>
}

const NOT_PRINCIPAL_MATCH: PrincipalMatch = { pattern: 'NotPrincipal', via: 'any' }
const NO_PRINCIPAL_ELEMENT: PrincipalMatch = { pattern: '', via: 'any' }

/** The principal match that made the statement apply, or null when it does not apply. */
export function matchStatement(cs: CompiledStatement, ctx: RequestContext, env: StatementEnv): PrincipalMatch | null {
  if (cs.action) {
    if (cs.action.match(ctx.action, ctx.service) === null) return null
  } else if (cs.notAction && cs.notAction.match(ctx.action, ctx.service) !== null) return null

  if (cs.resource) {
    if (cs.resource.match(ctx.resource, ctx) === null) return null
  } else if (cs.notResource && cs.notResource.match(ctx.resource, ctx) !== null) return null

  let via = NO_PRINCIPAL_ELEMENT
  if (cs.principal) {
    const m = cs.principal.match(ctx.principal, ctx)
    if (!m) return null
    via = m
  } else if (cs.notPrincipal) {
    if (notPrincipalExcludes(cs, ctx, env)) return null
    via = NOT_PRINCIPAL_MATCH
  }

  const conds = cs.conditions
  if (conds.length) {
    const keys = cs.conditionKeys
    for (let i = 0; i < keys.length; i++) if (!ctx.keys.has(keys[i])) env.missing.add(cs.conditionKeyNames[i])
    for (let i = 0; i < conds.length; i++) if (!conds[i].test(ctx)) return null
  }
  return via
}

/** NotPrincipal lists the principal, so the statement does not apply to it. A Deny with NotPrincipal always
 *  applies to a principal with a permissions boundary, listed or not (R1.6.3, BOUNDARY, NOTPRINCIPAL). */
function notPrincipalExcludes(cs: CompiledStatement, ctx: RequestContext, env: StatementEnv): boolean {
  if (cs.isDeny && env.principalHasBoundary) return false
  return cs.notPrincipal!.match(ctx.principal, ctx) !== null
}

/** Full record of how each element compared; `via` is the principal match when the statement applies. */
export function traceStatement(
  cs: CompiledStatement,
  ctx: RequestContext,
  env: StatementEnv,
  ref: StatementRef,
): { trace: StatementTrace; via: PrincipalMatch | null } {
  const action = traceAction(cs, ctx)
  const resource = traceResource(cs, ctx)
  let principal: ElementMatch | undefined
  let via: PrincipalMatch | null = NO_PRINCIPAL_ELEMENT
  if (cs.principal) {
    const m = cs.principal.match(ctx.principal, ctx)
    via = m
    principal = m
      ? { matched: true, element: 'Principal', pattern: m.pattern }
      : { matched: false, element: 'Principal', reason: `${ctx.principal.arn} is not among the principals this statement names` }
  } else if (cs.notPrincipal) {
    const listed = cs.notPrincipal.match(ctx.principal, ctx)
    const excluded = notPrincipalExcludes(cs, ctx, env)
    via = excluded ? null : NOT_PRINCIPAL_MATCH
    principal = excluded
      ? { matched: false, element: 'NotPrincipal', pattern: listed?.pattern, reason: `${ctx.principal.arn} is listed in NotPrincipal` }
      : listed
        ? { matched: true, element: 'NotPrincipal', pattern: listed.pattern, reason: 'a Deny with NotPrincipal applies to every principal that has a permissions boundary, listed or not (R1.6.3)' }
        : { matched: true, element: 'NotPrincipal', reason: cs.notPrincipal.unlisted(ctx.principal, ctx) ?? `${ctx.principal.arn} is not listed in NotPrincipal` }
  }
  const conditions: ConditionTrace[] = cs.conditions.map((c) => c.trace(ctx))
  if (action.matched && resource.matched && (!principal || principal.matched)) {
    cs.conditionKeys.forEach((k, i) => {
      if (!ctx.keys.has(k)) env.missing.add(cs.conditionKeyNames[i])
    })
  }
  const matched = action.matched && resource.matched && (!principal || principal.matched) && conditions.every((c) => c.matched)
  const trace: StatementTrace = { ref, matched, action, resource, conditions }
  if (principal) trace.principal = principal
  return { trace, via: matched ? via : null }
}

function traceAction(cs: CompiledStatement, ctx: RequestContext): ElementMatch {
  if (cs.action) {
    const p = cs.action.match(ctx.action, ctx.service)
    return p !== null
      ? { matched: true, element: 'Action', pattern: p }
      : { matched: false, element: 'Action', reason: `${ctx.actionAsGiven} matches none of ${list(cs.statement.action!)}` }
  }
  const p = cs.notAction!.match(ctx.action, ctx.service)
  return p !== null
    ? { matched: false, element: 'NotAction', pattern: p, reason: `${ctx.actionAsGiven} is excluded by NotAction ${p}` }
    : { matched: true, element: 'NotAction', reason: `${ctx.actionAsGiven} is not excluded by NotAction` }
}

function traceResource(cs: CompiledStatement, ctx: RequestContext): ElementMatch {
  if (cs.resource) {
    const p = cs.resource.match(ctx.resource, ctx)
    return p !== null
      ? { matched: true, element: 'Resource', pattern: p }
      : { matched: false, element: 'Resource', reason: `${ctx.resource} matches none of ${list(cs.statement.resource!)}` }
  }
  if (cs.notResource) {
    const p = cs.notResource.match(ctx.resource, ctx)
    return p !== null
      ? { matched: false, element: 'NotResource', pattern: p, reason: `${ctx.resource} is excluded by NotResource ${p}` }
      : { matched: true, element: 'NotResource', reason: `${ctx.resource} is not excluded by NotResource` }
  }
  // Trust policies omit Resource: the role itself is the resource (R4.1.6).
  return { matched: true, reason: 'no Resource element: the policy applies to the resource it is attached to' }
}

function list(patterns: string[]): string {
  return patterns.length === 1 ? patterns[0] : `[${patterns.join(', ')}]`
}
