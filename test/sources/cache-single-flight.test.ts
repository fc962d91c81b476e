// SingleFlight on its own: one run per key while in flight, shared outcome, key freed on settle.

import t from 'tap'
import { SingleFlight } from '../../src/sources/cache/index.js'
import { deferred, settle } from './helpers/events.js'

t.test('concurrent runs of one key share the first run', async (t) => {
  const flights = new SingleFlight()
  const gate = deferred<string>()
  let calls = 0
  const work = () => {
    calls++
    return gate.promise
  }
  const runs = Array.from({ length: 5 }, () => flights.run('k', work))
  t.same(
    runs.map((r) => r.shared),
    [false, true, true, true, true],
    'only the first call leads',
  )
  t.equal(flights.size, 1)
  gate.resolve('v')
  t.same(await Promise.all(runs.map((r) => r.promise)), ['v', 'v', 'v', 'v', 'v'])
  t.equal(calls, 1)
  await settle(0)
  t.equal(flights.size, 0, 'the key is released once settled')
  const next = flights.run('k', async () => 'again')
  t.equal(next.shared, false, 'a later call starts a new run')
  t.equal(await next.promise, 'again')
})

t.test('different keys run independently', async (t) => {
  const flights = new SingleFlight()
  const a = flights.run('a', async () => 'A')
  const b = flights.run('b', async () => 'B')
  t.equal(a.shared || b.shared, false)
  t.same(await Promise.all([a.promise, b.promise]), ['A', 'B'])
})

t.test('a rejection reaches every waiter and frees the key', async (t) => {
  const flights = new SingleFlight()
  const gate = deferred<string>()
  const runs = Array.from({ length: 3 }, () => flights.run('k', () => gate.promise))
  const boom = new Error('boom')
  gate.reject(boom)
  for (const r of runs) await t.rejects(r.promise, boom)
  await settle(0)
  t.equal(flights.size, 0)
  const sync = flights.run('s', () => {
    throw new Error('sync')
  })
  await t.rejects(sync.promise, { message: 'sync' }, 'a synchronous throw becomes a rejection')
  await settle(0)
  t.equal(flights.size, 0)
})
