// Cache.lock: a short lock shared by every process on one backend (Redis SET NX PX; the LRU in process), used by
// the sources for single-flight across replicas. Released only by its holder; expires by itself.
import t, { type Test } from 'tap'
import { createCache, type Cache } from '../../src/sources/cache/index.js'
import { connectedCache } from './helpers/live.js'
import { freePort } from './helpers/redis-server.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function lockContract(t: Test, make: () => Promise<[Cache, Cache]>) {
  const [a, b] = await make()
  const lockA = a.lock!
  const lockB = b.lock!
  t.ok(lockA && lockB, 'the cache has a lock')
  const first = await lockA.acquire('v1:org:scp:p-1', 200)
  t.equal(first.state, 'acquired')
  t.same(await lockB.acquire('v1:org:scp:p-1', 200), { state: 'held' }, 'a second taker sees it held')
  t.equal((await lockB.acquire('v1:org:scp:p-2', 200)).state, 'acquired', 'other keys are independent')
  await lockB.release('v1:org:scp:p-1', 'not-the-token')
  t.same(await lockB.acquire('v1:org:scp:p-1', 200), { state: 'held' }, 'only the holder releases')
  if (first.state === 'acquired') await lockA.release('v1:org:scp:p-1', first.token)
  const again = await lockB.acquire('v1:org:scp:p-1', 100)
  t.equal(again.state, 'acquired', 'free once released')
  await sleep(250)
  t.equal((await lockA.acquire('v1:org:scp:p-1', 100)).state, 'acquired', 'free once expired (a dead holder)')
  await a.set('v1:org:scp:p-3', 1)
  t.equal((await lockA.acquire('v1:org:scp:p-3', 100)).state, 'acquired', 'a lock is not the value under the same key')
  t.equal(await a.get('v1:org:scp:p-3'), 1)
  t.equal(await a.deletePrefix('v1:'), 1, 'deleting values leaves locks alone')
  t.same(await lockB.acquire('v1:org:scp:p-3', 100), { state: 'held' })
}


t.test('memory', async (t) => {
  await lockContract(t, async () => {
    const c = createCache({ ttlSeconds: 60 })
    t.teardown(() => c.close())
    return [c, c]
  })
})

t.test('redis: two clients, one lock', async (t) => {
  const prefix = `iamdx-test:${process.pid}:lock:${Math.random().toString(36).slice(2)}:`
  await lockContract(t, async () => {
    const [a, b] = await Promise.all([connectedCache(t, prefix), connectedCache(t, prefix)])
    t.teardown(() => a.deletePrefix(''))
    return [a, b]
  })
})

t.test('redis down: the lock is unavailable (callers load directly)', async (t) => {
  const c = createCache({ redisUrl: `redis://127.0.0.1:${await freePort()}`, ttlSeconds: 60 })
  t.teardown(() => c.close())
  t.same(await c.lock?.acquire('k', 100), { state: 'unavailable' })
  await c.lock?.release('k', 'token') // never throws
})
