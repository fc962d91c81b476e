// Replicas sharing one Redis: a cold policy is fetched once between them (the cross-replica lock), a lock whose
// holder died is taken over, and with Redis stopped mid-test the source still answers, says so, and recovers.
import t, { type Test } from 'tap'
import type { Cache } from '../../src/sources/cache/index.js'
import type { PolicyAnswer, PolicyResult } from '../../src/sources/ports.js'
import { startFakeAws } from './fake-aws/server.js'
import { APP_ROLE, fixture, KEY_ARN } from './fake-aws/org-fixture.js'
import { awsSourceOn, connectedCache, metricLog } from './helpers/live.js'
import { pollUntil, REDIS_URL, redisServer } from './helpers/redis-server.js'
import { COLD_APP_ROLE_KMS } from './helpers/expected-calls.js'

function answer(r: PolicyResult): PolicyAnswer {
  if (!r.ok) throw new Error(`expected an answer, got ${r.error.message}`)
  return r.answer
}

const query = { principal: APP_ROLE, resource: KEY_ARN, action: 'kms:Decrypt' }
const { 'sts:AssumeRole': _sts, ...COLD_WITHOUT_STS } = COLD_APP_ROLE_KMS

function withoutSts(counts: Record<string, number>): Record<string, number> {
  const { 'sts:AssumeRole': _a, ...rest } = counts
  return rest
}

function sharedCache(t: Test, prefix: string, url = REDIS_URL): Promise<Cache> {
  return connectedCache(t, prefix, url)
}

t.test('two replicas sharing one Redis fetch a cold policy once between them', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const prefix = `iamdx-test:${process.pid}:shared:${Math.random().toString(36).slice(2)}:`
  const [a, b] = [metricLog(), metricLog()]
  const cacheA = await sharedCache(t, prefix)
  const cacheB = await sharedCache(t, prefix)
  t.teardown(() => cacheA.deletePrefix(''))
  const one = awsSourceOn(fake, cacheA, { onMetric: a.onMetric })
  const two = awsSourceOn(fake, cacheB, { onMetric: b.onMetric })
  t.teardown(() => one.close())
  t.teardown(() => two.close())
  // Hold the first reads open so that the second replica arrives while they are in flight.
  fake.delay('iam:GetRole', 150)
  fake.delay('organizations:DescribeOrganization', 150)
  const [ra, rb] = await Promise.all([one.policiesFor(query), two.policiesFor(query)])
  t.same(withoutSts(fake.counts()), COLD_WITHOUT_STS, 'every read once between the two replicas')
  t.same(
    fake.repeated().filter((r) => !r.startsWith('sts:')),
    [],
    'no call repeated (each replica assumes its own credentials)',
  )
  t.same(answer(ra).policies, answer(rb).policies, 'both answer the same')
  const waits = [...a.events, ...b.events].filter((e) => e.type === 'lockWait').length
  t.ok(waits > 0, `a replica waited for the other's read (${waits} waits)`)
  const peerServed = [...answer(ra).provenance, ...answer(rb).provenance].filter((p) => p.fromCache).length
  t.ok(peerServed > 0, 'what one replica read, the other served from the cache')
})

t.test('ten replicas asking for one cold SCP make one AWS call', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const prefix = `iamdx-test:${process.pid}:ten:${Math.random().toString(36).slice(2)}:`
  const caches = await Promise.all(Array.from({ length: 10 }, () => sharedCache(t, prefix)))
  t.teardown(() => caches[0].deletePrefix(''))
  const sources = caches.map((cache) => {
    const s = awsSourceOn(fake, cache)
    t.teardown(() => s.close())
    return s
  })
  fake.delay('organizations:DescribePolicy', 100)
  const read = await Promise.all(sources.map((s) => s.directory.orgPolicy('p-denyregions1', 'scp')))
  t.ok(read.every((r) => r.ok && r.value.name === 'deny-other-regions'), 'all ten have it')
  t.equal(fake.count('organizations:DescribePolicy'), 1, 'one DescribePolicy')
  t.equal(read.filter((r) => !r.fromCache).length, 1, 'one replica read AWS; nine were served its result')
})

t.test('a lock whose holder died is taken over when it expires', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const prefix = `iamdx-test:${process.pid}:dead:${Math.random().toString(36).slice(2)}:`
  const cache = await sharedCache(t, prefix)
  t.teardown(() => cache.deletePrefix(''))
  // A replica took the lock and died: nobody releases it; it expires after its TTL.
  const held = await cache.lock?.acquire('v1:org:scp:p-prodprotect', 300)
  t.equal(held?.state, 'acquired')
  const source = awsSourceOn(fake, cache, { lockTtlMs: 300 })
  t.teardown(() => source.close())
  const r = await source.directory.orgPolicy('p-prodprotect', 'scp')
  t.ok(r.ok, 'read after the dead lock expired')
  t.equal(fake.count('organizations:DescribePolicy'), 1)
})

t.test('Redis stopped mid-test: the source still answers, flags it, and uses Redis again when it returns', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const redis = await redisServer()
  await redis.start()
  t.teardown(() => redis.stop())
  const cache = await sharedCache(t, `iamdx-test:${process.pid}:down:`, redis.url)
  const source = awsSourceOn(fake, cache)
  t.teardown(() => source.close())

  const warmUp = answer(await source.policiesFor(query))
  t.same(warmUp.warnings, [])
  fake.resetCounts()
  t.equal(answer(await source.policiesFor(query)).provenance.every((p) => p.fromCache), true, 'warm from Redis')
  t.equal(fake.total(), 0)

  await redis.stop()
  const down = answer(await source.policiesFor(query))
  t.same(down.policies, warmUp.policies, 'still the same answer, read from AWS directly')
  t.same(down.warnings.map((w) => w.code), ['CACHE_UNAVAILABLE'])
  t.same(withoutSts(fake.counts()), COLD_WITHOUT_STS, 'every read went to AWS')
  t.same((await cache.health()).ok, false)

  await redis.start()
  t.ok(await pollUntil(async () => (await cache.health()).ok, 10_000), 'the cache reconnects by itself')
  fake.resetCounts()
  const back = answer(await source.policiesFor(query))
  t.same(back.warnings, [], 'no warning once Redis is back')
  t.equal(fake.total() > 0, true, 'the restarted Redis is empty: read again and stored')
  fake.resetCounts()
  answer(await source.policiesFor(query))
  t.equal(fake.total(), 0, 'then served from Redis again')
})
