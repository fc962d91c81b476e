// docs/iamdx-minimal-policy.json: the IAM policy iamdx needs. It grants every action the AWS source calls (and no
// other), and POST /v1/validate finds nothing wrong with it: no error, no security warning, no unknown action.
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { parsePolicy } from '../../src/policy/index.js'
import { REQUIRED_ACTIONS } from '../../src/sources/aws/index.js'

const text = await readFile(new URL('../../docs/iamdx-minimal-policy.json', import.meta.url), 'utf8')
const doc = JSON.parse(text) as { Statement: Array<{ Action: string | string[] }> }

t.test('it parses as an identity policy with no error finding', async (t) => {
  const parsed = parsePolicy(doc, { policyType: 'identity' })
  t.ok(parsed.policy, 'parsed')
  t.same(parsed.findings.filter((f) => f.severity === 'error'), [])
})

t.test('it grants exactly the actions the AWS source calls', async (t) => {
  const granted = doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort()
  const needed = [...REQUIRED_ACTIONS.account, ...REQUIRED_ACTIONS.organization, ...REQUIRED_ACTIONS.assume].sort()
  t.same(granted, needed)
})

t.test('every AWS call the source makes is in the minimal policy', async (t) => {
  const { startFakeAws } = await import('./fake-aws/server.js')
  const { fixture, APP_ROLE, ALICE, KEY_ARN, PAYMENTS, REGION } = await import('./fake-aws/org-fixture.js')
  const { awsSourceOn, metricLog } = await import('./helpers/live.js')
  const { createCache } = await import('../../src/sources/cache/index.js')
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const cache = createCache({ ttlSeconds: 60 })
  t.teardown(() => cache.close())
  const log = metricLog()
  const source = awsSourceOn(fake, cache, { onMetric: log.onMetric })
  t.teardown(() => source.close())
  const arn = (service: string, rest: string) => `arn:aws:${service}:${REGION}:${PAYMENTS}:${rest}`
  const queries = [
    { principal: APP_ROLE, resource: KEY_ARN },
    { principal: ALICE, resource: arn('kms', 'alias/payments') },
    { principal: ALICE, resource: 'arn:aws:s3:::payments-data/x', resourceAccount: PAYMENTS },
    { principal: ALICE, resource: arn('sqs', 'payments-events') },
    { principal: ALICE, resource: arn('sns', 'payments-alerts') },
    { principal: ALICE, resource: arn('lambda', 'function:payments-fn') },
    { principal: ALICE, resource: arn('secretsmanager', 'secret:payments-db-AbCdEf') },
    { principal: ALICE, resource: APP_ROLE, action: 'sts:AssumeRole' },
  ]
  for (const q of queries) t.ok((await source.policiesFor(q)).ok)
  const called = new Set(log.events.flatMap((e) => (e.type === 'awsCall' ? [e.operation] : [])))
  const granted = new Set<string>([...REQUIRED_ACTIONS.account, ...REQUIRED_ACTIONS.organization, ...REQUIRED_ACTIONS.assume])
  t.same([...called].filter((op) => !granted.has(op)), [], 'no call outside the policy')
  t.same([...granted].filter((op) => !called.has(op)), [], 'every action of the policy is used')
})

t.test('POST /v1/validate: no error, security warning or warning; every action known to the catalog', async (t) => {
  const { testApp } = await import('../app/test-app.js')
  const app = await testApp(t)
  const res = await app.inject({ method: 'POST', url: '/v1/validate', payload: { document: doc, policyType: 'identity' } })
  t.equal(res.statusCode, 200, res.body)
  const findings = res.json().findings as Array<{ severity: string; code: string; message: string; path: string }>
  t.same(findings.filter((f) => f.severity !== 'suggestion'), [], 'nothing but suggestions')
  // A typo in an action name is a finding: the route does read the actions (the same document with one broken).
  const broken = structuredClone(doc)
  ;(broken.Statement[0].Action as string[])[0] = 'iam:GetUsr'
  const bad = await app.inject({ method: 'POST', url: '/v1/validate', payload: { document: broken, policyType: 'identity' } })
  t.match(bad.json().findings, [{ path: '/Statement/0/Action/0' }])
})
