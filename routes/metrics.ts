// GET /metrics: Prometheus text (this app's request, latency and cache metrics, plus process metrics).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import './decorations.js'
import { MetricsText } from './schemas/health.js'
import { problemResponses } from './schemas/problem.js'

const metrics: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/metrics',
    {
      config: { access: { scope: 'open' } },
      schema: {
        tags: ['operations'],
        operationId: 'getMetrics',
        summary: 'Prometheus metrics',
        description:
          'iamdx_http_requests_total and iamdx_http_request_duration_seconds by method, route and status; ' +
          'iamdx_cache_events_total by backend and event; process and Node.js metrics.',
        response: {
          200: {
            description: 'Prometheus text exposition format',
            content: { 'text/plain': { schema: MetricsText } },
          },
          ...problemResponses(500),
        },
      },
    },
    async (_request, reply) => {
      const { contentType, body } = await app.metrics.render()
      return reply.type(contentType).send(body)
    },
  )
}

export default metrics
