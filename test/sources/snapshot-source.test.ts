// The snapshot source: `get-account-authorization-details` output per account plus the organization description
// give the same answers as the AWS source, for the same organization; snapshots are validated with located
// problems, loaded from a directory, and shared between replicas through the cache.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { createCache } from '../../src/sources/cache/index.js'
import type { PolicyAnswer, PolicyQuery, PolicyResult } from '../../src/sources/ports.js'
import { createSnapshotSource, loadSnapshotDirectory, SnapshotRegistry } from '../../src/sources/snapshot/index.js'
import { createPolicySources, loadSourcesConfig } from '../../src/sources/index.js'
import { startFakeAws } from './fake-aws/server.js'
import { ALICE, APP_ROLE, fixture, KEY_ARN, MGMT, OU_PAYMENTS, PAYMENTS, REGION, ROOT_ID, TOOLING } from './fake-aws/org-fixture.js'
import { awsSourceOn, connectedCache } from './helpers/live.js'
import { snapshotsOf, type FakeSnapshots } from './helpers/snapshots.js'

function answer(r: PolicyResult): PolicyAnswer {
  if (!r.ok) throw new Error(`expected an answer, got ${r.error.message}`)
  return r.answer
}

const QUERIES: PolicyQuery[] = [
  { principal: APP_ROLE, resource: KEY_ARN, action: 'kms:Decrypt' },
  { principal: ALICE, resource: 'arn:aws:s3:::payments-data/x.csv', action: 's3:GetObject', resourceAccount: PAYMENTS },
  { principal: ALICE, resource: 'arn:aws:s3:::payments-logs', action: 's3:ListBucket', resourceAccount: PAYMENTS },
  { principal: `arn:aws:sts::${PAYMENTS}:assumed-role/app-role/job-1`, resource: `arn:aws:sqs:${REGION}:${PAYMENTS}:payments-events`, action: 'sqs:SendMessage' },
  { principal: `arn:aws:iam::${TOOLING}:role/auditor`, resource: `arn:aws:secretsmanager:${REGION}:${PAYMENTS}:secret:payments-db-AbCdEf`, action: 'secretsmanager:GetSecretValue' },
  { principal: `arn:aws:iam::${TOOLING}:role/auditor`, resource: APP_ROLE, action: 'sts:AssumeRole' },
  { principal: `arn:aws:iam::${TOOLING}:user/bob` },
  { principal: `arn:aws:iam::${MGMT}:user/admin`, resource: `arn:aws:kms:${REGION}:${PAYMENTS}:alias/payments`, action: 'kms:Decrypt' },
  { principal: `arn:aws:iam::${PAYMENTS}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport` },
  { principal: PAYMENTS, resource: `arn:aws:sns:${REGION}:${PAYMENTS}:payments-alerts`, action: 'sns:Publish' },
  { principal: APP_ROLE, resource: `arn:aws:lambda:${REGION}:${PAYMENTS}:function:payments-fn`, action: 'lambda:InvokeFunction' },
  { principal: `arn:aws:iam::${PAYMENTS}:role/nobody` },
]

async function loadAll(store: SnapshotRegistry, snaps: FakeSnapshots): Promise<void> {
  for (const [account, body] of Object.entries(snaps.accounts)) {
    const put = await store.putAccount(account, body)
    if (!put.ok) throw new Error(`${account}: ${JSON.stringify(put.problems)}`)
  }
  const org = await store.putOrganization(snaps.organization)
  if (!org.ok) throw new Error(JSON.stringify(org.problems))
}

/** What must match: the policies, and where each came from apart from when and how it was read. */
function comparable(a: PolicyAnswer) {
  return {
    policies: a.policies,
    provenance: a.provenance.map(({ source: _s, fetchedAt: _f, fromCache: _c, ...rest }) => rest),
    unavailable: a.unavailable.map((u) => [u.scope, u.why]),
    warnings: a.warnings.map((w) => w.code),
  }
}

t.test('the snapshot source gives the same answers as the AWS source', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const cache = createCache({ ttlSeconds: 60 })
  t.teardown(() => cache.close())
  const aws = awsSourceOn(fake, cache)
  t.teardown(() => aws.close())
  const store = new SnapshotRegistry()
  await loadAll(store, await snapshotsOf(fake))
  const snapshot = createSnapshotSource(store)

  for (const q of QUERIES) {
    const fromAws = answer(await aws.policiesFor(q))
    const fromSnapshot = answer(await snapshot.policiesFor(q))
    t.same(comparable(fromSnapshot), comparable(fromAws), `${q.principal}${q.resource ? ` on ${q.resource}` : ''}`)
    t.ok(fromSnapshot.provenance.every((p) => p.source === 'snapshot' && !p.fromCache), 'provenance says snapshot')
  }
  const full = answer(await snapshot.policiesFor(QUERIES[0]))
  t.equal(full.policies.scp?.length, 5, 'the SCP hierarchy of a three-level OU path')
  t.equal(full.policies.identity?.length, 3)
})

t.test('documents as objects (CLI output) read the same as URL-encoded ones (API output)', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const snaps = await snapshotsOf(fake)
  const decoded = JSON.parse(
    JSON.stringify(snaps.accounts[PAYMENTS], (key, value) =>
      ['PolicyDocument', 'Document', 'AssumeRolePolicyDocument'].includes(key) && typeof value === 'string' ? JSON.parse(decodeURIComponent(value)) : value,
    ),
  )
  const [a, b] = [new SnapshotRegistry(), new SnapshotRegistry()]
  t.ok((await a.putAccount(PAYMENTS, snaps.accounts[PAYMENTS])).ok)
  t.ok((await b.putAccount(PAYMENTS, decoded)).ok)
  const qa = answer(await createSnapshotSource(a).policiesFor({ principal: ALICE }))
  const qb = answer(await createSnapshotSource(b).policiesFor({ principal: ALICE }))
  t.same(qb.policies, qa.policies)
  t.equal(qa.policies.identity?.length, 5)
})

t.test('without an organization snapshot the SCP layer is reported unavailable, not silently left out', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const snaps = await snapshotsOf(fake)
  const store = new SnapshotRegistry()
  await store.putAccount(PAYMENTS, snaps.accounts[PAYMENTS])
  const a = answer(await createSnapshotSource(store).policiesFor({ principal: APP_ROLE }))
  t.equal(a.policies.scp, undefined)
  t.match(a.unavailable, [{ scope: 'scp', why: 'notFound', message: /no organization snapshot/ }])
  const other = answer(await createSnapshotSource(store).policiesFor({ principal: `arn:aws:iam::${TOOLING}:role/auditor` }))
  t.match(other.unavailable[0], { scope: 'principal', why: 'notFound', message: /no snapshot of account 222222222222/ })
})

t.test('validation: located problems, nothing stored', async (t) => {
  const store = new SnapshotRegistry()
  t.match(await store.putAccount('12', {}), { ok: false, problems: [{ path: '', message: /12-digit/ }] })
  t.match(await store.putAccount(PAYMENTS, []), { ok: false, problems: [{ path: '' }] })
  t.match(await store.putAccount(PAYMENTS, { Foo: 1 }), { ok: false, problems: [{ path: '', message: /get-account-authorization-details/ }] })
  const bad = await store.putAccount(PAYMENTS, {
    UserDetailList: [{ UserName: 'x', Arn: `arn:aws:iam::${TOOLING}:user/x` }, { Arn: `arn:aws:iam::${PAYMENTS}:user/y` }],
    RoleDetailList: {},
    Policies: [{ PolicyName: 'p', Arn: `arn:aws:iam::${PAYMENTS}:policy/p`, DefaultVersionId: 'v2', PolicyVersionList: [{ VersionId: 'v1', Document: '{}' }] }],
    GroupDetailList: [{ GroupName: 'g', Arn: `arn:aws:iam::${PAYMENTS}:group/g`, GroupPolicyList: [{ PolicyName: 'i', PolicyDocument: 5 }] }],
  })
  t.same(
    bad.ok ? [] : bad.problems.map((p) => p.path),
    ['/GroupDetailList/0/GroupPolicyList/0/PolicyDocument', '/UserDetailList/0/Arn', '/UserDetailList/1/UserName', '/RoleDetailList', '/Policies/0/PolicyVersionList'],
  )
  t.same(await store.list(), [], 'nothing stored')

  const org = (over: Record<string, unknown>) => ({
    managementAccountId: MGMT,
    root: { id: ROOT_ID, policies: ['p-FullAWSAccess'] },
    organizationalUnits: [{ id: OU_PAYMENTS, parentId: ROOT_ID }],
    accounts: [
      { id: MGMT, parentId: ROOT_ID },
      { id: PAYMENTS, parentId: OU_PAYMENTS, policies: ['p-FullAWSAccess'] },
    ],
    policies: [{ id: 'p-FullAWSAccess', name: 'FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', document: { Version: '2012-10-17', Statement: [] } }],
    ...over,
  })
  t.ok((await store.putOrganization(org({}))).ok, 'a minimal organization')
  const problems = async (over: Record<string, unknown>) => {
    const r = await store.putOrganization(org(over))
    return r.ok ? [] : r.problems.map((p) => `${p.path} ${p.message}`)
  }
  t.match(await problems({ managementAccountId: '999999999999' }), [/^\/managementAccountId .*not in accounts/])
  t.match(await problems({ accounts: [{ id: MGMT, parentId: 'ou-ab12-missing00' }] }), [/^\/accounts\/0\/parentId parent "ou-ab12-missing00"/])
  t.match(await problems({ root: { id: ROOT_ID, policies: ['p-nosuchpolicy'] } }), [/^\/root\/policies\/0 p-nosuchpolicy is not in policies/])
  t.match(await problems({ policies: [{ id: 'p-FullAWSAccess', type: 'TAG_POLICY', document: {} }] }), [/^\/policies\/0\/type/])
  t.match(
    await problems({ organizationalUnits: [{ id: 'ou-ab12-aaaaaaaa', parentId: 'ou-ab12-bbbbbbbb' }, { id: 'ou-ab12-bbbbbbbb', parentId: 'ou-ab12-aaaaaaaa' }], accounts: [{ id: MGMT, parentId: 'ou-ab12-aaaaaaaa' }] }),
    [/^\/accounts\/0\/parentId .*do not reach the root/],
    'a loop',
  )
})

t.test('loading a directory: <account>.json and organization.json; bad files reported', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const snaps = await snapshotsOf(fake)
  const dir = await mkdtemp(join(tmpdir(), 'iamdx-snapshots-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  for (const [account, body] of Object.entries(snaps.accounts)) await writeFile(join(dir, `${account}.json`), JSON.stringify(body))
  await writeFile(join(dir, 'organization.json'), JSON.stringify(snaps.organization))
  await writeFile(join(dir, '444444444444.json'), '{ not json')
  await writeFile(join(dir, 'README.md'), 'ignored')
  const store = new SnapshotRegistry()
  const load = await loadSnapshotDirectory(store, dir)
  t.same(load.loaded.map((s) => s.id), [MGMT, TOOLING, PAYMENTS, 'organization'])
  t.match(load.failed, [{ file: join(dir, '444444444444.json'), problems: [{ message: /not JSON/ }] }])
  t.match(load.loaded[2], { counts: { users: 1, groups: 2, roles: 2, policies: 4 }, shared: false })
  const a = answer(await createSnapshotSource(store).policiesFor(QUERIES[0]))
  t.equal(a.policies.scp?.length, 5)
  t.match(await loadSnapshotDirectory(store, join(dir, 'missing')), { loaded: [], failed: [{ problems: [{ message: /cannot read the snapshot directory/ }] }] })

  // The factory loads IAMDX_SNAPSHOT_DIR at start.
  const loaded = loadSourcesConfig({ IAMDX_SNAPSHOT_DIR: dir, IAMDX_AWS_SOURCE: 'off' })
  if (!loaded.ok) throw new Error(loaded.errors.join())
  const cache = createCache({ ttlSeconds: 60 })
  t.teardown(() => cache.close())
  const sources = await createPolicySources(loaded.config, cache)
  t.teardown(() => sources.close())
  t.equal(sources.aws, undefined, 'IAMDX_AWS_SOURCE=off: no AWS source')
  t.equal(sources.snapshotLoad?.loaded.length, 4)
  t.equal(answer(await sources.snapshot.policiesFor(QUERIES[0])).policies.scp?.length, 5)
})

t.test('replicas share snapshots through Redis', async (t) => {
  const fake = await startFakeAws(fixture)
  t.teardown(() => fake.close())
  const snaps = await snapshotsOf(fake)
  const prefix = `iamdx-test:${process.pid}:snap:${Math.random().toString(36).slice(2)}:`
  const [c1, c2] = await Promise.all([connectedCache(t, prefix), connectedCache(t, prefix)])
  t.teardown(() => c1.deletePrefix(''))
  const one = new SnapshotRegistry({ cache: c1 })
  const two = new SnapshotRegistry({ cache: c2, refreshMs: 0 })
  const put = await one.putAccount(PAYMENTS, snaps.accounts[PAYMENTS])
  t.match(put, { ok: true, summary: { id: PAYMENTS, shared: true } })
  await one.putOrganization(snaps.organization)
  const seen = answer(await createSnapshotSource(two).policiesFor(QUERIES[0]))
  t.equal(seen.policies.identity?.length, 3, 'the other replica answers from the upload')
  t.equal(seen.policies.scp?.length, 5)
  t.same((await two.list()).map((s) => s.id), [PAYMENTS, 'organization'])

  // A newer upload to one replica replaces what the other holds.
  const changed = structuredClone(snaps.accounts[PAYMENTS]) as { RoleDetailList: Array<{ RoleName: string; RolePolicyList: unknown[] }> }
  changed.RoleDetailList.find((r) => r.RoleName === 'app-role')!.RolePolicyList = []
  await one.putAccount(PAYMENTS, changed)
  const after = answer(await createSnapshotSource(two).policiesFor(QUERIES[0]))
  t.equal(after.policies.identity?.length, 2, 'the inline policy is gone on the other replica too')

  const invalid = await two.putAccount(PAYMENTS, { UserDetailList: 'nope' })
  t.equal(invalid.ok, false)
  t.equal(answer(await createSnapshotSource(one).policiesFor(QUERIES[0])).policies.identity?.length, 2, 'an invalid upload replaces nothing')
})
