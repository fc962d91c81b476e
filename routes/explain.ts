// POST /v1/explain (API.md): why a request is denied (or allowed): AWS's AccessDenied message, every finding with
// its evidence, and the narrowest fixes, each verified by re-running the engine. ?format=text gives the same as
// plain text. The work is explainRequest (explain-request.ts); this file validates, calls it and answers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import './decorations.js'
import type { InputError, PolicySet, Request } from '../src/engine/index.js'
import { explainRequest } from './explain-request.js'
import { renderText } from './explain-text.js'
import { ProblemError } from './problem.js'
import { evaluateExample } from './schemas/evaluate-examples.js'
import { ExplainBodySchema, ExplainQuerySchema, ExplainResponseRef } from './schemas/explain.js'
import { problemResponses } from './schemas/problem.js'

const explain: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/explain',
    {
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
          '`?format=text` returns the same diagnosis as plain text.',
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
          ...problemResponses(400, 413, 415, 500),
        },
      },
    },
    async (req, reply) => {
      const catalog = await app.catalog.get()
      const out = explainRequest(req.body.request as Request, req.body.policies as PolicySet, { catalog, now: app.clock.now() })
      if (out.errors) throw invalid(out.errors)
      if (req.query.format === 'text') return reply.type('text/plain; charset=utf-8').send(renderText(out.response))
      return out.response
    },
  )
}

function invalid(errors: InputError[]): ProblemError {
  const first = errors[0] ?? { path: '', message: 'the request cannot be evaluated' }
  const detail = errors.length <= 1 ? `${first.path}: ${first.message}` : `${errors.length} problems, the first at ${first.path}: ${first.message}`
  return ProblemError.badRequest(detail, errors.map((e) => ({ path: e.path, message: e.message })), 'invalid-request')
}

export default explain
