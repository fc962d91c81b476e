// GET /metrics: request counts and latency by route pattern and status, cache events, process metrics,
// and one registry per app.
import type { FastifyPluginAsync } from 'fastify'
import t from 'tap'
import { testApp } from '../app/test-app.js'

const items: FastifyPluginAsync = async (app) => {
  app.get('/test/items/:id', { config: { access: { scope: 'evaluate' } } }, async () => ({ ok: true }))
}

function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`))
  return line === undefined ? undefined : Number(line.split(' ').pop())
}

t.test('GET /metrics is Prometheus text with request counts by route pattern and status', async (t) => {
  const app = await testApp(t, {}, { extraRoutes: [items] })
  await app.inject({ url: '/test/items/1' })
  await app.inject({ url: '/test/items/2' })
  await app.inject({ url: '/healthz' })
  await app.inject({ url: '/no/such/path/123' })
  await app.inject({ url: '/no/such/path/456' })
  await app.inject({ method: 'POST', url: '/healthz' })
  const res = await app.inject({ url: '/metrics' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/)
  const text = res.body
  t.equal(sample(text, 'iamdx_http_requests_total', 'method="GET",route="/test/items/:id",status="200",caller="anonymous"'), 2, 'pattern, not URL')
  t.equal(sample(text, 'iamdx_http_requests_total', 'method="GET",route="/healthz",status="200",caller="none"'), 1)
  t.equal(sample(text, 'iamdx_http_requests_total', 'method="GET",route="unmatched",status="404",caller="none"'), 2, 'unknown routes share one label')
  t.equal(sample(text, 'iamdx_http_requests_total', 'method="POST",route="unmatched",status="405",caller="none"'), 1)
  t.notMatch(text, /no\/such\/path/, 'raw URLs never become labels')
  t.equal(
    sample(text, 'iamdx_http_request_duration_seconds_count', 'method="GET",route="/test/items/:id",status="200"'),
    2,
    'latency histogram',
  )
  t.match(text, /iamdx_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/healthz",status="200"\}/)
  t.match(text, /^process_cpu_user_seconds_total /m, 'process metrics')
  t.match(text, /^nodejs_heap_size_used_bytes /m, 'Node.js metrics')
})

t.test('cache events are counted by backend and event', async (t) => {
  const app = await testApp(t)
  await app.cache.getOrLoad('a', async () => 1)
  await app.cache.getOrLoad('a', async () => 1)
  await app.cache.getOrLoad('a', async () => 1)
  const text = (await app.inject({ url: '/metrics' })).body
  t.equal(sample(text, 'iamdx_cache_events_total', 'backend="memory",event="miss"'), 1)
  t.equal(sample(text, 'iamdx_cache_events_total', 'backend="memory",event="hit"'), 2)
})

t.test('each app has its own registry; later code registers its own metrics', async (t) => {
  const a = await testApp(t)
  const b = await testApp(t)
  await a.inject({ url: '/healthz' })
  await a.inject({ url: '/healthz' })
  const textB = (await b.inject({ url: '/metrics' })).body
  t.equal(sample(textB, 'iamdx_http_requests_total', 'method="GET",route="/healthz",status="200",caller="none"'), undefined, 'b saw none of a')

  const evaluations = a.metrics.counter({ name: 'iamdx_test_evaluations_total', help: 'test', labelNames: ['decision'] })
  t.equal(a.metrics.counter({ name: 'iamdx_test_evaluations_total', help: 'test', labelNames: ['decision'] }), evaluations, 'same name → same counter')
  evaluations.inc({ decision: 'allowed' })
  const hist = a.metrics.histogram({ name: 'iamdx_test_seconds', help: 'test', buckets: [1] })
  hist.observe(0.5)
  const textA = (await a.inject({ url: '/metrics' })).body
  t.equal(sample(textA, 'iamdx_test_evaluations_total', 'decision="allowed"'), 1)
  t.equal(sample(textA, 'iamdx_test_seconds_count', ''), undefined, 'no labels → no braces')
  t.match(textA, /^iamdx_test_seconds_count 1$/m)
  t.equal(sample(textA, 'iamdx_http_requests_total', 'method="GET",route="/healthz",status="200",caller="none"'), 2)
  t.notMatch((await b.inject({ url: '/metrics' })).body, /iamdx_test_evaluations_total/)
})
