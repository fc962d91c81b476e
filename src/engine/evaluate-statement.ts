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

/** The principal match of the statement traceStatement traced last, when it applies (else null). Read right after
 *  the call: it saves wrapping every trace in a second object. */
export const traced: { via: PrincipalMatch | null } = { via: null }

/** Full record of how each element compared; `traced.via` is then the principal match when the statement applies. */
export function traceStatement(cs: CompiledStatement, ctx: RequestContext, env: StatementEnv, ref: StatementRef): StatementTrace {
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
  const conds = cs.conditions
  const conditions: ConditionTrace[] = []
  let conditionsHold = true
  for (let i = 0; i < conds.length; i++) {
    const c = conds[i].trace(ctx)
    conditions.push(c)
    if (!c.matched) conditionsHold = false
  }
  const elementsMatch = action.matched && resource.matched && (!principal || principal.matched)
  if (elementsMatch) {
    const keys = cs.conditionKeys
    for (let i = 0; i < keys.length; i++) if (!ctx.keys.has(keys[i])) env.missing.add(cs.conditionKeyNames[i])
  }
  const matched = elementsMatch && conditionsHold
  // Property order as the record has always been written: ref, matched, action, resource, conditions, principal.
  traced.via = matched ? via : null
  return principal ? { ref, matched, action, resource, conditions, principal } : { ref, matched, action, resource, conditions }
}

// Reason strings are built from text prepared once per compiled statement (the pattern list), so a trace only
// joins the request's part to it.
function traceAction(cs: CompiledStatement, ctx: RequestContext): ElementMatch {
  if (cs.action) {
    const p = cs.action.match(ctx.action, ctx.service)
    return p !== null
      ? { matched: true, element: 'Action', pattern: p }
      : { matched: false, element: 'Action', reason: ctx.actionAsGiven + noneOf(cs, 'action') }
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
      : { matched: false, element: 'Resource', reason: ctx.resource + noneOf(cs, 'resource') }
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

/** ` matches none of <patterns>` (`a` or `[a, b]`) for the statement's Action or Resource, built once per compiled
 *  statement, so a trace's reason is the request's text and this. */
function noneOf(cs: CompiledStatement, element: 'action' | 'resource'): string {
  const texts = cs.texts
  if (element === 'action') return (texts.action ??= ` matches none of ${list(cs.statement.action!)}`)
  return (texts.resource ??= ` matches none of ${list(cs.statement.resource!)}`)
}

function list(patterns: string[]): string {
  return patterns.length === 1 ? patterns[0] : `[${patterns.join(', ')}]`
}
