// Per-caller limits (issue 7) with a real Redis: the request rate holds across two app instances sharing it, a
// batch over the caller's size is refused, and over the rate the answer is 429 with Retry-After.
import t from 'tap'
import { hashKey } from '../../src/app/access/keys.js'
import { REDIS_URL, pollUntil } from '../sources/helpers/redis-server.js'
import { logCollector, testApp } from '../app/test-app.js'
import { accessWith, bearer, KEYS } from './access-helpers.js'

const LIMITED = 'test-key-limited-0007'
const limitedEntry = { caller: 'limited', sha256: hashKey(LIMITED), scopes: ['evaluate'], requestsPerMinute: 5, maxBatch: 2 }
const validate = { policyType: 'identity', document: { Version: '2012-10-17', Statement: [] } }
const R = { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }

t.test('the request rate of a caller holds across two replicas sharing Redis', async (t) => {
  // One prefix for both replicas (one deployment), fresh for this run.
  const prefix = `iamdx-test-limits-${process.pid}-${Date.now()}:`
  const config = { redisUrl: REDIS_URL, cacheKeyPrefix: prefix, access: accessWith([limitedEntry]) }
  const a = await testApp(t, config)
  const b = await testApp(t, config)
  for (const app of [a, b]) {
    await pollUntil(async () => (await app.cache.health()).ok, 10_000)
    t.ok(await pollUntil(async () => app.limitsShared(), 10_000), 'the limits count in Redis')
  }
  const call = (app: typeof a, key: string) => app.inject({ method: 'POST', url: '/v1/validate', headers: bearer(key), payload: validate })
  const statuses: number[] = []
  for (const app of [a, a, a, b, b]) statuses.push((await call(app, LIMITED)).statusCode)
  t.same(statuses, [200, 200, 200, 200, 200], 'five requests a minute: replicas a and b share the count')
  const over = await call(b, LIMITED)
  t.equal(over.statusCode, 429)
  t.match(over.headers['content-type'], /application\/problem\+json/)
  t.ok(Number(over.headers['retry-after']) >= 1 && Number(over.headers['retry-after']) <= 60, `Retry-After ${over.headers['retry-after']}`)
  t.match(over.json(), { type: 'urn:iamdx:problem:rate-limited', status: 429, detail: /Caller limited may make 5 requests per minute/ })
  t.equal((await call(a, LIMITED)).statusCode, 429, 'on the other replica too')
  t.equal((await call(a, KEYS.evaluate)).statusCode, 200, 'another caller has its own count')
  t.equal((await a.inject({ url: '/healthz' })).statusCode, 200, 'open routes are not limited')
})

t.test('a batch over the caller\'s size is a 413 pointing at /requests', async (t) => {
  const app = await testApp(t, { access: accessWith([limitedEntry], { maxBatch: 3 }) })
  const batch = (key: string, n: number) =>
    app.inject({ method: 'POST', url: '/v1/evaluate/batch', headers: bearer(key), payload: { policies: {}, requests: Array.from({ length: n }, () => R) } })
  t.equal((await batch(LIMITED, 2)).statusCode, 200)
  const big = await batch(LIMITED, 3)
  t.equal(big.statusCode, 413)
  t.match(big.json(), { type: 'urn:iamdx:problem:batch-too-large', errors: [{ path: '/requests' }], detail: /at most 2 requests/ })
  t.equal((await batch(KEYS.evaluate, 3)).statusCode, 200, 'the default (IAMDX_MAX_BATCH=3) for keys without their own')
  t.equal((await batch(KEYS.evaluate, 4)).statusCode, 413)
})

t.test('audit lines: caller, what was asked, answer, request id; never a policy or a key', async (t) => {
  const logs = logCollector()
  const app = await testApp(t, { logLevel: 'warn', access: accessWith() }, { logStream: logs.stream })
  const principal = encodeURIComponent('arn:aws:iam::111122223333:role/app')
  await app.inject({ url: `/v1/principals/${principal}/policies?source=snapshot`, headers: bearer(KEYS.live) })
  await app.inject({ url: `/v1/principals/${principal}/policies?source=snapshot` })
  await app.inject({ method: 'POST', url: '/v1/cache/invalidate', headers: bearer(KEYS.admin), payload: { account: '111122223333', kind: 'role', id: 'app' } })
  await app.inject({ method: 'POST', url: '/v1/evaluate', headers: bearer(KEYS.evaluate), payload: { request: R, policies: {} } })
  const audit = logs.lines().filter((l) => 'audit' in l)
  t.equal(audit.length, 3, 'two look-ups (one refused) and one invalidation; evaluating sent policies is not audited')
  t.match(audit[0], { audit: 'live-lookup', caller: 'live', principal: 'arn:aws:iam::111122223333:role/app', source: 'snapshot', status: 404, level: 30 })
  t.ok(typeof audit[0].requestId === 'string')
  t.match(audit[1], { audit: 'live-lookup', caller: 'unauthenticated', status: 401 })
  t.match(audit[2], { audit: 'cache-invalidate', caller: 'admin', account: '111122223333', kind: 'role', id: 'app', deleted: 0, status: 200 })
  const text = logs.text()
  for (const secret of Object.values(KEYS)) t.notOk(text.includes(secret), 'no key in the logs')
  t.notOk(/Statement/.test(text), 'no policy in the logs')
})

t.test('with Redis unreachable the request rate still holds, counted by this replica', async (t) => {
  const { freePort } = await import('../sources/helpers/redis-server.js')
  const app = await testApp(t, { redisUrl: `redis://127.0.0.1:${await freePort()}`, access: accessWith([limitedEntry]) })
  t.notOk(app.limitsShared(), 'nothing answers there')
  const statuses: number[] = []
  for (let i = 0; i < 6; i++) statuses.push((await app.inject({ method: 'POST', url: '/v1/validate', headers: bearer(LIMITED), payload: validate })).statusCode)
  t.same(statuses, [200, 200, 200, 200, 200, 429])
})
