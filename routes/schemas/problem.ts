// The one error shape (RFC 9457 problem details, API.md "Conventions"), shared by every route's documented
// error responses. The app registers `Problem` once (app.addSchema); routes refer to it with problemResponses().
import { Type, type Static } from '@sinclair/typebox'

export const ProblemFieldErrorSchema = Type.Object(
  {
    path: Type.String({
      description: "JSON Pointer into the request body ('' is the whole body)",
      examples: ['/request/action'],
    }),
    message: Type.String({ description: 'What is wrong at that path', examples: ['is required'] }),
    code: Type.Optional(Type.String({ description: 'A stable code for this kind of problem, when there is one' })),
    location: Type.Optional(
      Type.Union([Type.Literal('querystring'), Type.Literal('params'), Type.Literal('headers')], {
        description: 'Set when the path points into the query string, the path parameters or the headers',
      }),
    ),
  },
  { additionalProperties: false },
)

export const Problem = Type.Object(
  {
    type: Type.String({
      description: 'Identifies the kind of problem: urn:iamdx:problem:<code>',
      examples: ['urn:iamdx:problem:invalid-body'],
    }),
    title: Type.String({ description: 'Short summary of the kind of problem', examples: ['Bad Request'] }),
    status: Type.Integer({ minimum: 400, maximum: 599, description: 'The HTTP status code', examples: [400] }),
    detail: Type.String({
      description: 'What went wrong with this request, for a person',
      examples: ["body/request must have required property 'action'"],
    }),
    requestId: Type.String({ description: 'The x-request-id of this request (quote it when reporting a bug)' }),
    errors: Type.Optional(Type.Array(ProblemFieldErrorSchema, { description: 'Each located problem' })),
  },
  {
    $id: 'Problem',
    title: 'Problem',
    description: 'RFC 9457 problem details, sent as application/problem+json',
    additionalProperties: false,
  },
)
export type ProblemBody = Static<typeof Problem>

export type ProblemStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503

const DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'The request is invalid (malformed JSON, or a value that breaks the schema); errors[] points at each problem',
  401: 'No API key, or a key iamdx does not know (the WWW-Authenticate header says how to send one)',
  403: 'The API key lacks the scope this call needs; detail names the scope',
  404: 'Nothing exists at this path, or the principal named does not exist',
  405: 'The path exists but not with this method; the Allow header lists the methods it has',
  409: 'The request conflicts with the current state',
  413: 'The body is larger than BODY_LIMIT_BYTES, or (batch) holds more requests than the caller may send at once',
  415: 'The body is not application/json',
  422: 'The request is well-formed but cannot be processed',
  429: 'The caller\'s request, batch or AWS-call budget is spent; Retry-After says when to try again',
  500: 'A bug in iamdx; the requestId identifies it in the logs',
  502: 'AWS refused or failed a read iamdx needs (iamdx is not allowed to read the principal, or AWS failed); errors[].code names the IAM action',
  503: 'A dependency is unavailable (Redis for an invalidation, or AWS throttling)',
}

/** The statuses every route with a JSON body can answer besides its own. */
export const BODY_ERRORS: ProblemStatus[] = [400, 413, 415, 500]

/** Documented error responses for a route schema: `response: { 200: X, ...problemResponses(...BODY_ERRORS) }`. */
export function problemResponses(...statuses: ProblemStatus[]) {
  const out: Record<number, { description: string; content: Record<string, { schema: { $ref: string } }> }> = {}
  for (const status of statuses) {
    out[status] = {
      description: DESCRIPTIONS[status],
      content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
    }
  }
  return out
}
