// Redis goes away and comes back: our own redis-server child on a free port is killed, paused and restarted.
// The cache must answer throughout (fallback) and return to Redis by itself, with its default settings.

import t from 'tap'
import { RedisCache } from '../../src/sources/cache/index.js'
import { eventLog } from './helpers/events.js'
import { pollUntil, redisServer } from './helpers/redis-server.js'

/** Generous bounds: these only catch hangs and a cache that never recovers. */
const SETTLES_WITHIN_MS = 5_000
const RECOVERS_WITHIN_MS = 10_000

t.test('the cache falls back while Redis is gone and recovers by itself', async (t) => {
  const server = await redisServer()
  const log = eventLog()
  let cache: RedisCache | undefined
  t.teardown(async () => {
    server.resume()
    await cache?.close()
    await server.stop()
  })
  await server.start()
  cache = new RedisCache({ redisUrl: server.url, ttlSeconds: 60, keyPrefix: 'recovery:', onEvent: log.onEvent })
  const healthy = async () => (await cache!.health()).ok

  let calls = 0
  const load = async () => `value ${++calls}`

  t.same(await cache.health(), { backend: 'redis', ok: true, detail: 'connected' })
  t.same(await cache.getOrLoad('a', load), { value: 'value 1', source: 'loaded' })
  t.same(await cache.getOrLoad('a', load), { value: 'value 1', source: 'cache' }, 'served from Redis')

  // 1. Redis dies.
  await server.stop()
  t.ok(await pollUntil(async () => !(await healthy()), SETTLES_WITHIN_MS), 'health turns unhealthy')
  const down = await cache.health()
  t.equal(down.ok, false)
  t.ok(down.detail.length > 0, `health explains: ${down.detail}`)
  const started = performance.now()
  t.same(await cache.getOrLoad('a', load), { value: 'value 2', source: 'fallback' }, 'loaded directly')
  t.ok(performance.now() - started < SETTLES_WITHIN_MS, 'and promptly')
  t.ok(log.count('fallback') >= 1, 'fallback reported')
  await t.rejects(cache.deletePrefix(''), { name: 'CacheUnavailableError' }, 'invalidation reports the outage')

  // 2. Redis comes back on the same port (empty: no persistence).
  await server.start()
  t.ok(await pollUntil(healthy, RECOVERS_WITHIN_MS), 'health turns ok again without any call to reconnect')
  t.same(await cache.getOrLoad('a', load), { value: 'value 3', source: 'loaded' }, 'stored in the new Redis')
  t.same(await cache.getOrLoad('a', load), { value: 'value 3', source: 'cache' }, 'served from Redis again')
  t.equal(await cache.deletePrefix(''), 1, 'invalidation works again')
})

t.test('a Redis that stops answering (SIGSTOP) cannot hang requests', async (t) => {
  const server = await redisServer()
  const log = eventLog()
  let cache: RedisCache | undefined
  t.teardown(async () => {
    server.resume()
    await cache?.close()
    await server.stop()
  })
  await server.start()
  cache = new RedisCache({ redisUrl: server.url, ttlSeconds: 60, onEvent: log.onEvent })
  let calls = 0
  const load = async () => ++calls
  t.same(await cache.getOrLoad('k', load), { value: 1, source: 'loaded' })

  server.pause()
  const started = performance.now()
  t.same(await cache.getOrLoad('other', load), { value: 2, source: 'fallback' }, 'loaded directly')
  t.ok(performance.now() - started < SETTLES_WITHIN_MS, 'the command timeout bounds the wait')
  t.equal(log.count('error', 'get'), 1)
  const health = await cache.health()
  t.equal(health.ok, false, `unhealthy while hung: ${health.detail}`)
  t.match(health.detail, /timed out/)

  server.resume()
  t.ok(await pollUntil(async () => (await cache!.health()).ok, RECOVERS_WITHIN_MS), 'healthy once it answers')
  t.same(await cache.getOrLoad('k', load), { value: 1, source: 'cache' }, 'the data survived the pause')
})
