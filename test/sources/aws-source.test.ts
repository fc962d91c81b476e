// The AWS source with the real SDK v3 clients against the fake AWS (real HTTP, real wire protocols) and a real
// Redis: the calls a cold read makes, none when warm, again after invalidation, and the answer's shape.
import t, { type Test } from 'tap'
import { createCache, type Cache } from '../../src/sources/cache/index.js'
import { invalidateCache } from '../../src/sources/invalidate.js'
import type { PolicyAnswer, PolicyResult } from '../../src/sources/ports.js'
import { startFakeAws } from './fake-aws/server.js'
import {
  APP_READ,
  APP_ROLE,
  DEV_BOUNDARY,
  fixture,
  KEY_ARN,
  LAMBDA_BASIC,
  OU_PAYMENTS,
  OU_PROD,
  OU_WORKLOADS,
  PAYMENTS,
  ROOT_ID,
} from './fake-aws/org-fixture.js'
import { awsSourceOn, connectedCache, liveSource, metricLog } from './helpers/live.js'
import { COLD_APP_ROLE_KMS } from './helpers/expected-calls.js'

function answer(r: PolicyResult): PolicyAnswer {
  if (!r.ok) throw new Error(`expected an answer, got ${r.error.code}: ${r.error.message}`)
  return r.answer
}

async function redisCache(t: Test): Promise<Cache> {
  const cache = await connectedCache(t, `iamdx-test:${process.pid}:${Math.random().toString(36).slice(2)}:`)
  t.teardown(() => cache.deletePrefix('').catch(() => undefined))
  return cache
}

const appRoleQuery = { principal: APP_ROLE, resource: KEY_ARN, action: 'kms:Decrypt' }

t.test('a cold read makes the expected calls, a warm one none, and invalidation brings them back', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const cache = await redisCache(t)
  const metrics = metricLog()
  const source = awsSourceOn(fake, cache, { onMetric: metrics.onMetric })
  t.teardown(() => source.close())

  const cold = answer(await source.policiesFor(appRoleQuery))
  t.same(fake.counts(), COLD_APP_ROLE_KMS, 'cold: one call per thing read')
  t.same(fake.repeated(), [], 'no call repeated')
  t.equal(metrics.awsCalls(), fake.total(), 'every AWS call is counted by the metrics callback')

  const p = cold.policies
  t.same(
    p.identity?.map((x) => x.id),
    ['role/app-role/app-inline', APP_READ, LAMBDA_BASIC],
    'identity: inline, then attached managed policies',
  )
  t.equal(p.permissionsBoundary?.id, DEV_BOUNDARY)
  t.same(p.scp?.map((level) => level.map((x) => x.id)), [
    ['p-FullAWSAccess', 'p-denyregions1'],
    ['p-FullAWSAccess', 'p-workloads01'],
    ['p-FullAWSAccess', 'p-prodprotect'],
    ['p-FullAWSAccess', 'p-paykms00001'],
    ['p-FullAWSAccess', 'p-acct3330001'],
  ], 'SCPs root → Workloads → Prod → Payments → account')
  t.same(p.rcp?.map((level) => level.map((x) => x.id)), [['p-RCPFullAWSAccess', 'p-rcporgonly1'], ['p-RCPFullAWSAccess', 'p-rcptls00001'], ['p-RCPFullAWSAccess'], ['p-RCPFullAWSAccess'], ['p-RCPFullAWSAccess']])
  t.equal(p.resource?.id, KEY_ARN, 'the key policy is the resource policy')
  t.same(p.resource?.document, fixture.accounts[PAYMENTS].keys?.[0].policy, 'documents arrive as parsed JSON')
  t.same(p.identity?.[1].document, fixture.accounts[PAYMENTS].policies?.[0].versions.v2, 'the default version (v2) of a managed policy, URL-decoded')
  t.same(cold.unavailable, [])
  t.same(cold.warnings, [])

  const appRead = cold.provenance.find((x) => x.policyId === APP_READ)
  t.match(appRead, { layer: 'identity', source: 'aws', arn: APP_READ, kind: 'managed', versionId: 'v2', fromCache: false })
  t.ok(Number.isFinite(Date.parse(appRead?.fetchedAt ?? '')), 'fetchedAt is a timestamp')
  t.match(cold.provenance.find((x) => x.layer === 'scp' && x.level === 3 && x.policyId === 'p-paykms00001'), { via: OU_PAYMENTS, kind: 'scp', name: 'payments-kms' })
  t.same(
    [...new Set(cold.provenance.filter((x) => x.layer === 'scp').map((x) => x.via))],
    [ROOT_ID, OU_WORKLOADS, OU_PROD, OU_PAYMENTS, PAYMENTS],
    'each SCP names the target it is attached to',
  )
  t.ok(cold.provenance.every((x) => !x.fromCache), 'cold: nothing from cache')

  fake.resetCounts()
  const warm = answer(await source.policiesFor(appRoleQuery))
  t.equal(fake.total(), 0, 'warm: no AWS call')
  t.same(warm.policies, cold.policies, 'the same policies')
  t.ok(warm.provenance.every((x) => x.fromCache), 'warm: everything from cache')
  t.same(warm.provenance.map((x) => x.fetchedAt), cold.provenance.map((x) => x.fetchedAt), 'fetchedAt is when AWS was read')

  const dropped = await invalidateCache(cache, { account: PAYMENTS, kind: 'role', id: 'app-role' })
  t.same(dropped, { ok: true, deleted: 1 })
  const again = answer(await source.policiesFor(appRoleQuery))
  t.same(fake.counts(), { 'iam:GetRole': 1, 'iam:ListRolePolicies': 1, 'iam:GetRolePolicy': 1, 'iam:ListAttachedRolePolicies': 1 }, 'only the role is read again')
  t.same(again.policies, cold.policies)

  fake.resetCounts()
  const all = await invalidateCache(cache, {})
  t.ok(all.ok && all.deleted > 20, `{} drops every read (${all.ok ? all.deleted : 0})`)
  await source.policiesFor(appRoleQuery)
  const { 'sts:AssumeRole': _assumed, ...cold2 } = COLD_APP_ROLE_KMS
  t.same(fake.counts(), cold2, 'after {} everything is read again (credentials are still valid: no AssumeRole)')
})

t.test('invalidation requests', async (t) => {
  const cache = createCache({ ttlSeconds: 60 })
  t.teardown(() => cache.close())
  await cache.set('v1:111111111111:role:app', 1)
  await cache.set('v1:111111111111:role:app-admin', 1)
  await cache.set('v1:111111111111:user:bob', 1)
  await cache.set('v1:org:scp:p-1', 1)
  t.same(await invalidateCache(cache, { account: '111111111111', kind: 'role', id: 'app' }), { ok: true, deleted: 1 }, 'an id is exact')
  t.equal(await cache.get('v1:111111111111:role:app-admin'), 1, 'a longer id survives')
  t.same(await invalidateCache(cache, { account: '111111111111', kind: 'role', id: 'app' }), { ok: true, deleted: 0 })
  t.same(await invalidateCache(cache, { account: '111111111111' }), { ok: true, deleted: 2 })
  t.same(await invalidateCache(cache, { account: 'org', kind: 'scp' }), { ok: true, deleted: 1 })
  t.match(await invalidateCache(cache, { kind: 'role' }), { ok: false, path: '/account' })
  t.match(await invalidateCache(cache, { account: '1', id: 'x' }), { ok: false, path: '/kind' })
  t.match(await invalidateCache(cache, { account: 'a:b' }), { ok: false, path: '/account' })
})

t.test('users: own, group and boundary policies; duplicates listed once; pagination', async (t) => {
  const { fake, source } = await liveSource(t, { fake: { pageSize: 1 } })
  const a = answer(await source.policiesFor({ principal: `arn:aws:iam::${PAYMENTS}:user/eng/alice` }))
  t.same(
    a.policies.identity?.map((x) => x.id),
    ['user/alice/alice-s3', APP_READ, 'group/devs/devs-ec2', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'group/oncall/oncall-logs'],
    "user inline, user managed, each group's inline and managed; app-read (also on oncall) once",
  )
  t.same(a.policies.identity?.[0].document, fixture.accounts[PAYMENTS].users?.[0].inline?.['alice-s3'], 'quotes, spaces, + and & survive encoding')
  t.equal(a.policies.permissionsBoundary?.id, DEV_BOUNDARY)
  t.match(a.provenance.find((x) => x.policyId === 'group/oncall/oncall-logs'), { kind: 'inline', via: 'oncall', name: 'oncall-logs', arn: `arn:aws:iam::${PAYMENTS}:group/ops/oncall` })
  t.equal(a.policies.resource, undefined, 'no resource given: no resource policy')
  t.equal(a.policies.rcp, undefined, 'no resource given: no RCPs')
  t.equal(a.policies.scp?.length, 5)
  t.ok(fake.count('iam:ListGroupsForUser') >= 2 && fake.count('organizations:ListPoliciesForTarget') > 5, 'lists were paged (page size 1)')
  t.same(fake.repeated(), [])
})

t.test('principal kinds and exemptions', async (t) => {
  const { fake, source } = await liveSource(t)

  const session = answer(await source.policiesFor({ principal: `arn:aws:sts::${PAYMENTS}:assumed-role/app-role/build-7` }))
  t.same(session.policies.identity?.map((x) => x.id), ['role/app-role/app-inline', APP_READ, LAMBDA_BASIC], "a session has its role's policies")
  t.same(session.warnings.map((w) => w.code), ['SESSION_POLICIES_UNKNOWN'])
  t.equal(session.policies.session, undefined)

  const mgmt = answer(await source.policiesFor({ principal: 'arn:aws:iam::111111111111:user/admin', resource: 'arn:aws:s3:::mgmt-bucket/x', resourceAccount: '111111111111' }))
  t.equal(mgmt.policies.scp, undefined, 'SCPs do not apply in the management account (R1.3.2)')
  t.equal(mgmt.policies.rcp, undefined, 'RCPs do not apply to its resources (R1.4.2)')
  t.same(mgmt.warnings.map((w) => w.code), ['MANAGEMENT_ACCOUNT_EXEMPT', 'MANAGEMENT_ACCOUNT_EXEMPT'])
  t.match(mgmt.unavailable, [{ scope: 'resource', why: 'notFound', action: 's3:GetBucketPolicy' }], 'a bucket that does not exist')

  const slr = answer(await source.policiesFor({ principal: `arn:aws:iam::${PAYMENTS}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`, resource: KEY_ARN }))
  t.equal(slr.policies.scp, undefined, 'SCPs do not affect service-linked roles (R1.3.3)')
  t.equal(slr.policies.rcp, undefined, 'nor RCPs their calls (R1.4.3)')
  t.same(slr.warnings.map((w) => w.code), ['SERVICE_LINKED_ROLE_EXEMPT'])

  const root = answer(await source.policiesFor({ principal: PAYMENTS }))
  t.equal(root.policies.identity, undefined, 'the root user has no IAM policies')
  t.equal(root.policies.scp?.length, 5, 'SCPs restrict a member account root (R1.3.9)')

  t.match(await source.policiesFor({ principal: 'lambda.amazonaws.com' }), { ok: false, error: { code: 'unsupported-principal', path: '/principal' } })
  t.match(await source.policiesFor({ principal: 'arn:aws:sts::333333333333:federated-user/x' }), { ok: false, error: { code: 'unsupported-principal' } })
  t.match(await source.policiesFor({ principal: 'bob' }), { ok: false, error: { code: 'invalid-principal' } })
  t.match(await source.policiesFor({ principal: APP_ROLE, resource: 'not-an-arn' }), { ok: false, error: { code: 'invalid-resource', path: '/resource' } })

  const missing = answer(await source.policiesFor({ principal: `arn:aws:iam::${PAYMENTS}:role/nobody` }))
  t.match(missing.unavailable, [{ scope: 'principal', why: 'notFound', action: 'iam:GetRole' }], 'a principal that does not exist')
  t.equal(missing.policies.identity, undefined)
})

t.test('resource policies of every kind', async (t) => {
  const { fake, source } = await liveSource(t)
  const acct = fixture.accounts[PAYMENTS]
  const cases: Array<[string, string, unknown, string]> = [
    ['arn:aws:s3:::payments-data/reports/q3.csv', 's3:GetObject', acct.buckets?.[0].policy, 'arn:aws:s3:::payments-data'],
    [`arn:aws:kms:us-east-1:${PAYMENTS}:alias/payments`, 'kms:Decrypt', acct.keys?.[0].policy, KEY_ARN],
    [`arn:aws:sqs:us-east-1:${PAYMENTS}:payments-events`, 'sqs:SendMessage', acct.queues?.[0].policy, `arn:aws:sqs:us-east-1:${PAYMENTS}:payments-events`],
    [`arn:aws:sns:us-east-1:${PAYMENTS}:payments-alerts`, 'sns:Publish', acct.topics?.[0].policy, `arn:aws:sns:us-east-1:${PAYMENTS}:payments-alerts`],
    [`arn:aws:lambda:us-east-1:${PAYMENTS}:function:payments-fn`, 'lambda:InvokeFunction', acct.functions?.[0].policy, `arn:aws:lambda:us-east-1:${PAYMENTS}:function:payments-fn`],
    [`arn:aws:secretsmanager:us-east-1:${PAYMENTS}:secret:payments-db-AbCdEf`, 'secretsmanager:GetSecretValue', acct.secrets?.[0].policy, `arn:aws:secretsmanager:us-east-1:${PAYMENTS}:secret:payments-db-AbCdEf`],
    [APP_ROLE, 'sts:AssumeRole', acct.roles?.[0].trust, APP_ROLE],
  ]
  for (const [resource, action, document, id] of cases) {
    // S3 ARNs carry no account: the caller names it (else the principal's account is assumed).
    const resourceAccount = resource.startsWith('arn:aws:s3:') ? PAYMENTS : undefined
    const a = answer(await source.policiesFor({ principal: `arn:aws:iam::${fixture.homeAccount}:role/auditor`, resource, action, resourceAccount }))
    t.same(a.policies.resource, { id, document }, `${action} on ${resource}`)
    t.same(a.unavailable, [], `${resource}: nothing unavailable`)
    t.equal(a.policies.rcp?.length, 5, `${resource}: the RCPs of the resource account (333), not the caller's`)
  }
  const none = answer(await source.policiesFor({ principal: APP_ROLE, resource: 'arn:aws:s3:::payments-logs', action: 's3:ListBucket' }))
  t.equal(none.policies.resource, undefined, 'a bucket without a policy has no resource policy')
  t.same(none.unavailable, [])
  const roleOther = answer(await source.policiesFor({ principal: APP_ROLE, resource: APP_ROLE, action: 'iam:GetRole' }))
  t.equal(roleOther.policies.resource, undefined, 'a trust policy is the resource policy of sts:AssumeRole* only')
  t.same(fake.repeated(), [], 'the role read for its trust policy and as a principal is read once')
})

t.test('the answer memo returns the same frozen answer until it expires or is forgotten', async (t) => {
  const metrics = metricLog()
  const { fake, cache, source } = await liveSource(t, { source: { answerTtlMs: 60_000, onMetric: metrics.onMetric } })
  const first = answer(await source.policiesFor(appRoleQuery))
  const reads = metrics.events.length
  const second = answer(await source.policiesFor(appRoleQuery))
  t.equal(metrics.events.length, reads, 'no cache read, no AWS call')
  const third = answer(await source.policiesFor(appRoleQuery))
  t.equal(third.policies, second.policies, 'the very same PolicySet object each time')
  t.same(second.policies, first.policies)
  t.ok(Object.isFrozen(second.policies) && Object.isFrozen(second.policies.identity?.[0].document), 'frozen: callers copy before changing')
  t.ok(second.provenance.every((p) => p.fromCache))
  source.forget()
  answer(await source.policiesFor(appRoleQuery))
  t.ok(metrics.events.length > reads, 'forgotten: read from the cache again')

  fake.fail('iam:GetRolePolicy', 'accessDenied')
  const q = { principal: `arn:aws:sts::${PAYMENTS}:assumed-role/app-role/s` }
  await cache.deletePrefix('')
  const partial = answer(await source.policiesFor(q))
  t.equal(partial.unavailable.length, 1)
  const n = metrics.events.length
  await source.policiesFor(q)
  t.ok(metrics.events.length > n, 'an answer with a gap is not memoized')
})
