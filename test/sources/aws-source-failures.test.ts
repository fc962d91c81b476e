// When AWS says no: iamdx's own AccessDenied becomes an `unavailable` entry naming the action iamdx needed (and is
// cached briefly), throttling is retried with backoff, and the rest of the answer is still given.
import t, { type Test } from 'tap'
import type { PolicyAnswer, PolicyResult } from '../../src/sources/ports.js'
import { APP_READ, APP_ROLE, KEY_ARN, LAMBDA_BASIC, PAYMENTS } from './fake-aws/org-fixture.js'
import { liveSource } from './helpers/live.js'

function answer(r: PolicyResult): PolicyAnswer {
  if (!r.ok) throw new Error(`expected an answer, got ${r.error.message}`)
  return r.answer
}

const query = { principal: APP_ROLE, resource: KEY_ARN, action: 'kms:Decrypt' }

const setup = (t: Test, negativeTtlSeconds?: number) => liveSource(t, negativeTtlSeconds !== undefined ? { source: { negativeTtlSeconds } } : {})

t.test('AccessDenied on one inline policy: the rest is answered, the gap names iam:GetRolePolicy', async (t) => {
  const { fake, source } = await setup(t)
  fake.fail('iam:GetRolePolicy', 'accessDenied')
  const a = answer(await source.policiesFor(query))
  t.same(a.policies.identity?.map((x) => x.id), [APP_READ, LAMBDA_BASIC], 'the managed policies are still there')
  t.equal(a.unavailable.length, 1)
  const gap = a.unavailable[0]
  t.match(gap, { scope: 'identity', why: 'accessDenied', action: 'iam:GetRolePolicy', account: PAYMENTS, what: 'inline policy app-inline of role app-role' })
  t.match(gap.message, /iamdx is not allowed to call iam:GetRolePolicy .* in account 333333333333/)
  t.match(gap.message, /iamdx-minimal-policy\.json/, 'the message says where the needed policy is')
  t.equal(a.policies.scp?.length, 5, 'other layers unaffected')

  fake.clearFailures()
  fake.resetCounts()
  const again = answer(await source.policiesFor(query))
  t.equal(fake.count('iam:GetRolePolicy'), 0, 'the partial record is cached briefly (negative TTL)')
  t.equal(again.unavailable.length, 1)
})

t.test('a partial record expires after the negative TTL', async (t) => {
  const { fake, source } = await setup(t, 0.2)
  fake.fail('iam:GetRolePolicy', 'accessDenied')
  t.equal(answer(await source.policiesFor(query)).unavailable.length, 1)
  fake.clearFailures()
  await new Promise((resolve) => setTimeout(resolve, 300))
  fake.resetCounts()
  const a = answer(await source.policiesFor(query))
  t.same(a.unavailable, [], 'read again once expired')
  t.equal(fake.count('iam:GetRolePolicy'), 1)
  t.equal(a.policies.identity?.length, 3)
})

t.test('AccessDenied on the principal itself: scope principal, action iam:GetRole', async (t) => {
  const { fake, source } = await setup(t)
  fake.fail('iam:GetRole', 'accessDenied')
  const a = answer(await source.policiesFor({ principal: APP_ROLE }))
  t.match(a.unavailable, [{ scope: 'principal', why: 'accessDenied', action: 'iam:GetRole', account: PAYMENTS }])
  t.equal(a.policies.identity, undefined)
})

t.test('AccessDenied in Organizations leaves the SCP and RCP layers out, naming the action', async (t) => {
  const { fake, source } = await setup(t)
  fake.fail('organizations:ListPoliciesForTarget', 'accessDenied')
  const a = answer(await source.policiesFor(query))
  t.equal(a.policies.scp, undefined)
  t.equal(a.policies.rcp, undefined)
  t.same(
    a.unavailable.map((u) => [u.scope, u.why, u.action, u.account]),
    [
      ['scp', 'accessDenied', 'organizations:ListPoliciesForTarget', '111111111111'],
      ['rcp', 'accessDenied', 'organizations:ListPoliciesForTarget', '111111111111'],
    ],
    'read through the organization role in the management account',
  )
  t.equal(a.policies.identity?.length, 3, 'identity policies are unaffected')
})

t.test('iamdx cannot assume its role in an account: sts:AssumeRole is named', async (t) => {
  const { fake, source } = await setup(t)
  fake.fail('sts:AssumeRole', 'accessDenied', { times: 1 })
  const a = answer(await source.policiesFor({ principal: APP_ROLE }))
  const gap = a.unavailable.find((u) => u.scope === 'principal')
  t.match(gap, { why: 'accessDenied', action: 'sts:AssumeRole' })
  t.match(gap?.message ?? '', /could not assume arn:aws:iam::333333333333:role\/iamdx-reader/)
})

t.test('throttling is retried with backoff', async (t) => {
  const { fake, source } = await setup(t)
  fake.fail('iam:GetRole', 'throttled', { times: 1 })
  fake.fail('organizations:DescribePolicy', 'throttled', { times: 1 })
  const a = answer(await source.policiesFor(query))
  t.same(a.unavailable, [], 'answered after retries')
  t.equal(fake.count('iam:GetRole'), 2, 'GetRole tried twice')
  t.equal(a.policies.scp?.flat().length, 10)
})

t.test('throttling past the retries is reported and not cached', async (t) => {
  const { fake, source } = await setup(t)
  fake.fail('iam:GetRole', 'throttled')
  const a = answer(await source.policiesFor({ principal: APP_ROLE }))
  t.match(a.unavailable, [{ scope: 'principal', why: 'throttled', action: 'iam:GetRole' }])
  t.equal(fake.count('iam:GetRole'), 2, 'maxAttempts 2')
  fake.clearFailures()
  const b = answer(await source.policiesFor({ principal: APP_ROLE }))
  t.same(b.unavailable, [], 'the next request reads again: throttling is never cached')
})

t.test('a throttled part of a record fails the record and is not cached (a partial record would look complete)', async (t) => {
  const { fake, source } = await setup(t)
  fake.fail('iam:GetRolePolicy', 'throttled')
  const a = answer(await source.policiesFor({ principal: APP_ROLE }))
  t.match(a.unavailable, [{ scope: 'principal', why: 'throttled', action: 'iam:GetRolePolicy' }])
  t.notOk(a.policies.identity?.length, 'no identity policy is offered as if it were all of them')
  fake.clearFailures()
  const reads = fake.count('iam:GetRole')
  const b = answer(await source.policiesFor({ principal: APP_ROLE }))
  t.same(b.unavailable, [])
  t.equal(fake.count('iam:GetRole'), reads + 1, 'the role is read again: nothing of the throttled read was kept')
})

t.test('a timeout per call', async (t) => {
  const { fake, source: slow } = await liveSource(t, { source: { callTimeoutMs: 200, maxAttempts: 1 } })
  fake.delay('iam:GetRole', 1500)
  const a = answer(await slow.policiesFor({ principal: APP_ROLE }))
  t.match(a.unavailable, [{ scope: 'principal', why: 'error', action: 'iam:GetRole' }])
  t.match(a.unavailable[0].message, /no answer within 200 ms/)
})
