// POST /v1/evaluate and POST /v1/evaluate/batch (API.md): AWS's decision for one request, or for many requests
// against one policy set. The engine decides; this file only validates, calls it and trims the record.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import './decorations.js'
import { evaluateRequest, type InputError, type PolicySet, type Request } from '../src/engine/index.js'
import { ProblemError } from './problem.js'
import { plainJson } from './plain-json.js'
import { auditDecision, choosePolicies } from './policies-from-source.js'
import { problemResponses } from './schemas/problem.js'
import { BatchBodySchema, BatchResponseSchema, EvaluateBodySchema, EvaluateResponseRef } from './schemas/evaluate.js'
import { toWire, type Detail } from './evaluate-wire.js'
import { evaluateExamples } from './schemas/evaluate-examples.js'

const evaluate: FastifyPluginAsyncTypebox = async (app) => {
  // RCPs apply only to the services that support them (R1.4.4, RCP): the list comes from the catalog, which
  // every evaluation waits for so that an answer never depends on how long the process has been up.
  let support: ((service: string) => boolean) | undefined
  const rcpSupport = async () => {
    if (!support) {
      const catalog = await app.catalog.get()
      support = (service) => catalog.rcpSupported(service)
    }
    return support
  }

  app.post(
    '/v1/evaluate',
    {
      config: { access: { scope: 'evaluate', source: { in: 'body' } } },
      ...plainJson,
      schema: {
        tags: ['evaluate'],
        operationId: 'evaluate',
        summary: 'AWS\'s authorization decision for one request, with a trace of every layer and statement',
        description:
          'Evaluates the request against every policy layer given (identity, resource, permissions boundary, session, ' +
          'SCPs and RCPs level by level, VPC endpoint) in AWS\'s order, with the special rules of KMS key policies, role ' +
          'trust policies and cross-account requests. A policy with grammar errors is a 400 whose errors point at the ' +
          'policy, statement and element. With `source` (aws or snapshot) in place of `policies`, iamdx gathers the policies in ' +
          'force for the principal and resource itself and lists their provenance under `sources` (404/502/503 when the ' +
          'principal cannot be read, as GET /v1/principals/{arn}/policies).',
        body: { ...EvaluateBodySchema, examples: evaluateExamples },
        response: { 200: EvaluateResponseRef, ...problemResponses(400, 404, 413, 415, 500, 502, 503) },
      },
    },
    async (req) => {
      const rcpSupported = await rcpSupport()
      const request = req.body.request as Request
      const chosen = await choosePolicies(app, req, req.body, request)
      const out = evaluateRequest(chosen.request, chosen.policies as PolicySet, { now: app.clock.now(), rcpSupported })
      if (!out.evaluation) throw invalid(out.errors)
      const wire = toWire(out.evaluation, 'full')
      if (chosen.fromSource) {
        wire.sources = chosen.fromSource.sources
        auditDecision(req, wire.decision)
      }
      return wire
    },
  )

  app.post(
    '/v1/evaluate/batch',
    {
      config: { access: { scope: 'evaluate', batch: 'requests' } },
      ...plainJson,
      schema: {
        tags: ['evaluate'],
        operationId: 'evaluateBatch',
        summary: 'Many requests against one policy set, in one round trip (up to 10,000)',
        description:
          'Results come in the order of `requests`. `detail` trims each: `decision` (only the decision), `summary` ' +
          '(the default: decision, matchedStatements, missingContextKeys, deniedBy) or `full` (with layers). Policies are ' +
          'parsed and compiled once for the whole batch. Any invalid request or policy makes the whole call a 400 whose ' +
          'errors point at it (/requests/17/action).',
        body: BatchBodySchema,
        response: { 200: BatchResponseSchema, ...problemResponses(400, 413, 415, 500) },
      },
    },
    async (req) => {
      const detail: Detail = req.body.detail ?? 'summary'
      const now = app.clock.now()
      const rcpSupported = await rcpSupport()
      const policies = req.body.policies as PolicySet
      const trace = detail === 'full'
      const results = new Array(req.body.requests.length)
      const errors: InputError[] = []
      for (let i = 0; i < req.body.requests.length; i++) {
        const out = evaluateRequest(req.body.requests[i] as Request, policies, { now, trace, rcpSupported, requestPath: `/requests/${i}` })
        if (!out.evaluation) {
          errors.push(...out.errors)
          // Policy errors are the same for every request: report them once.
          if (out.errors.some((e) => e.path.startsWith('/policies')) || errors.length >= 100) break
          continue
        }
        results[i] = toWire(out.evaluation, detail)
      }
      if (errors.length) throw invalid(errors)
      return { results }
    },
  )
}

function invalid(errors: InputError[]): ProblemError {
  const first = errors[0]
  const detail = errors.length === 1 ? `${first.path}: ${first.message}` : `${errors.length} problems, the first at ${first.path}: ${first.message}`
  return ProblemError.badRequest(detail, errors.map((e) => ({ path: e.path, message: e.message })), 'invalid-request')
}

export default evaluate
