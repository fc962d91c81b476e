// `"source": "aws" | "snapshot"` in place of `policies` (API.md "Sources and cache"): POST /v1/evaluate and
// POST /v1/explain gather the PolicySet in force for the request's principal and resource through app.sources, and
// answer with each policy's provenance. GET /v1/principals/{arn}/policies maps the same failures the same way.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import './sources-decoration.js'
import type { PolicyAnswer, PolicySource, SourceKind, Unavailable } from '../src/sources/ports.js'
import { ProblemError } from './problem.js'
import type { SourcesUsed } from './schemas/sources.js'

/** Where a field of the caller's input lives, for the problem's `errors[].path` and `location`. */
export interface InputPaths {
  /** The pointer of the principal in the input (`/request/principal`, `/arn`) and where it is (absent: the body). */
  principal: Located
  /** The pointer of the `source` choice (`/source`). */
  source: Located
  /** Prefix for the request's other fields (`/request`, or '' for query parameters). */
  request: Located
}

type Located = { path: string; location?: 'querystring' | 'params' | 'headers' }
const at = (where: Located, path = where.path) => (where.location ? { path, location: where.location } : { path })

export interface SourceQuery {
  principal: string
  resource?: string
  action?: string
  resourceAccount?: string
}

/** The source a caller named, or a 400 when it is turned off. */
export function pickSource(app: FastifyInstance, which: SourceKind, paths: InputPaths): PolicySource {
  const source = which === 'aws' ? app.sources.aws : app.sources.snapshot
  if (source !== undefined) return source
  throw new ProblemError({
    status: 400,
    code: 'source-disabled',
    detail: 'The AWS source is turned off (IAMDX_AWS_SOURCE=off): use source snapshot, or send the policies.',
    errors: [{ ...at(paths.source), message: 'the AWS source is turned off' }],
  })
}

/**
 * The policies in force for the query. A query the source cannot resolve is a 400 pointing at the field; a
 * principal that cannot be read at all is a 404/502/503 (principalProblem). Gaps in other layers are data in the answer.
 */
export async function policiesInForce(app: FastifyInstance, req: FastifyRequest, which: SourceKind, query: SourceQuery, paths: InputPaths): Promise<PolicyAnswer> {
  const source = pickSource(app, which, paths)
  req.auditFacts = { ...req.auditFacts, principal: query.principal, action: query.action, resource: query.resource, source: which }
  const result = await app.onBehalfOf(req, () => source.policiesFor(query))
  if (!result.ok) {
    const where = result.error.path === '/principal' ? at(paths.principal) : at(paths.request, `${paths.request.path}${result.error.path}`)
    throw ProblemError.badRequest(result.error.message, [{ ...where, message: result.error.message, code: result.error.code }], result.error.code)
  }
  const gap = result.answer.unavailable.find((u) => u.scope === 'principal')
  if (gap !== undefined) throw principalProblem(gap, paths)
  // The caller's AWS budget ran out part way: an answer missing a layer for that reason is not worth judging.
  const spent = result.answer.unavailable.find((u) => u.why === 'budget')
  if (spent !== undefined) throw budgetProblem(spent)
  return result.answer
}

/** The `sources` member of evaluate and explain responses; `added`: the context keys put into the request. */
export function sourcesUsed(which: SourceKind, answer: PolicyAnswer, added: Record<string, string | string[]>): SourcesUsed {
  return { source: which, provenance: answer.provenance, unavailable: answer.unavailable, warnings: answer.warnings, context: added }
}

/**
 * The request with the context keys the source learned (the organization ids and paths AWS sets) where the caller
 * did not give them; keys are compared case-insensitively, as AWS compares them. The caller's own values win.
 */
export function withSourceContext<R extends { context?: Record<string, unknown> }>(request: R, learned: Record<string, string | string[]>): { request: R; added: Record<string, string | string[]> } {
  const given = new Set(Object.keys(request.context ?? {}).map((k) => k.toLowerCase()))
  const added: Record<string, string | string[]> = {}
  for (const [key, value] of Object.entries(learned)) {
    if (!given.has(key.toLowerCase())) added[key] = Array.isArray(value) ? [...value] : value
  }
  if (Object.keys(added).length === 0) return { request, added }
  return { request: { ...request, context: { ...request.context, ...added } }, added }
}

/** A principal iamdx could not read: 404 when it does not exist, 502 when iamdx is denied or AWS failed, 503 when throttled. */
export function principalProblem(gap: Unavailable, paths: Pick<InputPaths, 'principal'>): ProblemError {
  const errors = [{ ...at(paths.principal), message: gap.message, ...(gap.action ? { code: gap.action } : {}) }]
  switch (gap.why) {
    case 'notFound':
      return new ProblemError({ status: 404, code: 'principal-not-found', detail: gap.message, errors })
    case 'accessDenied':
      return new ProblemError({ status: 502, code: 'iamdx-access-denied', detail: gap.message, errors })
    case 'throttled':
      return new ProblemError({ status: 503, code: 'aws-throttled', detail: gap.message, errors, headers: { 'retry-after': '5' } })
    case 'budget':
      return budgetProblem(gap)
    default:
      return new ProblemError({ status: 502, code: 'aws-error', detail: gap.message, errors })
  }
}

/** The two ways to say which policies are in force: inline `policies`, or a `source` to gather them from. */
export interface PoliciesChoice {
  policies?: unknown
  source?: SourceKind
}

export interface ChosenPolicies<R> {
  policies: unknown
  /** The request to judge: the caller's, with the context keys the source learned. */
  request: R
  /** With a source: what the response reports under `sources`, and the answer object (the same one for every call while the source's answer memo holds it). */
  fromSource?: { sources: SourcesUsed; answer: object }
}

/** Exactly one of `policies` and `source`; with a source, the policies in force for the request's principal and resource. */
export async function choosePolicies<R extends { principal: string; action: string; resource: string; resourceAccount?: string; context?: Record<string, unknown> }>(
  app: FastifyInstance,
  req: FastifyRequest,
  body: PoliciesChoice,
  request: R,
  requestPath = '/request',
): Promise<ChosenPolicies<R>> {
  if ((body.policies === undefined) === (body.source === undefined)) {
    const both = body.policies !== undefined
    throw ProblemError.badRequest(
      both ? 'give either policies or source, not both' : 'give the policies in force, or a source ("aws" or "snapshot") to gather them from',
      (both ? ['/policies', '/source'] : ['/policies']).map((path) => ({ path, message: both ? 'only one of policies and source may be given' : 'is required (or source)' })),
    )
  }
  if (body.source === undefined) return { policies: body.policies, request }
  const query: SourceQuery = { principal: request.principal, action: request.action }
  if (request.resource !== '*') query.resource = request.resource
  if (request.resourceAccount !== undefined) query.resourceAccount = request.resourceAccount
  const paths: InputPaths = { principal: { path: `${requestPath}/principal` }, source: { path: '/source' }, request: { path: requestPath } }
  const answer = await policiesInForce(app, req, body.source, query, paths)
  const judged = withSourceContext(request, answer.context)
  return { policies: answer.policies, request: judged.request, fromSource: { sources: sourcesUsed(body.source, answer, judged.added), answer } }
}

/** Adds the answer to the audit line's facts of a live look-up (who was asked about is there already); never a policy. */
export function auditDecision(req: FastifyRequest, decision: string): void {
  req.auditFacts = { ...req.auditFacts, decision }
}

/** 429: the asking caller's budget of AWS calls is spent (issue 7); Retry-After says when it has room again. */
function budgetProblem(gap: Unavailable): ProblemError {
  return new ProblemError({ status: 429, code: 'aws-budget-spent', detail: gap.message, headers: { 'retry-after': String(Math.max(1, gap.retryAfterSeconds ?? 60)) } })
}
