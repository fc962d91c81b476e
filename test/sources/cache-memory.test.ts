// The in-memory LRU backend: the shared contract plus TTL (fake clock), LRU order and health.

import t from 'tap'
import { createCache, MemoryCache, MemoryStore } from '../../src/sources/cache/index.js'
import { cacheContract } from './helpers/cache-contract.js'
import { eventLog } from './helpers/events.js'

cacheContract('memory', 'mem:', (opts) => new MemoryCache({ ttlSeconds: 60, ...opts }))

t.test('createCache without a Redis URL gives the memory backend', async (t) => {
  for (const redisUrl of [undefined, '']) {
    const cache = createCache({ ttlSeconds: 60, redisUrl })
    t.equal(cache.backend, 'memory')
    t.same(await cache.health(), { backend: 'memory', ok: true, detail: '0 entries of 10000' }, 'default bound')
    await cache.close()
  }
  t.throws(() => createCache({ ttlSeconds: 0 }), RangeError, 'ttlSeconds must be positive')
  t.throws(() => createCache({ ttlSeconds: 10, maxEntries: 0 }), RangeError, 'maxEntries must be positive')
  t.throws(() => createCache({ ttlSeconds: 10, maxEntries: 1.5 }), RangeError, 'maxEntries must be whole')
})

t.test('entries expire after their TTL (fake clock)', async (t) => {
  let now = 1_000_000
  const log = eventLog()
  const cache = new MemoryCache({ ttlSeconds: 10, now: () => now, onEvent: log.onEvent })
  await cache.set('default', 'd')
  await cache.set('short', 's', 2)
  await cache.set('fraction', 'f', 0.5)

  now += 499
  t.equal(await cache.get('fraction'), 'f', 'alive just before 0.5 s')
  now += 1
  t.equal(await cache.get('fraction'), undefined, 'gone at 0.5 s')

  now = 1_000_000 + 1_999
  t.equal(await cache.get('short'), 's')
  now = 1_000_000 + 2_000
  t.equal(await cache.get('short'), undefined, 'gone at its own TTL')
  t.equal(await cache.get('default'), 'd', 'the default TTL is longer')

  now = 1_000_000 + 10_000
  t.equal(await cache.get('default'), undefined, 'gone at the default TTL')

  let calls = 0
  const load = async () => ++calls
  t.same(await cache.getOrLoad('g', load, 5), { value: 1, source: 'loaded' })
  now += 4_999
  t.same(await cache.getOrLoad('g', load, 5), { value: 1, source: 'cache' })
  now += 1
  t.same(await cache.getOrLoad('g', load, 5), { value: 2, source: 'loaded' }, 'reloaded after expiry')

  await cache.set('p:live', 1, 100)
  await cache.set('p:dead', 1, 1)
  now += 1_000
  t.equal(await cache.deletePrefix('p:'), 1, 'deletePrefix does not count entries that had already expired')
})

t.test('least recently used entries are evicted beyond maxEntries', async (t) => {
  const cache = new MemoryCache({ ttlSeconds: 60, maxEntries: 3 })
  await cache.set('a', 1)
  await cache.set('b', 2)
  await cache.set('c', 3)
  t.equal(await cache.get('a'), 1, 'touch a: b is now the least recently used')
  await cache.set('d', 4)
  t.equal(await cache.get('b'), undefined, 'b evicted')
  t.same([await cache.get('a'), await cache.get('c'), await cache.get('d')], [1, 3, 4], 'a, c, d kept')
  // Order of use now: a, c, d. Overwriting a moves it last and does not grow the cache.
  await cache.set('a', 10)
  t.same(await cache.health(), { backend: 'memory', ok: true, detail: '3 entries of 3' })
  await cache.set('e', 5)
  t.equal(await cache.get('c'), undefined, 'c evicted (a was refreshed by set)')
  t.equal(await cache.get('a'), 10)

  const loaded = await cache.getOrLoad('f', async () => 6)
  t.equal(loaded.source, 'loaded')
  t.equal(await cache.get('d'), undefined, 'getOrLoad stores count toward the bound too')
  t.same([await cache.get('a'), await cache.get('e'), await cache.get('f')], [10, 5, 6])
})

t.test('MemoryStore: health sweeps expired entries; close empties it', async (t) => {
  let now = 0
  const store = new MemoryStore({ maxEntries: 5, now: () => now })
  await store.set('x', '1', 1000)
  await store.set('y', '2', 3000)
  t.equal(store.size, 2)
  now = 1000
  t.equal(store.size, 2, 'expired entries linger until read or swept')
  t.same(await store.health(), { backend: 'memory', ok: true, detail: '1 entries of 5' })
  t.equal(store.size, 1)
  await store.close()
  t.equal(store.size, 0)
})

t.test('keyPrefix namespaces keys and deletePrefix stays inside it', async (t) => {
  const cache = new MemoryCache({ ttlSeconds: 60, keyPrefix: 'app1:' })
  await cache.set('k', 1)
  t.equal(await cache.get('k'), 1)
  t.equal(await cache.deletePrefix(''), 1)
  t.equal(await cache.get('k'), undefined)
})
