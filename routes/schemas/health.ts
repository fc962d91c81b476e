// Wire schemas of the operations routes: GET /healthz, GET /readyz, GET /metrics.
import { Type, type Static } from '@sinclair/typebox'

export const Healthz = Type.Object(
  { status: Type.Literal('ok') },
  { additionalProperties: false, description: 'The process is up', examples: [{ status: 'ok' }] },
)
export type HealthzBody = Static<typeof Healthz>

export const DependencyState = Type.Object(
  {
    ok: Type.Boolean(),
    detail: Type.String({ description: 'For a person, e.g. "connected" or "connection refused 127.0.0.1:6379"' }),
    backend: Type.Optional(Type.String({ description: "e.g. 'redis' or 'memory' for the cache" })),
  },
  { additionalProperties: false },
)

const Dependencies = Type.Record(Type.String(), DependencyState, {
  description: 'Each dependency by name: cache (Redis, or the in-memory LRU when REDIS_URL is not set) and catalog (the service authorization reference and its data version)',
})

export const ReadyzOk = Type.Object(
  { status: Type.Literal('ok'), dependencies: Dependencies },
  {
    additionalProperties: false,
    description: 'Every dependency answers',
    examples: [{ status: 'ok', dependencies: { cache: { ok: true, backend: 'redis', detail: 'connected' } } }],
  },
)

export const ReadyzDegraded = Type.Object(
  { status: Type.Literal('degraded'), dependencies: Dependencies },
  {
    additionalProperties: false,
    description: 'A dependency does not answer (named in dependencies with ok: false)',
    examples: [
      {
        status: 'degraded',
        dependencies: { cache: { ok: false, backend: 'redis', detail: 'connection refused 127.0.0.1:6379' } },
      },
    ],
  },
)
export type ReadyzBody = Static<typeof ReadyzOk> | Static<typeof ReadyzDegraded>

export const MetricsText = Type.String({
  description: 'Prometheus text exposition format 0.0.4',
  examples: ['# HELP iamdx_http_requests_total HTTP requests answered\n'],
})
