// Each caller's budget of AWS calls (issue 7) with the real SDK clients on the fake AWS and a real Redis: under a
// burst of cold look-ups no more calls reach AWS than the budget, across two replicas; over it the answer is 429 with
// Retry-After; warm look-ups cost nothing and are still served; another caller has its own budget.
import t from 'tap'
import { hashKey } from '../../src/app/access/keys.js'
import { accessWith, bearer, KEYS } from '../app/access-helpers.js'
import { startFakeAws } from './fake-aws/server.js'
import { ALICE, APP_ROLE, fixture, KEY_ARN } from './fake-aws/org-fixture.js'
import { REDIS_URL } from './helpers/redis-server.js'
import { sourcesApp } from './helpers/sources-app.js'

const NOISY = 'test-key-noisy-0008'
const BUDGET = 12
const noisy = { caller: 'noisy', sha256: hashKey(NOISY), scopes: ['evaluate', 'live'], awsCallsPerMinute: BUDGET }

/** The calls that reached AWS on someone's behalf (the credentials' AssumeRole is made by the SDK's provider, outside the budget). */
const budgeted = (counts: Record<string, number>) => Object.entries(counts).reduce((n, [op, c]) => n + (op === 'sts:AssumeRole' ? 0 : c), 0)

t.test('a burst of cold look-ups spends at most the budget, shared by two replicas', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const shared = { redisUrl: REDIS_URL, cacheKeyPrefix: `iamdx-test-budget-${process.pid}-${Date.now()}:`, access: accessWith([noisy]) }
  const a = await sourcesApp(t, fake, { app: shared })
  const b = await sourcesApp(t, fake, { app: shared })
  const { pollUntil } = await import('./helpers/redis-server.js')
  for (const app of [a, b]) t.ok(await pollUntil(async () => app.limitsShared(), 10_000), 'the budget counts in Redis')
  const principals = [APP_ROLE, ALICE]
  const burst = Array.from({ length: 20 }, (_, i) =>
    [a, b][i % 2].inject({
      method: 'POST',
      url: '/v1/explain',
      headers: bearer(NOISY),
      payload: { source: 'aws', request: { principal: principals[i % 2], action: 'kms:Decrypt', resource: KEY_ARN } },
    }),
  )
  const answers = await Promise.all(burst)
  const statuses = answers.map((r) => r.statusCode)
  t.ok(statuses.every((s) => s === 200 || s === 429), `only 200 or 429: ${statuses.join(' ')}`)
  const refused = answers.filter((r) => r.statusCode === 429)
  t.ok(refused.length > 0, 'a cold diagnosis needs more calls than the budget: some are refused')
  t.ok(budgeted(fake.counts()) <= BUDGET, `${budgeted(fake.counts())} AWS calls for a budget of ${BUDGET}`)
  const problem = refused[0].json()
  t.match(problem, { type: 'urn:iamdx:problem:aws-budget-spent', status: 429, detail: /budget of AWS calls for caller noisy is spent \(12 per minute\)/ })
  t.ok(Number(refused[0].headers['retry-after']) >= 1, `Retry-After ${refused[0].headers['retry-after']}`)

  // Another caller has its own budget: it reads what it needs and is served.
  const other = await a.inject({
    method: 'POST',
    url: '/v1/explain',
    headers: bearer(KEYS.evaluateLive),
    payload: { source: 'aws', request: { principal: APP_ROLE, action: 'kms:Decrypt', resource: KEY_ARN } },
  })
  t.equal(other.statusCode, 200, other.body.slice(0, 200))
  // Now cached: the noisy caller is served again without spending anything.
  const before = fake.total()
  const warm = await b.inject({
    method: 'POST',
    url: '/v1/evaluate',
    headers: bearer(NOISY),
    payload: { source: 'aws', request: { principal: APP_ROLE, action: 'kms:Decrypt', resource: KEY_ARN } },
  })
  t.equal(warm.statusCode, 200, 'a warm look-up costs nothing, so a spent budget does not stop it')
  t.equal(fake.total(), before)
  const metrics = (await a.inject({ url: '/metrics' })).body
  t.match(metrics, /iamdx_aws_calls_total\{operation="[^"]+",outcome="budget"\} \d+/, 'refused calls are counted')
  t.match(metrics, /iamdx_aws_calls_by_caller_total\{caller="noisy",outcome="refused"\} \d+/, 'by caller')
  t.match(metrics, /iamdx_aws_calls_by_caller_total\{caller="evaluateLive",outcome="admitted"\} \d+/)
  await a.inject({ method: 'POST', url: '/v1/cache/invalidate', headers: bearer(KEYS.admin), payload: {} })
})
