// The audit trail (issue 7): one structured log line per live look-up (a principal's policies read, an evaluate or
// explain with a source), snapshot change and cache invalidation: who asked (caller), about what (principal,
// resource, action), the answer (decision, status) and the request id. Never a policy body or a credential: only the
// facts routes put in request.auditFacts, which are names, ARNs and counts.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { AuditEvent } from '../../../routes/decorations.js'
import { accessOf } from './route-access.js'

export function registerAudit(app: FastifyInstance, log: FastifyBaseLogger): void {
  app.decorateRequest('auditFacts', null)
  app.addHook('onResponse', async (req, reply) => {
    const access = accessOf(req.routeOptions)
    if (access === undefined) return
    const facts = req.auditFacts
    // Routes that take a source audit the calls that named one (they set auditFacts); the others always.
    const event: AuditEvent | undefined = access.audit ?? (facts !== null ? 'live-lookup' : undefined)
    if (event === undefined) return
    log.info(
      {
        audit: event,
        caller: req.caller?.name ?? 'unauthenticated',
        method: req.method,
        route: req.routeOptions.url,
        status: reply.statusCode,
        requestId: req.id,
        ...(facts ?? {}),
      },
      `audit ${event}`,
    )
  })
}
