// `"source": "aws" | "snapshot"` in place of `policies` (API.md "Sources and cache") on POST /v1/evaluate and
// POST /v1/explain: the real SDK clients on the fake AWS gather the PolicySet in force; the response carries its
// provenance and the organization keys AWS sets (aws:PrincipalOrgID, …); the snapshot source answers the same.
import t from 'tap'
import { startFakeAws } from './fake-aws/server.js'
import { ALICE, APP_ROLE, fixture, KEY_ARN, ORG_ID, OU_PAYMENTS, OU_PROD, OU_WORKLOADS, PAYMENTS, ROOT_ID } from './fake-aws/org-fixture.js'
import { snapshotsOf } from './helpers/snapshots.js'
import { sourcesApp } from './helpers/sources-app.js'

const decrypt = (principal: string) => ({ principal, action: 'kms:Decrypt', resource: KEY_ARN })
const ORG_PATH = `${ORG_ID}/${ROOT_ID}/${OU_WORKLOADS}/${OU_PROD}/${OU_PAYMENTS}/`

t.test('evaluate and explain with source aws: the policies in force, their provenance, the organization keys', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const app = await sourcesApp(t, fake)

  const ev = await app.inject({ method: 'POST', url: '/v1/evaluate', payload: { request: decrypt(APP_ROLE), source: 'aws' } })
  t.equal(ev.statusCode, 200, ev.body.slice(0, 400))
  const body = ev.json()
  // The RCP at the root denies kms:* to principals outside the organization (StringNotEqualsIfExists
  // aws:PrincipalOrgID): the role is inside, which only the organization key the source adds can tell.
  t.equal(body.decision, 'allowed')
  t.equal(body.sources.source, 'aws')
  t.same(body.sources.context, {
    'aws:PrincipalTag/team': 'payments',
    'aws:ResourceTag/team': 'payments',
    'aws:ResourceTag/classification': 'restricted',
    'aws:PrincipalOrgID': ORG_ID,
    'aws:PrincipalOrgPaths': [ORG_PATH],
    'aws:ResourceOrgID': ORG_ID,
    'aws:ResourceOrgPaths': [ORG_PATH],
  })
  t.equal(body.sources.provenance.length, 22, 'identity, boundary, SCP levels, key policy, RCP levels')
  t.ok(body.sources.provenance.some((p: { kind: string }) => p.kind === 'keyPolicy'))
  t.same(body.sources.unavailable, [])
  const layers = body.layers.map((l: { layer: string }) => l.layer)
  t.same(layers.sort(), ['identity', 'permissionsBoundary', 'rcp', 'resource', 'scp'])

  // The same judgement as sending the fetched policies with the same context yourself.
  const got = await app.inject({ url: `/v1/principals/${encodeURIComponent(APP_ROLE)}/policies?resource=${encodeURIComponent(KEY_ARN)}&action=kms:Decrypt` })
  const fetched = got.json()
  t.same(fetched.context, body.sources.context, 'GET /v1/principals lists the same context keys')
  const inline = await app.inject({ method: 'POST', url: '/v1/evaluate', payload: { request: { ...decrypt(APP_ROLE), context: fetched.context }, policies: fetched.policies } })
  t.equal(inline.json().decision, 'allowed')
  const { sources: _s, ...withoutSources } = body
  t.same(inline.json(), withoutSources, 'same record as with the policies inline')

  // Without the organization keys the RCP would deny: the source's context is what decides here.
  const bare = await app.inject({ method: 'POST', url: '/v1/evaluate', payload: { request: decrypt(APP_ROLE), policies: fetched.policies } })
  t.equal(bare.json().decision, 'explicitDeny')

  const calls = fake.total()
  const ex = await app.inject({ method: 'POST', url: '/v1/explain', payload: { request: decrypt(ALICE), source: 'aws' } })
  t.equal(ex.statusCode, 200, ex.body.slice(0, 400))
  const diag = ex.json()
  t.equal(diag.decision, 'implicitDeny')
  t.match(diag.message, /because no identity-based policy allows the kms:Decrypt action$/)
  t.ok(diag.findings.some((f: { code: string }) => f.code === 'NO_MATCHING_ALLOW'))
  t.equal(diag.request.context['aws:PrincipalOrgID'], ORG_ID, 'the request as judged shows the keys added')
  t.equal(diag.request.context['aws:PrincipalTag/cost-center'], 'cc 42', "and the user's IAM tags")
  t.ok(diag.sources.provenance.some((p: { fromCache: boolean }) => p.fromCache), 'the organization reads came from the cache')
  t.ok(fake.total() > calls, 'alice was read')

  const again = fake.total()
  const text = await app.inject({ method: 'POST', url: '/v1/explain?format=text', payload: { request: decrypt(ALICE), source: 'aws' } })
  t.equal(fake.total(), again, 'a warm diagnosis makes no AWS call')
  t.match(text.body, /Policies: \d+ read from AWS \(\d+ from cache\)/)
  t.match(text.body, /context from the source: aws:PrincipalOrgID = o-exampleorg1/)

  // The caller's own context keys win (compared case-insensitively) and are not reported as added.
  const own = await app.inject({ method: 'POST', url: '/v1/evaluate', payload: { request: { ...decrypt(APP_ROLE), context: { 'AWS:principalorgid': 'o-someoneelse' } }, source: 'aws' } })
  t.equal(own.json().decision, 'explicitDeny', 'a principal outside the organization is denied by the RCP')
  t.notOk('aws:PrincipalOrgID' in own.json().sources.context)

  // What AWS users have: the AccessDenied text, judged against the live policies.
  const msg = `User: ${ALICE} is not authorized to perform: kms:Decrypt on resource: ${KEY_ARN} because no identity-based policy allows the kms:Decrypt action`
  const ingested = await app.inject({ method: 'POST', url: '/v1/explain', payload: { errorMessage: msg, source: 'aws' } })
  t.equal(ingested.statusCode, 200, ingested.body.slice(0, 300))
  t.equal(ingested.json().decision, 'implicitDeny')
  t.notOk(ingested.json().findings.some((f: { code: string }) => f.code === 'REPORTED_CAUSE_DISAGREES'), 'AWS and iamdx agree')
})

t.test("the principal's IAM tags judge ABAC statements as AWS would", async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const app = await sourcesApp(t, fake)
  // app-role is tagged team=payments; its TeamQueues statement allows queues named ${aws:PrincipalTag/team}-*.
  const send = (queue: string, context?: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/v1/evaluate',
      payload: { source: 'aws', request: { principal: APP_ROLE, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${PAYMENTS}:${queue}`, context: { 'aws:SecureTransport': 'true', ...context } } },
    })
  const own = await send('payments-events')
  t.equal(own.statusCode, 200, own.body.slice(0, 300))
  t.equal(own.json().sources.context['aws:PrincipalTag/team'], 'payments')
  t.ok(own.json().matchedStatements.some((s: { sid?: string }) => s.sid === 'TeamQueues'), 'allowed by the ABAC statement')
  const other = (await send('billing-events')).json()
  t.notOk(other.matchedStatements?.some((s: { sid?: string }) => s.sid === 'TeamQueues'), "another team's queue is not")
  const told = (await send('billing-events', { 'aws:PrincipalTag/team': 'billing' })).json()
  t.ok(told.matchedStatements.some((s: { sid?: string }) => s.sid === 'TeamQueues'), "the caller's own context wins over the role's tag (a session tag)")
})

t.test('the snapshot source gives the same judgement as the AWS source', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const snaps = await snapshotsOf(fake)
  const app = await sourcesApp(t, fake)
  for (const [account, details] of Object.entries(snaps.accounts)) {
    t.equal((await app.inject({ method: 'PUT', url: `/v1/snapshots/${account}`, payload: details as object })).statusCode, 200)
  }
  t.equal((await app.inject({ method: 'PUT', url: '/v1/snapshots/organization', payload: snaps.organization as object })).statusCode, 200)
  const requests = [
    decrypt(APP_ROLE),
    decrypt(ALICE),
    { principal: APP_ROLE, action: 's3:GetObject', resource: 'arn:aws:s3:::payments-data/x', resourceAccount: PAYMENTS },
    { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::payments-data/x', context: { 'aws:SecureTransport': true, 'aws:RequestedRegion': 'us-east-1' } },
  ]
  for (const request of requests) {
    const [aws, snap] = await Promise.all(['aws', 'snapshot'].map((source) => app.inject({ method: 'POST', url: '/v1/explain', payload: { request, source } })))
    t.equal(aws.statusCode, 200, aws.body.slice(0, 300))
    t.equal(snap.statusCode, 200, snap.body.slice(0, 300))
    const a = aws.json()
    const s = snap.json()
    t.equal(s.sources.source, 'snapshot')
    t.equal(s.decision, a.decision, `${request.principal} ${request.action}: ${a.decision}`)
    t.same(s.findings.map((f: { code: string }) => f.code), a.findings.map((f: { code: string }) => f.code))
    t.same(s.sources.context, a.sources.context)
    t.same(s.evaluation.layers, a.evaluation.layers)
  }
})

t.test('bad choices are 4xx problems pointing at the field', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const app = await sourcesApp(t, fake)
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload })
  for (const url of ['/v1/evaluate', '/v1/explain']) {
    const both = await post(url, { request: decrypt(APP_ROLE), source: 'aws', policies: {} })
    t.equal(both.statusCode, 400)
    t.same(both.json().errors.map((e: { path: string }) => e.path), ['/policies', '/source'])
    const neither = await post(url, { request: decrypt(APP_ROLE) })
    t.equal(neither.statusCode, 400)
    t.same(neither.json().errors.map((e: { path: string }) => e.path), ['/policies'])
    const badSource = await post(url, { request: decrypt(APP_ROLE), source: 'ldap' })
    t.equal(badSource.statusCode, 400)
    t.match(badSource.json().errors, [{ path: '/source' }])
    const missing = await post(url, { request: decrypt(`arn:aws:iam::${PAYMENTS}:role/nobody`), source: 'aws' })
    t.equal(missing.statusCode, 404, missing.body)
    t.match(missing.json(), { type: 'urn:iamdx:problem:principal-not-found', errors: [{ path: '/request/principal' }] })
    const service = await post(url, { request: { ...decrypt('lambda.amazonaws.com') }, source: 'aws' })
    t.equal(service.statusCode, 400, service.body)
    t.match(service.json(), { errors: [{ path: '/request/principal' }] })
  }
  const off = await sourcesApp(t, fake, { env: { IAMDX_AWS_SOURCE: 'off' } })
  const disabled = await off.inject({ method: 'POST', url: '/v1/evaluate', payload: { request: decrypt(APP_ROLE), source: 'aws' } })
  t.equal(disabled.statusCode, 400)
  t.match(disabled.json(), { type: 'urn:iamdx:problem:source-disabled', errors: [{ path: '/source' }] })
})

t.test('a remembered diagnosis carries the provenance of the answer it was made from', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const app = await sourcesApp(t, fake, { env: { IAMDX_ANSWER_TTL_MS: '60000' } })
  const ask = () => app.inject({ method: 'POST', url: '/v1/explain', payload: { request: decrypt(ALICE), source: 'aws' } })
  const cold = (await ask()).json()
  t.ok(cold.sources.provenance.some((p: { fromCache: boolean }) => !p.fromCache), 'the first answer read AWS')
  const warm = await ask()
  const again = await ask()
  t.equal(warm.headers['content-type'], 'application/json; charset=utf-8')
  t.ok(warm.json().sources.provenance.every((p: { fromCache: boolean }) => p.fromCache), 'later answers say they came from the cache')
  t.equal(again.body, warm.body, 'the same body while the answer holds')
  const { sources: _a, ...coldDiagnosis } = cold
  const { sources: _b, ...warmDiagnosis } = warm.json()
  t.same(warmDiagnosis, coldDiagnosis, 'the same diagnosis')
  await app.inject({ method: 'POST', url: '/v1/cache/invalidate', payload: {} })
  const calls = fake.total()
  t.equal((await ask()).statusCode, 200)
  t.ok(fake.total() > calls, 'after an invalidation the policies are read again, and diagnosed again')
})
