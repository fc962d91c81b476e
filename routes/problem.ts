// Domain errors a route handler throws. The app's one error handler turns a ProblemError into an RFC 9457
// application/problem+json response; routes never build error responses themselves.

/** One located problem: `path` is a JSON Pointer into the request body ('' is the whole body). */
export interface ProblemFieldError {
  path: string
  message: string
  /** A stable code for the problem at this path (e.g. a policy grammar finding's code). */
  code?: string
  /** Where the path points when it is not into the body: 'querystring', 'params' or 'headers'. */
  location?: 'querystring' | 'params' | 'headers'
}

export interface ProblemInit {
  status: number
  /** Kebab-case, stable; becomes the problem `type` `urn:iamdx:problem:<code>`. Defaults from the status. */
  code?: string
  /** Short, the same for every occurrence of this kind of problem. Defaults to the HTTP status phrase. */
  title?: string
  /** For a person: what was wrong with this request and what to do about it. */
  detail: string
  errors?: ProblemFieldError[]
  /** Extra response headers (e.g. Allow on a 405). */
  headers?: Record<string, string>
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'invalid-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'too-many-requests',
  500: 'internal-error',
  502: 'bad-gateway',
  503: 'service-unavailable',
  504: 'gateway-timeout',
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

export const PROBLEM_TYPE_PREFIX = 'urn:iamdx:problem:'

export function problemType(code: string): string {
  return PROBLEM_TYPE_PREFIX + code
}

export function statusTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error')
}

export class ProblemError extends Error {
  readonly status: number
  readonly code: string
  readonly title: string
  readonly detail: string
  readonly errors: ProblemFieldError[] | undefined
  readonly headers: Record<string, string>

  constructor(init: ProblemInit) {
    super(init.detail)
    this.name = 'ProblemError'
    this.status = Number.isInteger(init.status) && init.status >= 400 && init.status <= 599 ? init.status : 500
    this.code = init.code ?? DEFAULT_CODES[this.status] ?? `http-${this.status}`
    this.title = init.title ?? statusTitle(this.status)
    this.detail = init.detail
    this.errors = init.errors
    this.headers = init.headers ?? {}
  }

  get type(): string {
    return problemType(this.code)
  }

  /** A 400 whose errors point into the request body. */
  static badRequest(detail: string, errors?: ProblemFieldError[], code?: string): ProblemError {
    return new ProblemError({ status: 400, detail, errors, code })
  }

  static notFound(detail: string, code?: string): ProblemError {
    return new ProblemError({ status: 404, detail, code })
  }
}

/** Escapes one JSON Pointer reference token (RFC 6901: '~' → '~0', '/' → '~1'). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1')
}

/** Builds a JSON Pointer from reference tokens: pointer('policies', 'identity', 0) → '/policies/identity/0'. */
export function pointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => '/' + pointerToken(t)).join('')
}
