// Prometheus metrics. One Registry per app instance (tests build many apps; prom-client's global registry
// would collide), plus one process-wide registry for the Node.js/process metrics, which describe the process.
import type { FastifyInstance } from 'fastify'
import {
  collectDefaultMetrics,
  Counter,
  Histogram,
  Registry,
  type CounterConfiguration,
  type HistogramConfiguration,
} from 'prom-client'
import type { AppMetrics } from '../../routes/decorations.js'
import type { CacheEvent } from '../sources/cache/ports.js'
import type { SourceMetricEvent } from '../sources/ports.js'

/** The route label of requests no route matched (the raw URL would make the label set unbounded). */
export const UNMATCHED_ROUTE = 'unmatched'

let processRegistry: Registry | undefined

function getProcessRegistry(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry })
  }
  return processRegistry
}

export interface AppMetricsInternal extends AppMetrics {
  onCacheEvent(event: CacheEvent): void
  /** Policy source events: cache hit/miss/lock wait by kind, AWS calls by operation and outcome. */
  onSourceEvent(event: SourceMetricEvent): void
  observeRequest(method: string, route: string, status: number, seconds: number, caller: string): void
}

export function createMetrics(): AppMetricsInternal {
  const registry = new Registry()
  const processMetrics = getProcessRegistry()

  const counter = <L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> => {
    const existing = registry.getSingleMetric(config.name)
    if (existing !== undefined) return existing as Counter<L>
    return new Counter<L>({ ...config, registers: [registry] } as CounterConfiguration<L>)
  }
  const histogram = <L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> => {
    const existing = registry.getSingleMetric(config.name)
    if (existing !== undefined) return existing as Histogram<L>
    return new Histogram<L>({ ...config, registers: [registry] } as HistogramConfiguration<L>)
  }

  const requests = counter({
    name: 'iamdx_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern, status and caller (the API key\'s caller name; "anonymous" without keys, "none" for open routes and refused keys)',
    labelNames: ['method', 'route', 'status', 'caller'] as const,
  })
  const duration = histogram({
    name: 'iamdx_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  })
  const cacheEvents = counter({
    name: 'iamdx_cache_events_total',
    help: 'Cache events (hit, miss, fallback, error, shared) by backend',
    labelNames: ['backend', 'event'] as const,
  })

  const sourceReads = counter({
    name: 'iamdx_source_cache_total',
    help: 'Policy source reads by kind (user, role, policy, scp, keyPolicy, …) and result (hit, miss, lockWait)',
    labelNames: ['kind', 'result'] as const,
  })
  const awsCalls = counter({
    name: 'iamdx_aws_calls_total',
    help: 'AWS API calls made by the AWS source, by operation (iam:GetRole) and outcome (ok, accessDenied, notFound, throttled, error)',
    labelNames: ['operation', 'outcome'] as const,
  })

  return {
    registry,
    counter,
    histogram,
    async render() {
      const [own, proc] = await Promise.all([registry.metrics(), processMetrics.metrics()])
      return { contentType: registry.contentType, body: `${own.trimEnd()}\n${proc}` }
    },
    onCacheEvent(event) {
      cacheEvents.inc({ backend: event.backend, event: event.name })
    },
    onSourceEvent(event) {
      if (event.type === 'awsCall') awsCalls.inc({ operation: event.operation, outcome: event.outcome })
      else sourceReads.inc({ kind: event.kind, result: event.type === 'cacheHit' ? 'hit' : event.type === 'cacheMiss' ? 'miss' : 'lockWait' })
    },
    observeRequest(method, route, status, seconds, caller) {
      const labels = { method, route, status: String(status) }
      requests.inc({ ...labels, caller })
      duration.observe(labels, seconds)
    },
  }
}

export function registerRequestMetrics(app: FastifyInstance, metrics: AppMetricsInternal): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE)
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000, request.caller?.name ?? 'none')
  })
}
