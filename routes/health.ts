// Health: GET /healthz (the process answers) and GET /readyz (every dependency answers).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import './decorations.js'
import { Healthz, ReadyzDegraded, ReadyzOk } from './schemas/health.js'
import { problemResponses } from './schemas/problem.js'

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      config: { access: { scope: 'open' } },
      schema: {
        tags: ['operations'],
        operationId: 'getHealthz',
        summary: 'Liveness: the process is up',
        description: 'Answers 200 whenever the process can serve HTTP. It does not check Redis (see /readyz).',
        response: { 200: Healthz, ...problemResponses(500) },
      },
    },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/readyz',
    {
      config: { access: { scope: 'open' } },
      schema: {
        tags: ['operations'],
        operationId: 'getReadyz',
        summary: 'Readiness: every dependency answers',
        description:
          'Checks each dependency (the cache: Redis when REDIS_URL is set). 200 when all answer; 503 naming the ' +
          'one that does not. Requests are still served while Redis is down (the cache falls back to loading).',
        response: { 200: ReadyzOk, 503: ReadyzDegraded, ...problemResponses(500) },
      },
    },
    async (_request, reply) => {
      const dependencies = await app.checkDependencies()
      const ok = Object.values(dependencies).every((d) => d.ok)
      if (ok) return reply.code(200).send({ status: 'ok', dependencies })
      return reply.code(503).send({ status: 'degraded', dependencies })
    },
  )
}

export default health
