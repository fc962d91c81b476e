// Redis unreachable or hung: requests still get answers (source 'fallback'), quickly; health says why.

import t from 'tap'
import { CacheUnavailableError, createCache, RedisCache } from '../../src/sources/cache/index.js'
import { deferred, eventLog, settle, until } from './helpers/events.js'
import { blackHole, freePort } from './helpers/redis-server.js'

/** Generous bound: the point is "settles", not "is fast"; a hang would exceed it by far. */
const SETTLES_WITHIN_MS = 5_000

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now()
  const value = await work
  return { value, ms: performance.now() - started }
}

t.test('nothing listens on the port', async (t) => {
  const port = await freePort()
  const log = eventLog()
  const cache = createCache({
    redisUrl: `redis://127.0.0.1:${port}`,
    ttlSeconds: 60,
    keyPrefix: `iamdx-test:${process.pid}:down:`,
    onEvent: log.onEvent,
  })
  t.teardown(() => cache.close())
  t.equal(cache.backend, 'redis')

  let calls = 0
  const load = async () => ({ n: ++calls })
  const first = await timed(cache.getOrLoad('k', load))
  t.same(first.value, { value: { n: 1 }, source: 'fallback' }, 'loaded directly')
  t.ok(first.ms < SETTLES_WITHIN_MS, `settled (${Math.round(first.ms)} ms)`)
  t.same(await cache.getOrLoad('k', load), { value: { n: 2 }, source: 'fallback' }, 'every call loads')
  t.equal(log.count('fallback', 'getOrLoad'), 2)
  t.equal(log.count('error', 'get'), 2)
  t.equal(log.count('hit') + log.count('miss'), 0)
  t.ok(
    log.events.every((e) => e.backend === 'redis'),
    'events name the backend',
  )

  log.clear()
  t.equal(await cache.get('k'), undefined, 'get resolves undefined')
  await cache.set('k', 1)
  await cache.delete('k')
  t.same(
    log.events.map((e) => `${e.name}:${e.op}`),
    ['error:get', 'error:set', 'error:delete'],
    'get/set/delete degrade with an error event each',
  )

  const err = await cache.deletePrefix('k').then(
    () => undefined,
    (e: unknown) => e,
  )
  t.ok(err instanceof CacheUnavailableError, 'deletePrefix rejects: an invalidation must not fail silently')
  t.match((err as Error).message, /deletePrefix failed: redis unavailable/)
  t.equal(log.count('error', 'deletePrefix'), 1)

  const health = await timed(cache.health())
  t.equal(health.value.ok, false)
  t.equal(health.value.backend, 'redis')
  t.match(health.value.detail, /ECONNREFUSED/, `detail says why: ${health.value.detail}`)
  t.ok(health.ms < SETTLES_WITHIN_MS)

  const failing = cache.getOrLoad('bad', async () => {
    throw new Error('source down too')
  })
  await t.rejects(failing, { message: 'source down too' }, 'a failing load still rejects with its own error')
})

t.test('single-flight still holds while Redis is down', async (t) => {
  const port = await freePort()
  const log = eventLog()
  const cache = new RedisCache({ redisUrl: `redis://127.0.0.1:${port}`, ttlSeconds: 60, onEvent: log.onEvent })
  t.teardown(() => cache.close())
  const gate = deferred<string>()
  let calls = 0
  const pending = Array.from({ length: 10 }, () =>
    cache.getOrLoad('k', () => {
      calls++
      return gate.promise
    }),
  )
  await until(() => calls >= 1)
  await settle()
  gate.resolve('v')
  const results = await Promise.all(pending)
  t.equal(calls, 1)
  t.ok(
    results.every((r) => r.value === 'v' && r.source === 'fallback'),
    'everyone gets the value, as fallback',
  )
  t.equal(log.count('shared'), 9)
  t.equal(log.count('fallback'), 1)
})

t.test('a Redis that accepts connections but never answers', async (t) => {
  const hole = await blackHole()
  const log = eventLog()
  const cache = new RedisCache({
    redisUrl: hole.url,
    ttlSeconds: 60,
    onEvent: log.onEvent,
    connectTimeoutMs: 500,
    commandTimeoutMs: 500,
  })
  t.teardown(async () => {
    await cache.close()
    await hole.close()
  })
  const result = await timed(cache.getOrLoad('k', async () => 'loaded anyway'))
  t.same(result.value, { value: 'loaded anyway', source: 'fallback' })
  t.ok(result.ms < SETTLES_WITHIN_MS, `settled (${Math.round(result.ms)} ms)`)
  const health = await timed(cache.health())
  t.equal(health.value.ok, false, `unhealthy: ${health.value.detail}`)
  t.ok(health.ms < SETTLES_WITHIN_MS)
  const closing = await timed(cache.close())
  t.ok(closing.ms < SETTLES_WITHIN_MS, 'close does not hang either')
})
