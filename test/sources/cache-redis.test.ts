// The Redis backend against a real Redis (REDIS_URL, default redis://127.0.0.1:6379): the shared contract plus
// TTLs seen through PTTL, glob-safe deletePrefix, key prefixes, health and close.

import { Redis } from 'ioredis'
import t from 'tap'
import { createCache, escapeGlob, RedisCache } from '../../src/sources/cache/index.js'
import { cacheContract } from './helpers/cache-contract.js'
import { deferred, eventLog, settle, until } from './helpers/events.js'
import { REDIS_URL } from './helpers/redis-server.js'

const BASE = `iamdx-test:${process.pid}:redis:`

/** A plain client to look behind the cache's back; removes every key of this file at the end. */
const raw = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000 })
t.teardown(async () => {
  let cursor = '0'
  do {
    const [next, keys] = await raw.scan(cursor, 'MATCH', `${escapeGlob(BASE)}*`, 'COUNT', 500)
    cursor = next
    if (keys.length > 0) await raw.unlink(...keys)
  } while (cursor !== '0')
  await raw.quit()
})

const newCache = (keyPrefix: string, extra: Partial<ConstructorParameters<typeof RedisCache>[0]> = {}) =>
  new RedisCache({ redisUrl: REDIS_URL, ttlSeconds: 60, keyPrefix, ...extra })

cacheContract('redis', `${BASE}contract:`, (opts) => newCache(opts.keyPrefix, { onEvent: opts.onEvent }))

t.test('createCache with a Redis URL gives the redis backend, healthy', async (t) => {
  const cache = createCache({ redisUrl: REDIS_URL, ttlSeconds: 60, keyPrefix: `${BASE}factory:` })
  t.teardown(() => cache.close())
  t.equal(cache.backend, 'redis')
  t.same(await cache.health(), { backend: 'redis', ok: true, detail: 'connected' })
  t.same(await cache.getOrLoad('k', async () => 'v'), { value: 'v', source: 'loaded' }, 'first request uses Redis')
  t.equal(await raw.get(`${BASE}factory:k`), '"v"', 'stored as JSON under the key prefix')
  t.throws(() => createCache({ redisUrl: REDIS_URL, ttlSeconds: -5 }), RangeError, 'bad TTL, no client leaked')
})

t.test('TTLs reach Redis (PTTL)', async (t) => {
  const prefix = `${BASE}ttl:`
  const cache = newCache(prefix, { ttlSeconds: 120 })
  t.teardown(() => cache.close())
  await cache.set('default', 1)
  await cache.set('explicit', 1, 30)
  await cache.set('fraction', 1, 1.5)
  await cache.getOrLoad('loaded', async () => 1, 45)
  await cache.getOrLoad('loaded-default', async () => 1)

  const pttl = (key: string) => raw.pttl(prefix + key)
  const within = async (key: string, low: number, high: number) => {
    const ms = await pttl(key)
    t.ok(ms > low && ms <= high, `${key}: PTTL ${ms} in (${low}, ${high}]`)
  }
  await within('default', 110_000, 120_000)
  await within('explicit', 20_000, 30_000)
  await within('fraction', 0, 1_500)
  await within('loaded', 35_000, 45_000)
  await within('loaded-default', 110_000, 120_000)

  await cache.set('explicit', 2, 200)
  await within('explicit', 190_000, 200_000)
  t.equal(await raw.pttl(`${prefix}never-set`), -2, 'sanity: PTTL of a missing key')
})

t.test('deletePrefix treats glob characters literally', async (t) => {
  const prefix = `${BASE}glob:`
  const cache = newCache(prefix)
  t.teardown(() => cache.close())
  // Each pair: keys under the prefix (deleted) and look-alikes an unescaped pattern would also match (kept).
  const cases: Array<{ prefix: string; own: string[]; others: string[] }> = [
    { prefix: 'a*b', own: ['a*b', 'a*b:1'], others: ['axxb:1', 'ab', 'a?b'] },
    { prefix: 'a?c', own: ['a?c:1'], others: ['abc:1', 'a*c'] },
    { prefix: 'p[x]', own: ['p[x]:1', 'p[x]'], others: ['px:1', 'p[y]:1'] },
    { prefix: 'q[a-z', own: ['q[a-z:1'], others: ['qb:1', 'q[b-z:1'] },
    { prefix: 'r\\s', own: ['r\\s:1'], others: ['rs:1', 'r\\t:1'] },
    { prefix: 'e]', own: ['e]:1'], others: ['e:1'] },
  ]
  for (const c of cases) {
    for (const key of [...c.own, ...c.others]) await cache.set(key, key)
    t.equal(await cache.deletePrefix(c.prefix), c.own.length, `deletePrefix(${JSON.stringify(c.prefix)})`)
    for (const key of c.own) t.equal(await cache.get(key), undefined, `${key} deleted`)
    for (const key of c.others) t.equal(await cache.get(key), key, `${key} kept`)
    await cache.deletePrefix('')
  }
})

t.test('glob characters in the keyPrefix cannot reach another namespace', async (t) => {
  const mine = newCache(`${BASE}ns:[a]*:`)
  const theirs = newCache(`${BASE}ns:a-b:`)
  t.teardown(async () => {
    await theirs.deletePrefix('')
    await Promise.all([mine.close(), theirs.close()])
  })
  await mine.set('k', 'mine')
  await theirs.set('k', 'theirs')
  t.equal(await mine.deletePrefix(''), 1, 'deletes only its own key')
  t.equal(await theirs.get('k'), 'theirs', 'the other namespace is untouched')
})

t.test('deletePrefix works through many SCAN pages', async (t) => {
  const prefix = `${BASE}many:`
  const cache = newCache(prefix, { scanCount: 10 })
  t.teardown(() => cache.close())
  const pipeline = raw.pipeline()
  for (let i = 0; i < 250; i++) pipeline.set(`${prefix}bulk:${i}`, '1', 'EX', 60)
  pipeline.set(`${prefix}other`, '"o"', 'EX', 60)
  await pipeline.exec()
  t.equal(await cache.deletePrefix('bulk:'), 250)
  t.equal(await raw.exists(`${prefix}bulk:0`, `${prefix}bulk:249`), 0)
  t.equal(await cache.get('other'), 'o')
})

t.test('two caches on one Redis: prefixes isolate them, values are shared through Redis', async (t) => {
  const a = newCache(`${BASE}share:`)
  const b = newCache(`${BASE}share:`)
  const c = newCache(`${BASE}share-other:`)
  t.teardown(() => Promise.all([a.close(), b.close(), c.close()]))
  await a.set('k', { from: 'a' })
  t.same(await b.getOrLoad('k', async () => ({ from: 'b' })), { value: { from: 'a' }, source: 'cache' })
  t.equal(await c.get('k'), undefined)
})

t.test('single-flight: only one GET and one load for concurrent misses', async (t) => {
  const prefix = `${BASE}sf:`
  const log = eventLog()
  const cache = newCache(prefix, { onEvent: log.onEvent })
  t.teardown(() => cache.close())
  const gate = deferred<number[]>()
  let calls = 0
  const pending = Array.from({ length: 10 }, () =>
    cache.getOrLoad('hot', () => {
      calls++
      return gate.promise
    }),
  )
  await until(() => calls >= 1)
  await settle()
  gate.resolve([1, 2, 3])
  const results = await Promise.all(pending)
  t.equal(calls, 1)
  t.ok(
    results.every((r) => r.source === 'loaded'),
    'all loaded',
  )
  t.equal(log.count('shared'), 9)
  t.equal(await raw.get(`${prefix}hot`), '[1,2,3]')
})

t.test('a non-JSON value under the prefix is treated as a miss and replaced', async (t) => {
  const prefix = `${BASE}corrupt:`
  const log = eventLog()
  const cache = newCache(prefix, { onEvent: log.onEvent })
  t.teardown(() => cache.close())
  await raw.set(`${prefix}k`, 'not json {', 'EX', 60)
  t.equal(await cache.get('k'), undefined)
  t.same(await cache.getOrLoad('k', async () => 'fresh'), { value: 'fresh', source: 'loaded' })
  t.equal(await raw.get(`${prefix}k`), '"fresh"')
  t.equal(log.count('error', 'parse'), 2)
})

t.test('close is idempotent; a closed cache degrades instead of failing', async (t) => {
  const log = eventLog()
  const cache = newCache(`${BASE}closed:`, { onEvent: log.onEvent })
  await cache.set('k', 1)
  await Promise.all([cache.close(), cache.close()])
  await cache.close()
  t.same(await cache.getOrLoad('k', async () => 2), { value: 2, source: 'fallback' })
  t.equal(await cache.get('k'), undefined)
  await cache.set('k', 3)
  t.equal(log.count('error', 'set'), 1)
  const health = await cache.health()
  t.equal(health.ok, false)
  t.equal(health.detail, 'closed')
  await t.rejects(cache.deletePrefix(''), { name: 'CacheUnavailableError' })
})
