// Behaviour every Cache backend must show. Each test file calls cacheContract() with a factory for its backend;
// the tests are registered on tap's root test.

import t from 'tap'
import type { Cache, CacheEvent } from '../../../src/sources/cache/index.js'
import { deferred, eventLog, settle, until } from './events.js'

export interface ContractOptions {
  keyPrefix: string
  onEvent: (event: CacheEvent) => void
}

/** Makes a cache for one test. The contract closes it in teardown. */
export type MakeCache = (opts: ContractOptions) => Cache

export function cacheContract(label: string, basePrefix: string, make: MakeCache): void {
  let n = 0
  const setup = (tt: { teardown: (fn: () => unknown) => void }) => {
    const log = eventLog()
    const cache = make({ keyPrefix: `${basePrefix}c${++n}:`, onEvent: log.onEvent })
    tt.teardown(async () => {
      await cache.deletePrefix('').catch(() => undefined)
      await cache.close()
    })
    return { cache, log }
  }

  t.test(`${label}: values round-trip as JSON`, async (tt) => {
    const { cache } = setup(tt)
    const values: Record<string, unknown> = {
      object: { a: 1, nested: { list: [1, 'two', { three: 3 }] }, empty: {}, nil: null },
      array: [1, 2, [3, [4]], { x: 'y' }],
      unicode: 'Grüße, 世界 🚀 — "quoted" \\ back\\slash\n',
      number: 3.25,
      zero: 0,
      falsy: false,
      nil: null,
      emptyString: '',
    }
    for (const [key, value] of Object.entries(values)) await cache.set(key, value)
    for (const [key, value] of Object.entries(values)) {
      tt.same(await cache.get(key), value, `${key} round-trips`)
    }
    tt.equal(await cache.get('absent'), undefined, 'absent key is undefined')
  })

  t.test(`${label}: callers cannot mutate cached values`, async (tt) => {
    const { cache } = setup(tt)
    const original = { list: [1, 2], inner: { v: 'a' } }
    await cache.set('k', original)
    original.list.push(3)
    original.inner.v = 'changed'
    const first = await cache.get<{ list: number[]; inner: { v: string } }>('k')
    tt.same(first, { list: [1, 2], inner: { v: 'a' } }, 'mutating the stored object does not change the cache')
    first!.list.push(99)
    tt.same(await cache.get('k'), { list: [1, 2], inner: { v: 'a' } }, 'mutating a returned value does not either')

    const loaded = await cache.getOrLoad('g', async () => ({ n: [1] }))
    loaded.value.n.push(2)
    const again = await cache.getOrLoad('g', async () => ({ n: [7] }))
    tt.equal(again.source, 'cache')
    tt.same(again.value, { n: [1] }, 'mutating a getOrLoad result does not change the cache')
  })

  t.test(`${label}: delete and deletePrefix`, async (tt) => {
    const { cache } = setup(tt)
    for (const key of ['a:1', 'a:2', 'a:3:x', 'ab:1', 'b:a:1', 'x']) await cache.set(key, key)
    await cache.delete('x')
    await cache.delete('never-set')
    tt.equal(await cache.get('x'), undefined, 'deleted key is gone')
    tt.equal(await cache.deletePrefix('a:'), 3, 'three keys start with a:')
    for (const key of ['a:1', 'a:2', 'a:3:x']) tt.equal(await cache.get(key), undefined, `${key} deleted`)
    for (const key of ['ab:1', 'b:a:1']) tt.equal(await cache.get(key), key, `${key} kept`)
    tt.equal(await cache.deletePrefix('nothing-here'), 0, 'no match deletes nothing')
    tt.equal(await cache.deletePrefix(''), 2, 'empty prefix deletes every key of this cache')
    tt.equal(await cache.get('ab:1'), undefined)
  })

  t.test(`${label}: getOrLoad loads on a miss, then serves from the cache`, async (tt) => {
    const { cache, log } = setup(tt)
    let calls = 0
    const load = async () => ({ call: ++calls })
    const first = await cache.getOrLoad('k', load)
    tt.same(first, { value: { call: 1 }, source: 'loaded' })
    const second = await cache.getOrLoad('k', load)
    tt.same(second, { value: { call: 1 }, source: 'cache' })
    tt.equal(calls, 1, 'loaded once')
    tt.same(await cache.get('k'), { call: 1 }, 'getOrLoad stored the value')
    tt.equal(log.count('miss', 'getOrLoad'), 1)
    tt.equal(log.count('hit', 'getOrLoad'), 1)
    tt.equal(log.count('fallback') + log.count('error'), 0, 'no failure events')
    tt.ok(log.events.every((e) => e.backend === cache.backend), 'events name the backend')
  })

  t.test(`${label}: concurrent misses share one load (single-flight)`, async (tt) => {
    const { cache, log } = setup(tt)
    const gate = deferred<{ items: string[] }>()
    let calls = 0
    const load = () => {
      calls++
      return gate.promise
    }
    const pending = Array.from({ length: 10 }, () => cache.getOrLoad('hot', load))
    await until(() => calls >= 1)
    await settle()
    gate.resolve({ items: ['a', 'b'] })
    const results = await Promise.all(pending)
    tt.equal(calls, 1, 'load called once for 10 concurrent callers')
    for (const r of results) tt.same(r, { value: { items: ['a', 'b'] }, source: 'loaded' })
    tt.equal(new Set(results.map((r) => r.value)).size, 10, 'each caller got its own copy')
    results[0].value.items.push('mutated')
    tt.same(results[1].value, { items: ['a', 'b'] }, "one caller's mutation does not reach another")
    tt.equal(log.count('shared'), 9, 'nine callers waited on the first one')
    tt.equal(log.count('miss'), 1)

    const other = await Promise.all([cache.getOrLoad('k1', async () => 1), cache.getOrLoad('k2', async () => 2)])
    tt.same(
      other.map((r) => r.value),
      [1, 2],
      'different keys do not share a load',
    )
  })

  t.test(`${label}: a failing load rejects every waiter, stores nothing, and is retried later`, async (tt) => {
    const { cache, log } = setup(tt)
    const gate = deferred<string>()
    let calls = 0
    const failing = () => {
      calls++
      return gate.promise
    }
    const pending = Array.from({ length: 10 }, () => cache.getOrLoad('k', failing))
    await until(() => calls >= 1)
    await settle()
    const boom = new Error('source down')
    gate.reject(boom)
    const outcomes = await Promise.allSettled(pending)
    tt.equal(calls, 1, 'one load for all waiters')
    tt.ok(
      outcomes.every((o) => o.status === 'rejected' && o.reason === boom),
      'every waiter rejected with the load error',
    )
    tt.equal(await cache.get('k'), undefined, 'nothing stored')
    tt.equal(log.count('fallback'), 0, 'a failing load is not a cache fallback')

    const retried = await cache.getOrLoad('k', async () => {
      calls++
      return 'fine'
    })
    tt.same(retried, { value: 'fine', source: 'loaded' }, 'a later call loads again')
    tt.equal(calls, 2)

    await tt.rejects(
      cache.getOrLoad('sync-throw', () => {
        throw new Error('sync')
      }),
      { message: 'sync' },
      'a load that throws synchronously rejects too',
    )
  })

  t.test(`${label}: TTLs and values the cache cannot store`, async (tt) => {
    const { cache, log } = setup(tt)
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await tt.rejects(cache.set('k', 1, bad), RangeError, `set rejects ttl ${bad}`)
    }
    let called = false
    await tt.rejects(
      cache.getOrLoad(
        'k',
        async () => {
          called = true
          return 1
        },
        0,
      ),
      RangeError,
    )
    tt.notOk(called, 'a bad TTL is reported before loading')

    const undef = await cache.getOrLoad('u', async () => undefined)
    tt.same(undef, { value: undefined, source: 'loaded' }, 'undefined is returned')
    await cache.set('u2', undefined)
    tt.equal(await cache.get('u2'), undefined)
    tt.equal(await cache.deletePrefix('u'), 0, 'undefined is never stored')

    await tt.rejects(cache.set('big', { n: 1n }), TypeError, 'set rejects a value JSON cannot hold')
    const big = await cache.getOrLoad('big', async () => ({ n: 1n }))
    tt.same(big, { value: { n: 1n }, source: 'loaded' }, 'getOrLoad still answers with it')
    tt.equal(log.count('error', 'serialize'), 1)
    tt.equal(await cache.get('big'), undefined, 'and stores nothing')
  })

  t.test(`${label}: a throwing event listener does not break the cache`, async (tt) => {
    const cache = make({
      keyPrefix: `${basePrefix}throwing:`,
      onEvent: () => {
        throw new Error('listener bug')
      },
    })
    tt.teardown(async () => {
      await cache.deletePrefix('').catch(() => undefined)
      await cache.close()
    })
    tt.same(await cache.getOrLoad('k', async () => 1), { value: 1, source: 'loaded' })
    tt.same(await cache.getOrLoad('k', async () => 2), { value: 1, source: 'cache' })
  })
}
