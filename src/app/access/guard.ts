// Who may ask iamdx what (issue 7): the API key of each call (onRequest), the scope the call needs (preHandler, once
// the body is read: naming a source makes a call live), the caller's batch limit, and the caller's request rate
// (@fastify/rate-limit, counted in Redis so every replica shares it, in process while Redis is down). Open routes (health, readiness, metrics, the
// OpenAPI document) and unknown paths skip all of it. Without keys the service runs open as the caller `anonymous`.
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AccessScope, RouteAccess } from '../../../routes/decorations.js'
import { ProblemError } from '../../../routes/problem.js'
import type { AccessConfig } from './config.js'
import type { Caller, KeyStore } from './keys.js'
import type { LimitsRedis } from './redis-client.js'
import { rateStore } from './rate-store.js'
import { accessOf } from './route-access.js'

export const ANONYMOUS: Caller = { name: 'anonymous', scopes: new Set(['evaluate', 'live', 'admin']), limits: {} }

const CHALLENGE = { 'www-authenticate': 'Bearer realm="iamdx"' }

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: set for every call to a route that is not open. */
    caller: Caller | null
  }
}

export interface GuardDeps {
  config: AccessConfig
  keys: KeyStore
  redis?: LimitsRedis
  keyPrefix: string
}

/** The key a call presents: `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function presentedKey(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization
  if (typeof auth === 'string') {
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(auth)
    if (m !== null) return m[1]
  }
  const header = req.headers['x-api-key']
  if (typeof header === 'string' && header.trim() !== '') return header.trim()
  return undefined
}

/** The scope this call needs: the route's, or `live` when the call names a policy source. */
export function neededScope(access: RouteAccess, req: FastifyRequest): AccessScope | 'open' {
  if (access.scope === 'open' || access.source === undefined) return access.scope
  return namedSource(access, req) !== undefined ? 'live' : access.scope
}

export function namedSource(access: RouteAccess, req: FastifyRequest): string | undefined {
  if (access.source === undefined) return undefined
  const from = (access.source.in === 'body' ? req.body : req.query) as Record<string, unknown> | undefined
  const named = from?.source
  return typeof named === 'string' ? named : access.source.defaultSource
}

export async function registerGuard(app: FastifyInstance, deps: GuardDeps): Promise<void> {
  const { config, keys } = deps
  app.decorateRequest('caller', null)

  app.addHook('onRequest', async (req) => {
    const access = accessOf(req.routeOptions)
    if (req.is404 || access === undefined || access.scope === 'open') return
    if (!keys.enabled) {
      req.caller = ANONYMOUS
      return
    }
    const presented = presentedKey(req)
    if (presented === undefined) {
      throw new ProblemError({
        status: 401,
        code: 'unauthorized',
        detail: 'This call needs an API key: send it as `Authorization: Bearer <key>` or in the `x-api-key` header.',
        headers: CHALLENGE,
      })
    }
    const caller = keys.identify(presented)
    if (caller === undefined) {
      throw new ProblemError({ status: 401, code: 'unauthorized', detail: 'The API key was not accepted.', headers: CHALLENGE })
    }
    req.caller = caller
  })

  // The request rate per caller, shared by every replica (Redis); anonymous (no keys) callers are not limited.
  await app.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    timeWindow: 60_000,
    max: (req) => req.caller?.limits.requestsPerMinute ?? config.requestsPerMinute,
    keyGenerator: (req) => req.caller?.name ?? 'anonymous',
    allowList: (req) => req.caller === null || req.caller === ANONYMOUS,
    // Counted in Redis, or in this process while Redis does not answer (rate-store.ts).
    store: rateStore(deps.redis, `${deps.keyPrefix}limits:rate:`) as never,
    skipOnError: true,
    errorResponseBuilder: (req, context) =>
      new ProblemError({
        status: 429,
        code: 'rate-limited',
        detail: `Caller ${req.caller?.name ?? 'anonymous'} may make ${context.max} requests per minute; retry after ${Math.ceil(context.ttl / 1000)} s.`,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) },
      }),
  })

  app.addHook('preHandler', async (req) => {
    const access = accessOf(req.routeOptions)
    const caller = req.caller
    if (access === undefined || caller === null) return
    const scope = neededScope(access, req)
    if (scope !== 'open' && !caller.scopes.has(scope)) {
      const why = scope === 'live' && access.scope !== 'live' ? ' (naming a policy source makes it a live look-up)' : ''
      throw new ProblemError({
        status: 403,
        code: 'missing-scope',
        detail: `This call needs the \`${scope}\` scope${why}; the API key of caller ${caller.name} does not have it.`,
      })
    }
    if (access.batch !== undefined) {
      const items = (req.body as Record<string, unknown> | undefined)?.[access.batch]
      const limit = caller.limits.maxBatch ?? config.maxBatch
      if (Array.isArray(items) && items.length > limit) {
        throw new ProblemError({
          status: 413,
          code: 'batch-too-large',
          detail: `Caller ${caller.name} may send at most ${limit} ${access.batch} in one call (got ${items.length}); split the batch.`,
          errors: [{ path: `/${access.batch}`, message: `at most ${limit} items for this caller` }],
        })
      }
    }
  })
}
