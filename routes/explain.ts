// POST /v1/explain (API.md): why a request is denied (or allowed): AWS's AccessDenied message, every finding with
// its evidence, and the narrowest fixes, each verified by re-running the engine. ?format=text gives the same as
// plain text. The work is explainRequest (explain-request.ts); this file validates, calls it and answers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import './decorations.js'
import type { InputError, PolicySet, Request } from '../src/engine/index.js'
import { ingest } from '../src/ingest/index.js'
import { explainRequest } from './explain-request.js'
import { causeFindings, relevantMissing } from './explain-ingested.js'
import { unrecognised } from './ingest.js'
import { renderText } from './explain-text.js'
import { ProblemError } from './problem.js'
import { plainJson } from './plain-json.js'
import { auditDecision, choosePolicies } from './policies-from-source.js'
import { evaluateExample } from './schemas/evaluate-examples.js'
import { ExplainBodySchema, ExplainQuerySchema, ExplainResponseRef, type ExplainResponse } from './schemas/explain.js'
import { ExplainMemo } from './explain-memo.js'
import { problemResponses } from './schemas/problem.js'

const explain: FastifyPluginAsyncTypebox = async (app) => {
  const memo = new ExplainMemo()
  app.post(
    '/v1/explain',
    {
      config: { access: { scope: 'evaluate', source: { in: 'body' } } },
      ...plainJson,
      schema: {
        tags: ['explain'],
        operationId: 'explain',
        summary: 'Why a request is denied: AWS\'s message, every near miss, and the narrowest verified fix',
        description:
          'Evaluates the request like POST /v1/evaluate, then diagnoses it: `message` is the AccessDenied text AWS would ' +
          'show (naming the policy type that denied); `findings` name the layer, policy and statement behind each cause ' +
          '(explicit denies, missing allows, bucket-vs-object ARNs, conditions and missing context keys, boundaries, ' +
          'SCPs/RCPs, session policies, one-sided cross-account access, KMS key policies, trust policies, dependent ' +
          'actions) with their evidence; each `fix` is the narrowest policy change, offered only when re-evaluating the ' +
          'request with it applied confirms it; `fixPlan` applies one fix per denying layer together. ' +
          'With `source` (aws or snapshot) in place of `policies`, iamdx gathers the policies in force for the principal and ' +
          'resource itself and lists their provenance under `sources`. `?format=text` returns the same diagnosis as plain text.',
        querystring: ExplainQuerySchema,
        body: { ...ExplainBodySchema, examples: [evaluateExample] },
        response: {
          200: {
            description: 'The diagnosis (JSON), or with ?format=text the same as plain text',
            content: {
              'application/json': { schema: ExplainResponseRef },
              'text/plain': { schema: Type.String() },
            },
          },
          ...problemResponses(400, 404, 413, 415, 500, 502, 503),
        },
      },
    },
    async (req, reply) => {
      const catalog = await app.catalog.get()
      const body = req.body
      const given = ['request', 'cloudTrailEvent', 'errorMessage', 'decodedAuthorizationMessage'].filter((k) => (body as Record<string, unknown>)[k] !== undefined)
      if (given.length !== 1) {
        throw ProblemError.badRequest(
          given.length ? `give exactly one of request, cloudTrailEvent, errorMessage, decodedAuthorizationMessage; got ${given.join(', ')}` : 'give the request to explain, or one of cloudTrailEvent, errorMessage, decodedAuthorizationMessage',
          (given.length ? given : ['request']).map((k) => ({ path: `/${k}`, message: given.length ? 'only one input may be given' : 'is required (or one of its alternatives)' })),
        )
      }
      let request = body.request as Request | undefined
      let now = app.clock.now()
      const ingested = request ? undefined : ingest({ cloudTrailEvent: body.cloudTrailEvent, errorMessage: body.errorMessage, decodedAuthorizationMessage: body.decodedAuthorizationMessage }, catalog)
      if (ingested && !ingested.ok) throw unrecognised(ingested)
      if (ingested?.ok) {
        request = ingested.request as Request
        // The record's time is the clock of that request (aws:CurrentTime and aws:EpochTime agree).
        const at = request.context?.['aws:CurrentTime']
        if (typeof at === 'string' && !Number.isNaN(Date.parse(at))) now = new Date(at)
      }
      const chosen = await choosePolicies(app, req, body, request as Request)
      let errors: InputError[] = []
      const compute = () => {
        const out = explainRequest(chosen.request, chosen.policies as PolicySet, { catalog, now })
        if (out.errors) errors = out.errors
        return out.response
      }
      // A source's answer is one object while it is fresh: its diagnoses are shared (explain-memo.ts).
      const from = chosen.fromSource
      const remembered = from ? memo.diagnose(from.answer, chosen.request, compute) : undefined
      const diagnosis = from ? remembered?.response : compute()
      if (diagnosis === undefined) throw invalid(errors)
      // A remembered diagnosis is shared: what this call adds goes on a copy.
      const response: ExplainResponse = from ? { ...diagnosis, findings: [...diagnosis.findings], sources: from.sources } : diagnosis
      if (from) auditDecision(req, diagnosis.decision)
      if (remembered !== undefined && !ingested && req.query.format !== 'text') {
        // Same policy object, same request: the same body (its sources too), serialized once.
        remembered.json ??= JSON.stringify(response)
        return reply.type('application/json; charset=utf-8').send(remembered.json)
      }
      if (ingested?.ok) {
        response.ingest = {
          reportedCause: (ingested.reportedCause ?? null) as never,
          inferred: ingested.inferred,
          missing: relevantMissing(ingested.missing, response),
          notes: ingested.notes,
          denied: ingested.denied,
        }
        response.findings.push(...causeFindings(ingested, response))
      }
      if (req.query.format === 'text') return reply.type('text/plain; charset=utf-8').send(renderText(response))
      return response
    },
  )
}

function invalid(errors: InputError[]): ProblemError {
  const first = errors[0] ?? { path: '', message: 'the request cannot be evaluated' }
  const detail = errors.length <= 1 ? `${first.path}: ${first.message}` : `${errors.length} problems, the first at ${first.path}: ${first.message}`
  return ProblemError.badRequest(detail, errors.map((e) => ({ path: e.path, message: e.message })), 'invalid-request')
}

export default explain
