// POST /v1/ingest (API.md): a CloudTrail record, an AccessDenied message or a decoded authorization message →
// the request AWS judged, what was derived rather than read, and what is missing, so that a portal can show and
// edit it before explaining. src/ingest does the work; this file validates and shapes the answer.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import './decorations.js'
import { ingest, type IngestFailure, type IngestSuccess } from '../src/ingest/index.js'
import { ProblemError } from './problem.js'
import { problemResponses } from './schemas/problem.js'
import { IngestBodySchema, ingestExample, IngestResponseSchema, type IngestResponseWire } from './schemas/ingest.js'

const ingestRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/ingest',
    {
      config: { access: { scope: 'evaluate' } },
      schema: {
        tags: ['ingest'],
        operationId: 'ingest',
        summary: 'The request behind a CloudTrail record, an AccessDenied message or a decoded authorization message',
        description:
          'Give exactly one of cloudTrailEvent, errorMessage or decodedAuthorizationMessage. The answer is the derived Request ' +
          '(principal, action, resource, context), what AWS itself said about the cause (reportedCause), which fields were ' +
          'derived rather than read (inferred, as JSON Pointers), and what could not be recovered (missing). A record of a ' +
          'successful call is accepted and says denied: false. Input in no form iamdx recognises is a 400 whose errors say ' +
          'what was recognised (code "recognised") and what was not.',
        body: { ...IngestBodySchema, examples: [ingestExample] },
        response: { 200: IngestResponseSchema, ...problemResponses(400, 413, 415, 500) },
      },
    },
    async (req) => {
      const catalog = await app.catalog.get()
      const out = ingest(req.body, catalog)
      if (!out.ok) throw unrecognised(out)
      return toWire(out)
    },
  )
}

export function toWire(out: IngestSuccess): IngestResponseWire {
  const wire: IngestResponseWire = {
    request: out.request,
    reportedCause: out.reportedCause ?? null,
    inferred: out.inferred,
    missing: out.missing,
    notes: out.notes,
    denied: out.denied,
  }
  if (out.requests) wire.requests = out.requests
  if (out.records) wire.records = out.records
  return wire
}

/** A 400 that lists what could not be read (errors) and what was recognised (errors with code "recognised"). */
export function unrecognised(out: IngestFailure): ProblemError {
  const first = out.errors[0]
  const recognised = out.recognised.length ? ` Recognised: ${out.recognised.join('; ')}.` : ' Nothing in it was recognised.'
  const detail = `${first.path || '(body)'}: ${first.message}${out.errors.length > 1 ? ` (and ${out.errors.length - 1} more)` : ''}.${recognised}`
  return ProblemError.badRequest(
    detail,
    [
      ...out.errors.slice(0, 100).map((e) => ({ path: e.path, message: e.message })),
      ...out.recognised.slice(0, 50).map((r) => ({ path: out.errors[0]?.path ?? '', message: r, code: 'recognised' })),
    ],
    'unrecognised-input',
  )
}

export default ingestRoute
