// src/app/access/rate-store.ts: counts in Redis, and in this process whenever Redis is not ready or a command fails.
import t from 'tap'
import { Redis } from 'ioredis'
import { rateStore } from '../../src/app/access/rate-store.js'
import { REDIS_URL, pollUntil } from '../sources/helpers/redis-server.js'
import type { LimitsRedis } from '../../src/app/access/redis-client.js'

const incr = (store: { incr: Function }, key: string, windowMs = 60_000) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) =>
    store.incr(key, (err: Error | null, res?: { current: number; ttl: number }) => (err ? reject(err) : resolve(res!)), windowMs, 10),
  )

t.test('in Redis: one count per key and window, shared by stores; the window ends', async (t) => {
  const redis = new Redis(REDIS_URL)
  t.teardown(() => redis.quit())
  await pollUntil(async () => redis.status === 'ready', 5000)
  const prefix = `iamdx-test-rate-${process.pid}-${Date.now()}:`
  const [A, B] = [rateStore(redis as LimitsRedis, prefix), rateStore(redis as LimitsRedis, prefix)]
  const a = new A({})
  const b = new B({})
  t.same((await incr(a, 'caller', 300)).current, 1)
  t.same((await incr(b, 'caller', 300)).current, 2, 'another store (replica) sees the same count')
  const third = await incr(a, 'caller', 300)
  t.equal(third.current, 3)
  t.ok(third.ttl > 0 && third.ttl <= 300, `ttl ${third.ttl}`)
  await new Promise((r) => setTimeout(r, 350))
  t.equal((await incr(a, 'caller', 300)).current, 1, 'a new window')
  t.equal(a.child({}), a, 'one count for every route')
})

t.test('a failing command or a client that is not ready: this process counts', async (t) => {
  let now = 1_000
  const failing = { status: 'ready', eval: () => Promise.reject(new Error('connection lost')) } as unknown as LimitsRedis
  const Store = rateStore(failing, 'p:', () => now)
  const s = new Store({})
  t.same(await incr(s, 'k', 1000), { current: 1, ttl: 1000 })
  now += 400
  t.same(await incr(s, 'k', 1000), { current: 2, ttl: 600 })
  now += 600
  t.same(await incr(s, 'k', 1000), { current: 1, ttl: 1000 }, 'the window ended')
  const Offline = rateStore({ status: 'reconnecting' } as unknown as LimitsRedis, 'p:', () => now)
  t.same(await incr(new Offline({}), 'k', 1000), { current: 1, ttl: 1000 }, 'not ready: no command is sent')
  const None = rateStore(undefined, 'p:', () => now)
  t.same(await incr(new None({}), 'k', 1000), { current: 1, ttl: 1000 }, 'no Redis configured')
})
