// The sources routes over HTTP (app.inject) with the real SDK clients on the fake AWS and a real Redis:
// GET /v1/principals/{arn}/policies, POST /v1/cache/invalidate, PUT/GET /v1/snapshots, problem+json failures.
import t from 'tap'
import { startFakeAws } from './fake-aws/server.js'
import { ALICE, APP_ROLE, fixture, KEY_ARN, MGMT, PAYMENTS } from './fake-aws/org-fixture.js'
import { freePort, REDIS_URL } from './helpers/redis-server.js'
import { snapshotsOf } from './helpers/snapshots.js'
import { sourcesApp } from './helpers/sources-app.js'

const url = (arn: string, query: Record<string, string> = {}) => {
  const q = new URLSearchParams(query).toString()
  return `/v1/principals/${encodeURIComponent(arn)}/policies${q ? `?${q}` : ''}`
}

t.test('GET /v1/principals/{arn}/policies: fetched, then served from Redis; invalidation; metrics', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  // The answer memo off: each request goes to Redis (the memo has its own test below).
  const app = await sourcesApp(t, fake, { app: { redisUrl: REDIS_URL }, env: { IAMDX_ANSWER_TTL_MS: '0' } })
  t.teardown(() => app.inject({ method: 'POST', url: '/v1/cache/invalidate', payload: {} }))

  const cold = await app.inject({ url: url(APP_ROLE, { resource: KEY_ARN, action: 'kms:Decrypt' }) })
  t.equal(cold.statusCode, 200, cold.body)
  t.ok(cold.headers['x-request-id'])
  const body = cold.json()
  t.equal(body.principal, APP_ROLE)
  t.equal(body.source, 'aws')
  t.same(Object.keys(body.policies).sort(), ['identity', 'permissionsBoundary', 'rcp', 'resource', 'scp'])
  t.equal(body.policies.scp.length, 5)
  t.equal(body.provenance.length, 3 + 1 + 10 + 1 + 7, "identity, boundary, SCPs, key policy, RCPs")
  t.ok(body.provenance.every((p: { fromCache: boolean }) => !p.fromCache))
  const calls = fake.total()

  const warm = await app.inject({ url: url(APP_ROLE, { resource: KEY_ARN, action: 'kms:Decrypt' }) })
  t.equal(fake.total(), calls, 'warm: no AWS call')
  t.ok(warm.json().provenance.every((p: { fromCache: boolean }) => p.fromCache), 'everything from cache')
  t.same(warm.json().policies, body.policies)

  const metrics = (await app.inject({ url: '/metrics' })).body
  t.match(metrics, /iamdx_aws_calls_total\{operation="organizations:ListParents",outcome="ok"\} 4/, 'AWS calls by operation')
  t.match(metrics, /iamdx_source_cache_total\{kind="role",result="miss"\} 1/)
  t.match(metrics, /iamdx_source_cache_total\{kind="role",result="hit"\} 1/)

  const inv = await app.inject({ method: 'POST', url: '/v1/cache/invalidate', payload: { account: PAYMENTS, kind: 'role', id: 'app-role' } })
  t.equal(inv.statusCode, 200)
  t.same(inv.json(), { deleted: 1 })
  await app.inject({ url: url(APP_ROLE, { resource: KEY_ARN, action: 'kms:Decrypt' }) })
  t.equal(fake.total(), calls + 4, 'the role is read again (GetRole, two lists, one inline policy)')

  const bad = await app.inject({ method: 'POST', url: '/v1/cache/invalidate', payload: { kind: 'role' } })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { type: 'urn:iamdx:problem:invalid-request', errors: [{ path: '/account' }] })
  const extra = await app.inject({ method: 'POST', url: '/v1/cache/invalidate', payload: { account: PAYMENTS, nope: 1 } })
  t.equal(extra.statusCode, 400, 'unknown fields are rejected')
})

t.test('the answer memo: warm requests read nothing; an invalidation through this replica drops it', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const app = await sourcesApp(t, fake, { env: { IAMDX_ANSWER_TTL_MS: '60000' } })
  const path = url(APP_ROLE, { resource: KEY_ARN, action: 'kms:Decrypt' })
  const cold = await app.inject({ url: path })
  const reads = async () => {
    const m = (await app.inject({ url: '/metrics' })).body
    return [...m.matchAll(/^iamdx_source_cache_total\{[^}]*\} (\d+)/gm)].reduce((n, x) => n + Number(x[1]), 0)
  }
  const before = await reads()
  const warm = await app.inject({ url: path })
  t.equal(await reads(), before, 'no cache read at all')
  t.same(warm.json().policies, cold.json().policies)
  t.ok(warm.json().provenance.every((p: { fromCache: boolean }) => p.fromCache))
  await app.inject({ method: 'POST', url: '/v1/cache/invalidate', payload: { account: 'org', kind: 'scp', id: 'p-prodprotect' } })
  fake.resetCounts()
  await app.inject({ url: path })
  t.same(fake.counts(), { 'organizations:DescribePolicy': 1 }, 'after invalidation the dropped SCP is read again at once')
})

t.test('problems: bad principal 400, missing 404, iamdx denied 502 naming the action, throttled 503', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const app = await sourcesApp(t, fake)

  const invalid = await app.inject({ url: url('not-an-arn') })
  t.equal(invalid.statusCode, 400)
  t.match(invalid.headers['content-type'], /application\/problem\+json/)
  t.match(invalid.json(), { type: 'urn:iamdx:problem:invalid-principal', errors: [{ path: '/arn', location: 'params', code: 'invalid-principal' }] })

  const badResource = await app.inject({ url: url(APP_ROLE, { resource: 'bucket' }) })
  t.match(badResource.json(), { status: 400, errors: [{ path: '/resource', location: 'querystring' }] })

  const missing = await app.inject({ url: url(`arn:aws:iam::${PAYMENTS}:role/nobody`) })
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { type: 'urn:iamdx:problem:principal-not-found', errors: [{ path: '/arn', code: 'iam:GetRole' }] })

  fake.fail('iam:GetUser', 'accessDenied')
  const denied = await app.inject({ url: url(ALICE) })
  t.equal(denied.statusCode, 502)
  t.match(denied.json(), { type: 'urn:iamdx:problem:iamdx-access-denied', detail: /iamdx is not allowed to call iam:GetUser/, errors: [{ code: 'iam:GetUser' }] })

  fake.fail('iam:GetRole', 'throttled', { account: PAYMENTS })
  const throttled = await app.inject({ url: url(`arn:aws:sts::${PAYMENTS}:assumed-role/app-role/s1`) })
  t.equal(throttled.statusCode, 503)
  t.equal(throttled.headers['retry-after'], '5')
  t.match(throttled.json(), { type: 'urn:iamdx:problem:aws-throttled' })

  fake.clearFailures()
  fake.fail('iam:GetRolePolicy', 'accessDenied')
  const partial = await app.inject({ url: url(APP_ROLE) })
  t.equal(partial.statusCode, 200, 'a policy iamdx may not read is listed, the rest answered')
  t.match(partial.json().unavailable, [{ scope: 'identity', why: 'accessDenied', action: 'iam:GetRolePolicy' }])

  const unknownSource = await app.inject({ url: url(APP_ROLE, { source: 'cloud' }) })
  t.equal(unknownSource.statusCode, 400)
})

t.test('snapshots: upload, validate, list, and answer with source=snapshot like the AWS source', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const snaps = await snapshotsOf(fake)
  const app = await sourcesApp(t, fake)

  for (const [account, details] of Object.entries(snaps.accounts)) {
    const put = await app.inject({ method: 'PUT', url: `/v1/snapshots/${account}`, payload: details as object })
    t.equal(put.statusCode, 200, `${account}: ${put.body.slice(0, 200)}`)
    t.match(put.json(), { snapshot: { id: account, shared: true } }, 'stored in the shared cache too')
  }
  const org = await app.inject({ method: 'PUT', url: '/v1/snapshots/organization', payload: snaps.organization as object })
  t.equal(org.statusCode, 200, org.body.slice(0, 300))
  t.match(org.json(), { snapshot: { id: 'organization', counts: { accounts: 3, organizationalUnits: 4, policies: 9 } } })

  const list = await app.inject({ url: '/v1/snapshots' })
  t.same(list.json().snapshots.map((s: { id: string }) => s.id), [MGMT, '222222222222', PAYMENTS, 'organization'])

  const q = { resource: KEY_ARN, action: 'kms:Decrypt' }
  const fromSnapshot = await app.inject({ url: url(APP_ROLE, { ...q, source: 'snapshot' }) })
  const fromAws = await app.inject({ url: url(APP_ROLE, q) })
  t.equal(fromSnapshot.statusCode, 200)
  t.same(fromSnapshot.json().policies, fromAws.json().policies, 'the same PolicySet')
  t.equal(fromSnapshot.json().source, 'snapshot')

  const badAccount = await app.inject({ method: 'PUT', url: '/v1/snapshots/12345', payload: {} })
  t.equal(badAccount.statusCode, 400)
  t.match(badAccount.json(), { errors: [{ path: '/account', location: 'params' }] })

  const badDetails = await app.inject({ method: 'PUT', url: `/v1/snapshots/${PAYMENTS}`, payload: { UserDetailList: [{ UserName: 'x', Arn: `arn:aws:iam::${MGMT}:user/x` }] } })
  t.equal(badDetails.statusCode, 400)
  t.match(badDetails.json(), { type: 'urn:iamdx:problem:invalid-snapshot', errors: [{ path: '/UserDetailList/0/Arn', message: /not in account 333333333333/ }] })

  const badOrg = await app.inject({ method: 'PUT', url: '/v1/snapshots/organization', payload: { managementAccountId: MGMT, root: { id: 'r-ab12' }, accounts: [{ id: MGMT, parentId: 'ou-ab12-nowhere00' }], policies: [] } })
  t.equal(badOrg.statusCode, 400)
  t.match(badOrg.json(), { type: 'urn:iamdx:problem:invalid-snapshot', errors: [{ path: '/accounts/0/parentId' }] })
  const schemaOrg = await app.inject({ method: 'PUT', url: '/v1/snapshots/organization', payload: { root: {} } })
  t.equal(schemaOrg.statusCode, 400, 'the wire schema rejects what is not an organization')

  const stillThere = await app.inject({ url: url(APP_ROLE, { ...q, source: 'snapshot' }) })
  t.same(stillThere.json().policies, fromAws.json().policies, 'invalid uploads replaced nothing')
})

t.test('the AWS source turned off; an invalidation with Redis unreachable is a 503', async (t) => {
  const app = await sourcesApp(t, undefined, { env: { IAMDX_AWS_SOURCE: 'off' }, app: { redisUrl: `redis://127.0.0.1:${await freePort()}` } })
  const off = await app.inject({ url: url(APP_ROLE) })
  t.equal(off.statusCode, 400)
  t.match(off.json(), { type: 'urn:iamdx:problem:source-disabled', errors: [{ path: '/source', location: 'querystring' }] })
  const snap = await app.inject({ url: url(APP_ROLE, { source: 'snapshot' }) })
  t.equal(snap.statusCode, 404, 'no snapshot of the account: not found')
  t.match(snap.json().detail, /no snapshot of account 333333333333/)
  const inv = await app.inject({ method: 'POST', url: '/v1/cache/invalidate', payload: {} })
  t.equal(inv.statusCode, 503)
  t.match(inv.json(), { type: 'urn:iamdx:problem:cache-unavailable' })
})

t.test('the routes are in the OpenAPI document', async (t) => {
  const app = await sourcesApp(t, undefined)
  const res = await app.inject({ url: '/openapi.json' })
  t.equal(res.statusCode, 200)
  const doc = res.json()
  t.ok(doc.paths['/v1/principals/{arn}/policies']?.get, 'GET /v1/principals/{arn}/policies')
  t.ok(doc.paths['/v1/cache/invalidate']?.post)
  t.ok(doc.paths['/v1/snapshots/{account}']?.put)
  t.ok(doc.paths['/v1/snapshots/organization']?.put)
  t.ok(doc.paths['/v1/snapshots']?.get)
  t.ok(doc.paths['/v1/principals/{arn}/policies'].get.responses['502'], 'the 502 of iamdx denied is documented')
})
