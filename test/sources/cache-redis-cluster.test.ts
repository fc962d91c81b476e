// The cache on a three-node Redis Cluster started on loopback ports (REDIS_CLUSTER_NODES): the Cache contract,
// deletePrefix across every master, the lock, and the AWS source on top of it.
import t, { type Test } from 'tap'
import { createCache, parseClusterNodes, RedisClusterCache, type Cache } from '../../src/sources/cache/index.js'
import { startFakeAws } from './fake-aws/server.js'
import { APP_ROLE, fixture, KEY_ARN } from './fake-aws/org-fixture.js'
import { COLD_APP_ROLE_KMS } from './helpers/expected-calls.js'
import { awsSourceOn } from './helpers/live.js'
import { redisCluster } from './helpers/redis-cluster.js'
import { pollUntil } from './helpers/redis-server.js'

const cluster = await redisCluster()
t.teardown(() => cluster.stop())

async function clusterCache(t: Test, prefix = `iamdx-test:${Math.random().toString(36).slice(2)}:`): Promise<Cache> {
  const cache = createCache({ redisClusterNodes: cluster.nodes, ttlSeconds: 60, keyPrefix: prefix })
  t.teardown(() => cache.close())
  t.ok(await pollUntil(async () => (await cache.health()).ok, 10_000), 'the cluster cache is ready')
  return cache
}

t.test('createCache picks the cluster client; health names the masters', async (t) => {
  const cache = await clusterCache(t)
  t.ok(cache instanceof RedisClusterCache)
  t.match(await cache.health(), { backend: 'redis', ok: true, detail: /cluster connected \(3 masters\)/ })
})

t.test('get, set, getOrLoad and deletePrefix across every master', async (t) => {
  const cache = await clusterCache(t)
  // 300 keys spread over the 16,384 slots, so over all three masters.
  const keys = Array.from({ length: 300 }, (_, i) => `v1:333333333333:role:r${i}`)
  await Promise.all(keys.map((k, i) => cache.set(k, { i })))
  await cache.set('v1:org:scp:p-keepme0001', 'other kind')
  t.same(await cache.get(keys[123]), { i: 123 })
  let loads = 0
  t.same(await cache.getOrLoad('v1:org:parents:1', async () => ++loads), { value: 1, source: 'loaded' })
  t.same(await cache.getOrLoad('v1:org:parents:1', async () => ++loads), { value: 1, source: 'cache' })
  t.equal(await cache.deletePrefix('v1:333333333333:'), 300, 'every key of the prefix, on every master')
  t.equal(await cache.get(keys[5]), undefined)
  t.equal(await cache.get('v1:org:scp:p-keepme0001'), 'other kind', 'other prefixes stay')
  t.equal(await cache.deletePrefix(''), 2)
})

t.test('the lock works on the cluster', async (t) => {
  const prefix = `iamdx-test:${Math.random().toString(36).slice(2)}:`
  const [a, b] = [await clusterCache(t, prefix), await clusterCache(t, prefix)]
  const got = await a.lock!.acquire('v1:org:scp:p-1', 500)
  t.equal(got.state, 'acquired')
  t.same(await b.lock!.acquire('v1:org:scp:p-1', 500), { state: 'held' })
  if (got.state === 'acquired') await a.lock!.release('v1:org:scp:p-1', got.token)
  t.equal((await b.lock!.acquire('v1:org:scp:p-1', 500)).state, 'acquired')
})

t.test('the AWS source on the cluster: cold reads once, warm none, two replicas share', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const prefix = `iamdx-test:${Math.random().toString(36).slice(2)}:`
  const [c1, c2] = [await clusterCache(t, prefix), await clusterCache(t, prefix)]
  const [one, two] = [awsSourceOn(fake, c1), awsSourceOn(fake, c2)]
  t.teardown(() => one.close())
  t.teardown(() => two.close())
  const q = { principal: APP_ROLE, resource: KEY_ARN, action: 'kms:Decrypt' }
  fake.delay('iam:GetRole', 100)
  const [a, b] = await Promise.all([one.policiesFor(q), two.policiesFor(q)])
  t.ok(a.ok && b.ok)
  const { 'sts:AssumeRole': _s, ...expected } = COLD_APP_ROLE_KMS
  const { 'sts:AssumeRole': _t, ...counts } = fake.counts()
  t.same(counts, expected, 'each read once between the two replicas')
  fake.resetCounts()
  const warm = await two.policiesFor(q)
  t.equal(fake.total(), 0)
  t.ok(warm.ok && warm.answer.provenance.every((p) => p.fromCache))
})

t.test('REDIS_CLUSTER_NODES parsing', async (t) => {
  t.same(parseClusterNodes(['10.0.0.1:6379', 'redis-2.internal:7000', '[::1]:7001']), [
    { host: '10.0.0.1', port: 6379 },
    { host: 'redis-2.internal', port: 7000 },
    { host: '::1', port: 7001 },
  ])
  t.throws(() => parseClusterNodes([]), RangeError)
  t.throws(() => parseClusterNodes(['host']), /not a host:port/)
  t.throws(() => parseClusterNodes(['host:99999']), /not a host:port/)
})

t.test('the access limits count in the cluster: two replicas share a caller\'s request rate', async (t) => {
  const { testApp } = await import('../app/test-app.js')
  const { accessWith, bearer } = await import('../app/access-helpers.js')
  const { hashKey } = await import('../../src/app/access/keys.js')
  const key = 'test-key-cluster-limited'
  const access = accessWith([{ caller: 'clustered', sha256: hashKey(key), scopes: ['evaluate'], requestsPerMinute: 3 }])
  const config = { redisClusterNodes: cluster.nodes, cacheKeyPrefix: `iamdx-test-limits:${Math.random().toString(36).slice(2)}:`, access }
  const [a, b] = [await testApp(t, config), await testApp(t, config)]
  for (const app of [a, b]) t.ok(await pollUntil(async () => (await app.cache.health()).ok, 10_000))
  // The limits have their own cluster client: wait until it is connected on both replicas.
  for (const app of [a, b]) t.ok(await pollUntil(async () => app.limitsShared(), 10_000), 'the limits count in the cluster')
  const body = { policyType: 'identity', document: { Version: '2012-10-17', Statement: [] } }
  const call = (app: typeof a) => app.inject({ method: 'POST', url: '/v1/validate', headers: bearer(key), payload: body })
  const statuses = [(await call(a)).statusCode, (await call(b)).statusCode, (await call(a)).statusCode, (await call(b)).statusCode]
  t.same(statuses, [200, 200, 200, 429], 'three a minute across both replicas')
})
