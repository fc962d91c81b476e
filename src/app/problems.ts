// The one error handler: every error the service answers with becomes RFC 9457 application/problem+json
// (API.md "Conventions"). Domain errors arrive as ProblemError; Fastify's own errors (validation, body
// parsing, limits) are mapped here; anything else is a 500 that is logged with the request id and never
// shows a stack or an internal message to the caller.
import { randomUUID } from 'node:crypto'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ProblemError, problemType, statusTitle, type ProblemFieldError } from '../../routes/problem.js'
import type { ProblemBody } from '../../routes/schemas/problem.js'
import { REQUEST_ID_HEADER } from './request-id.js'
import { validationDetail, validationErrors } from './validation-errors.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

type ValidationPart = 'body' | 'querystring' | 'params' | 'headers'

/** Maps any thrown value to a ProblemError. `internal` is true when it is a bug (logged at error level). */
export function toProblem(error: unknown, bodyLimitBytes: number): { problem: ProblemError; internal: boolean } {
  if (error instanceof ProblemError) return { problem: error, internal: error.status >= 500 }
  const e = (error ?? {}) as Partial<FastifyError> & { validation?: unknown; validationContext?: string }
  if (Array.isArray(e.validation)) {
    const part = (['body', 'querystring', 'params', 'headers'].includes(e.validationContext ?? '')
      ? e.validationContext
      : 'body') as ValidationPart
    const errors = validationErrors(e.validation, part)
    return {
      problem: new ProblemError({
        status: 400,
        code: part === 'body' ? 'invalid-body' : `invalid-${part}`,
        detail: validationDetail(errors, part),
        errors,
      }),
      internal: false,
    }
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return client(413, `The body is larger than the limit of ${bodyLimitBytes} bytes (BODY_LIMIT_BYTES)`, [
        { path: '', message: `exceeds ${bodyLimitBytes} bytes` },
      ])
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return client(415, 'Send the body as JSON with the header Content-Type: application/json')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return client(400, 'The body is not valid JSON', [{ path: '', message: 'is not valid JSON' }], 'malformed-json')
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return client(400, 'The body size does not match the Content-Length header')
    case 'FST_ERR_BAD_URL':
      return client(400, 'The URL is not valid (a bad percent-encoding?)', undefined, 'bad-url')
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500
  if (status >= 400 && status < 500) {
    return client(status, typeof e.message === 'string' && e.message !== '' ? e.message : 'The request is invalid')
  }
  return {
    problem: new ProblemError({
      status: 500,
      detail: 'An unexpected error occurred in iamdx; it is logged under this requestId',
    }),
    internal: true,
  }
}

function client(status: number, detail: string, errors?: ProblemFieldError[], code?: string) {
  return { problem: new ProblemError({ status, detail, errors, code }), internal: false }
}

export function problemBody(problem: ProblemError, requestId: string): ProblemBody {
  const body: ProblemBody = {
    type: problemType(problem.code),
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    requestId,
  }
  if (problem.errors !== undefined && problem.errors.length > 0) body.errors = problem.errors
  return body
}

export function sendProblem(reply: FastifyReply, problem: ProblemError): FastifyReply {
  reply.code(problem.status)
  // Also set here: framework errors (a bad URL) are answered without the onSend hooks.
  reply.header(REQUEST_ID_HEADER, reply.request.id)
  for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value)
  // Sent as a string: the problem is already in its wire shape, no route response schema applies to it.
  return reply.type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problemBody(problem, reply.request.id)))
}

/** 404 for a path no route has; 405 with an Allow header when the path exists with other methods. */
export function routeNotFound(app: FastifyInstance, request: FastifyRequest): ProblemError {
  const path = request.url.split('?')[0]
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path
  const allowed = METHODS.filter((m) => m !== request.method && app.findRoute({ method: m, url: request.url }) !== null)
  if (allowed.length > 0) {
    return new ProblemError({
      status: 405,
      detail: `${shown} does not accept ${request.method}; it accepts ${allowed.join(', ')}`,
      headers: { allow: allowed.join(', ') },
    })
  }
  return new ProblemError({
    status: 404,
    detail: `No route matches ${request.method} ${shown}; the API is described at /docs and /openapi.json`,
  })
}

export function registerProblemHandling(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((error, request, reply) => {
    const { problem, internal } = toProblem(error, bodyLimitBytes)
    if (internal) request.log.error({ err: error }, 'unhandled error')
    else request.log.debug({ status: problem.status, type: problemType(problem.code) }, 'request rejected')
    return sendProblem(reply, problem)
  })
  // Unknown paths are answered before the body is read: a 404 or 405 whatever the body holds.
  app.addHook('onRequest', async (request) => {
    if (request.is404) throw routeNotFound(app, request)
  })
  app.setNotFoundHandler((request, reply) => sendProblem(reply, routeNotFound(app, request)))
}

/**
 * Requests Node's HTTP parser rejects never reach Fastify's routing (malformed request line, headers too
 * large, a request timeout): they are answered here, on the raw socket, with the same problem shape.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400
  const title = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : statusTitle(400)
  const requestId = randomUUID()
  const body = JSON.stringify({
    type: problemType(status === 400 ? 'malformed-http' : status === 431 ? 'headers-too-large' : 'request-timeout'),
    title,
    status,
    detail: status === 400 ? 'The HTTP request could not be parsed' : title,
    requestId,
  } satisfies ProblemBody)
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nConnection: close\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n${REQUEST_ID_HEADER}: ${requestId}\r\n\r\n${body}`,
  )
}
