// Every route's access decision (issue 7), checked when the route is added: a route without `config.access` stops
// the app from starting, so no new route is ever served without a decision. The decision also becomes the route's
// OpenAPI `security` (the scopes as role names, OpenAPI 3.1), so generated clients send the key.
import type { FastifyInstance, RouteOptions } from 'fastify'
import type { RouteAccess } from '../../../routes/decorations.js'
import { problemResponses } from '../../../routes/schemas/problem.js'

/** Routes the app itself adds (the OpenAPI document and its browser): open, like health and metrics. */
const INFRASTRUCTURE = /^\/(openapi\.json|docs(\/.*)?)$/

export const SECURITY_SCHEMES = {
  bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <API key>. Scopes: evaluate, live, admin (README, "Access control").' },
  apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'The same API key in the x-api-key header.' },
} as const

export function accessOf(route: Pick<RouteOptions, 'config'>): RouteAccess | undefined {
  return (route.config as { access?: RouteAccess } | undefined)?.access
}

export function registerRouteAccess(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    let access = accessOf(route)
    if (access === undefined) {
      const urls = [route.url, route.path].filter((u): u is string => typeof u === 'string')
      if (!urls.some((u) => INFRASTRUCTURE.test(u))) {
        throw new Error(`route ${String(route.method)} ${route.url} has no access decision: give it config.access (routes/decorations.ts RouteAccess)`)
      }
      access = { scope: 'open' }
      route.config = { ...(route.config ?? {}), access } as typeof route.config
    }
    if (route.schema !== undefined) {
      const schema = route.schema as Record<string, unknown>
      if (access.scope === 'open') schema.security = []
      else {
        schema.security = [{ bearer: [access.scope] }, { apiKey: [access.scope] }]
        // The answers of the guard: no or unknown key, a key without the scope, a spent rate or budget, a batch too large.
        const guard = problemResponses(401, 403, 429, ...(access.batch !== undefined ? ([413] as const) : []))
        schema.response = { ...guard, ...((schema.response as object | undefined) ?? {}) }
        schema['x-iamdx-access'] = {
          scope: access.scope,
          ...(access.source ? { withSource: 'live' } : {}),
          ...(access.batch ? { batchLimitOn: access.batch } : {}),
          ...(access.audit ? { audited: access.audit } : access.source ? { audited: 'live-lookup, with a source' } : {}),
        }
      }
    }
  })
}
