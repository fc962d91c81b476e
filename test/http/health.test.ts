// GET /healthz and GET /readyz, with the in-memory cache, a real Redis (127.0.0.1:6379), a Redis that is
// down, and a cache whose health check fails or hangs.
import t from 'tap'
import { FakeCache } from '../app/fake-cache.js'
import { testApp } from '../app/test-app.js'

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

t.test('GET /healthz → 200 {status: ok} with a request id', async (t) => {
  const app = await testApp(t)
  const res = await app.inject({ url: '/healthz' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
  t.match(res.headers['content-type'], /^application\/json/)
  t.type(res.headers['x-request-id'], 'string')
  const head = await app.inject({ method: 'HEAD', url: '/healthz' })
  t.equal(head.statusCode, 200, 'HEAD works too')
})

t.test('GET /readyz with the in-memory cache → 200', async (t) => {
  const app = await testApp(t)
  const res = await app.inject({ url: '/readyz' })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.status, 'ok')
  t.equal(body.dependencies.cache.backend, 'memory')
  t.equal(body.dependencies.cache.ok, true)
  t.type(body.dependencies.cache.detail, 'string')
})

t.test('GET /readyz with a real Redis → 200 naming redis', async (t) => {
  const app = await testApp(t, { redisUrl: REDIS_URL })
  t.equal(app.cache.backend, 'redis')
  const res = await app.inject({ url: '/readyz' })
  t.equal(res.statusCode, 200, res.body)
  t.match(res.json(), { status: 'ok', dependencies: { cache: { backend: 'redis', ok: true } } })
})

t.test('GET /readyz with Redis configured but down → 503 naming the cache; requests still answered', async (t) => {
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  const app = await testApp(t, { redisUrl: 'redis://127.0.0.1:1' })
  const res = await app.inject({ url: '/readyz' })
  t.equal(res.statusCode, 503)
  t.match(res.headers['content-type'], /^application\/json/)
  const body = res.json()
  t.equal(body.status, 'degraded')
  t.equal(body.dependencies.cache.backend, 'redis')
  t.equal(body.dependencies.cache.ok, false)
  t.ok(body.dependencies.cache.detail.length > 0, `detail says why: ${body.dependencies.cache.detail}`)

  const health = await app.inject({ url: '/healthz' })
  t.equal(health.statusCode, 200, '/healthz does not depend on Redis')

  const loaded = await app.cache.getOrLoad('k', async () => 42)
  t.same(loaded, { value: 42, source: 'fallback' }, 'the cache falls back to loading')
  const metrics = await app.inject({ url: '/metrics' })
  t.match(metrics.body, /iamdx_cache_events_total\{backend="redis",event="fallback"\} 1/, 'the fallback is counted')
})

t.test('GET /readyz when the health check rejects or never answers → 503', async (t) => {
  const failing = new FakeCache('redis', async () => {
    throw new Error('boom from health')
  })
  const app = await testApp(t, {}, { cache: failing })
  const res = await app.inject({ url: '/readyz' })
  t.equal(res.statusCode, 503)
  t.same(res.json().dependencies.cache, { ok: false, backend: 'redis', detail: 'boom from health' })

  const hanging = new FakeCache('redis', () => new Promise(() => undefined))
  const app2 = await testApp(t, {}, { cache: hanging, readinessTimeoutMs: 50 })
  const res2 = await app2.inject({ url: '/readyz' })
  t.equal(res2.statusCode, 503)
  t.same(res2.json().dependencies.cache, { ok: false, backend: 'redis', detail: 'no answer within 50 ms' })

  const unhealthy = new FakeCache('memory', async () => ({ backend: 'memory', ok: false, detail: 'full' }))
  const app3 = await testApp(t, {}, { cache: unhealthy })
  const res3 = await app3.inject({ url: '/readyz' })
  t.equal(res3.statusCode, 503)
  t.same(res3.json().status, 'degraded')
  t.same(res3.json().dependencies.cache, { ok: false, backend: 'memory', detail: 'full' })
  t.match(res3.json().dependencies.catalog, { ok: true }, 'the catalog is reported beside the cache')
})
