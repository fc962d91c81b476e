// buildApp: decorations, cache ownership, logs (redaction, no bodies, 500s with the request id), request ids,
// and a close that lets in-flight requests finish.
import type { FastifyPluginAsync } from 'fastify'
import t from 'tap'
import { buildApp } from '../../src/app/build-app.js'
import { createCache } from '../../src/sources/cache/index.js'
import type { Cache, CacheOptions } from '../../src/sources/cache/ports.js'
import { FakeCache } from './fake-cache.js'
import { logCollector, testApp, testConfig } from './test-app.js'

t.test('the app is ready and decorated with cache, metrics and clock', async (t) => {
  const now = new Date('2026-01-02T03:04:05Z')
  const app = await testApp(t, {}, { clock: { now: () => now } })
  t.equal(app.cache.backend, 'memory')
  t.equal(app.clock.now(), now)
  t.ok(app.metrics.registry, 'a registry')
  t.type(app.checkDependencies, 'function')
  t.ok(app.hasRoute({ method: 'GET', url: '/healthz' }))
  t.ok(app.hasRoute({ method: 'GET', url: '/readyz' }))
  t.ok(app.hasRoute({ method: 'GET', url: '/metrics' }))
  t.ok(app.hasRoute({ method: 'GET', url: '/openapi.json' }))
})

t.test('the cache comes from the config and is closed with the app', async (t) => {
  const seen: CacheOptions[] = []
  const made: FakeCache[] = []
  const factory = (opts: CacheOptions): Cache => {
    seen.push(opts)
    const c = new FakeCache('redis', async () => ({ backend: 'redis', ok: true, detail: 'connected' }))
    made.push(c)
    return c
  }
  const app = await buildApp(
    testConfig({ redisUrl: 'redis://example:6379', cacheTtlSeconds: 42, cacheMaxEntries: 7, cacheKeyPrefix: 'p:' }),
    { createCache: factory },
  )
  t.equal(seen.length, 1)
  t.match(seen[0], { redisUrl: 'redis://example:6379', ttlSeconds: 42, maxEntries: 7, keyPrefix: 'p:' })
  t.type(seen[0].onEvent, 'function', 'cache events feed the metrics')
  t.equal(app.cache, made[0])
  await app.close()
  t.equal(made[0].closed, 1, 'closed on app close')
})

t.test('a cache given in deps belongs to the caller and is not closed', async (t) => {
  const cache = new FakeCache('memory', async () => ({ backend: 'memory', ok: true, detail: 'ok' }))
  const app = await buildApp(testConfig(), { cache })
  t.equal(app.cache, cache)
  await app.close()
  t.equal(cache.closed, 0)
})

t.test('a route plugin that fails makes buildApp reject and still closes the cache', async (t) => {
  const made: FakeCache[] = []
  const broken: FastifyPluginAsync = async () => {
    throw new Error('plugin failed')
  }
  await t.rejects(
    buildApp(testConfig(), {
      extraRoutes: [broken],
      createCache: () => {
        const c = new FakeCache('memory', async () => ({ backend: 'memory', ok: true, detail: '' }))
        made.push(c)
        return c
      },
    }),
    /plugin failed/,
  )
  t.equal(made[0].closed, 1)
})

t.test('the real cache factory is used by default: memory without REDIS_URL', async (t) => {
  const app = await testApp(t)
  const r1 = await app.cache.getOrLoad('k', async () => ({ a: 1 }))
  const r2 = await app.cache.getOrLoad('k', async () => ({ a: 2 }))
  t.same([r1.source, r2.source], ['loaded', 'cache'])
  t.same(r2.value, { a: 1 })
  t.type(createCache, 'function')
})

t.test('x-request-id: a safe incoming id is kept, anything else replaced by a UUID', async (t) => {
  const app = await testApp(t)
  const kept = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'portal-42.abc:7' } })
  t.equal(kept.headers['x-request-id'], 'portal-42.abc:7')
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
  for (const bad of ['has space', 'x'.repeat(201), 'new\u0085line', '<script>', '']) {
    const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': bad } })
    t.match(res.headers['x-request-id'], uuid, `replaced: ${JSON.stringify(bad.slice(0, 20))}`)
  }
  const a = await app.inject({ url: '/healthz' })
  const b = await app.inject({ url: '/healthz' })
  t.not(a.headers['x-request-id'], b.headers['x-request-id'], 'each request gets its own id')
  const notFound = await app.inject({ url: '/nope', headers: { 'x-request-id': 'trace-1' } })
  t.equal(notFound.headers['x-request-id'], 'trace-1', 'on error responses too')
  t.equal(notFound.json().requestId, 'trace-1')
})

const boom: FastifyPluginAsync = async (app) => {
  app.get('/test/boom', { config: { access: { scope: 'evaluate' } } }, async () => {
    throw new Error('database password is hunter2')
  })
  app.post('/test/echo', { config: { access: { scope: 'evaluate' } } }, async (request) => ({ size: JSON.stringify(request.body).length }))
}

t.test('an internal error → 500 problem without the message or stack; logged with the request id', async (t) => {
  const logs = logCollector()
  const app = await testApp(t, { logLevel: 'info' }, { extraRoutes: [boom], logStream: logs.stream })
  const res = await app.inject({ url: '/test/boom', headers: { 'x-request-id': 'req-500' } })
  t.equal(res.statusCode, 500)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  const body = res.json()
  t.same(Object.keys(body).sort(), ['detail', 'requestId', 'status', 'title', 'type'])
  t.equal(body.type, 'urn:iamdx:problem:internal-error')
  t.equal(body.requestId, 'req-500')
  t.notMatch(res.body, /hunter2/, 'the internal message stays inside')
  t.notMatch(res.body, /boom|\.ts:\d+/, 'no stack')
  const logged = logs.lines().find((l) => l.level === 50)
  t.ok(logged, 'logged at error level')
  t.equal(logged?.reqId, 'req-500', 'with the request id')
  t.match(logged?.err, { message: 'database password is hunter2', stack: /Error: database password/ })
})

t.test('logs are JSON, never carry bodies at info, and redact credentials', async (t) => {
  const logs = logCollector()
  const app = await testApp(t, { logLevel: 'info' }, { extraRoutes: [boom], logStream: logs.stream })
  const secretPolicy = { Statement: [{ Sid: 'TopSecretStatement', Effect: 'Allow', Action: '*', Resource: '*' }] }
  const res = await app.inject({
    method: 'POST',
    url: '/test/echo',
    headers: { 'content-type': 'application/json', authorization: 'Bearer s3cr3t-token', cookie: 'session=abc' },
    payload: secretPolicy,
  })
  t.equal(res.statusCode, 200)
  app.log.info({ headers: { authorization: 'Bearer s3cr3t-token' } }, 'a careless log line')
  const text = logs.text()
  t.ok(logs.lines().length >= 2, 'request lines logged')
  t.notMatch(text, /TopSecretStatement/, 'no body')
  t.notMatch(text, /s3cr3t-token/, 'no authorization header')
  t.notMatch(text, /session=abc/, 'no cookie')
  t.match(text, /\[redacted\]/)
  const completed = logs.lines().find((l) => l.msg === 'request completed')
  t.match(completed, { reqId: String, res: { statusCode: 200 } })
})

t.test('closing the app lets an in-flight request finish, then refuses connections', async (t) => {
  let release: () => void = () => undefined
  let markStarted: () => void = () => undefined
  const started = new Promise<void>((resolve) => {
    markStarted = resolve
  })
  const slow: FastifyPluginAsync = async (app) => {
    app.get('/test/slow', { config: { access: { scope: 'evaluate' } } }, async () => {
      markStarted()
      await new Promise<void>((resolve) => {
        release = resolve
      })
      return { done: true }
    })
  }
  const app = await buildApp(testConfig(), { extraRoutes: [slow] })
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const pending = fetch(`${address}/test/slow`)
  await started
  const closing = app.close()
  release()
  const res = await pending
  t.equal(res.status, 200)
  t.same(await res.json(), { done: true })
  await closing
  await t.rejects(fetch(`${address}/healthz`), 'no longer accepting connections')
})
