// Fixes as data: applying them never touches the policies given, a plan's fixes applied together give its decision,
// and no fix is offered that re-evaluation does not confirm.
import t from 'tap'
import fc from 'fast-check'
import { applyFixes, type Fix } from '../../src/explain/index.js'
import { evaluateRequest, type PolicySet, type Request } from '../../src/engine/index.js'
import { ALICE, SESSION, codes, doc, explain, now } from './fixtures/helpers.js'

const fix = (over: Partial<Fix>): Fix => ({
  layer: 'identity', policyId: 'p', policyIndex: 0, action: 'addStatement', statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
  description: '', verified: true, decisionAfter: 'allowed', ...over,
})

t.test('applyFixes copies what it changes, shares the rest, and returns the same set for the same fixes', async (t) => {
  const set: PolicySet = {
    identity: [{ id: 'p', document: doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }) }, { id: 'q', document: doc() }],
    resource: { id: 'bp', document: doc() },
  }
  const before = JSON.stringify(set)
  const f = fix({})
  const out = applyFixes(set, [f])
  t.equal(JSON.stringify(set), before, 'the input is not mutated')
  t.equal((out.identity![0].document as { Statement: unknown[] }).Statement.length, 2)
  t.equal(out.identity![1], set.identity![1], 'untouched policies are shared')
  t.equal(out.resource, set.resource)
  t.equal(applyFixes(set, [f]), out, 'the same fix on the same set gives the same set (so the engine finds it prepared)')
})

t.test('applyFixes handles every action and absent layers', async (t) => {
  const set: PolicySet = { identity: [{ id: 'p', document: JSON.stringify(doc({ Sid: 'D', Effect: 'Deny', Action: 's3:*', Resource: '*' })) }] }
  const replaced = applyFixes(set, [fix({ action: 'addCondition', index: 0, statement: { Sid: 'D', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': [ALICE] } } } })])
  t.same((replaced.identity![0].document as { Statement: object[] }).Statement, [{ Sid: 'D', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': [ALICE] } } }], 'a document given as JSON text is decoded and edited')
  const added = applyFixes({}, [
    fix({ layer: 'scp', level: 1, policyIndex: undefined, action: 'addPolicy', policyId: 'new-scp' }),
    fix({ layer: 'resource', policyIndex: undefined, action: 'addPolicy', policyId: 'rp', statement: { Effect: 'Allow', Principal: { AWS: ALICE }, Action: 's3:GetObject', Resource: '*' } }),
    fix({ layer: 'session', policyIndex: undefined, action: 'addPolicy', policyId: 'sp' }),
  ])
  t.same(added.scp?.map((l) => l.map((p) => p.id)), [[], ['new-scp']])
  t.equal(added.resource?.id, 'rp')
  t.equal(added.session?.[0].id, 'sp')
})

t.test('an action that looks like a typo of a known one gets a warning and no policy fixes', async (t) => {
  const d = explain({ principal: ALICE, action: 's3:GetObjcet', resource: 'arn:aws:s3:::b/k' }, { identity: [{ id: 'p', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }] })
  t.equal(d.findings[0].code, 'ACTION_MISMATCH')
  t.equal(d.findings[0].severity, 'warning')
  t.match(d.findings[0].message, /s3:GetObjcet is not an action .* did you mean s3:GetObject\?/)
  t.notOk(d.findings.some((f) => f.fix), 'no fix grants an action that does not exist')
})

t.test('the plan: one fix per denying layer, applied together, re-evaluated', async (t) => {
  const d = explain({ principal: SESSION, action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' }, {
    identity: [{ id: 'role', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) }],
    permissionsBoundary: { id: 'boundary', document: doc({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }) },
    session: [{ id: 'session', document: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }],
  })
  t.same(codes(d).filter((c) => c !== 'ACTION_MISMATCH'), ['NO_MATCHING_ALLOW', 'PERMISSIONS_BOUNDARY_LIMIT', 'SESSION_POLICY_LIMIT'])
  t.same(d.fixPlan?.steps.map((i) => d.findings[i].fix!.layer), ['identity', 'permissionsBoundary', 'session'])
  t.equal(d.fixPlan?.decisionAfter, 'allowed')
  const set = applyFixes({
    identity: [{ id: 'role', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) }],
    permissionsBoundary: { id: 'boundary', document: doc({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }) },
    session: [{ id: 'session', document: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }],
  }, d.fixPlan!.steps.map((i) => d.findings[i].fix!))
  t.equal(evaluateRequest({ principal: SESSION, action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' }, set, { now }).evaluation?.decision, 'allowed')
  const last = d.findings[d.fixPlan!.steps[2]].fix!
  t.same(last.requires, d.fixPlan!.steps.slice(0, 2), 'the last fix was verified with the earlier steps applied')
})

t.test('property: every fix offered is true to its decisionAfter, never grants Action "*", and never deletes a deny', async (t) => {
  const actions = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'kms:Decrypt', 'ec2:StartInstances']
  const resources: Record<string, string> = {
    's3:GetObject': 'arn:aws:s3:::b/k', 's3:PutObject': 'arn:aws:s3:::b/k', 's3:ListBucket': 'arn:aws:s3:::b',
    'kms:Decrypt': 'arn:aws:kms:us-east-1:111122223333:key/k1', 'ec2:StartInstances': 'arn:aws:ec2:us-east-1:111122223333:instance/i-1',
  }
  const stmt = fc.record({
    Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
    Action: fc.constantFrom(...actions, 's3:*', 's3:Get*', 'kms:*'),
    Resource: fc.constantFrom('*', 'arn:aws:s3:::b', 'arn:aws:s3:::b/*', 'arn:aws:kms:us-east-1:111122223333:key/*', 'arn:aws:ec2:*:111122223333:instance/*'),
    Condition: fc.option(fc.constantFrom(
      { Bool: { 'aws:SecureTransport': 'false' } },
      { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
      { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
      { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    ), { nil: undefined }),
  }, { requiredKeys: ['Effect', 'Action', 'Resource'] })
  const resourceStmt = fc.record({ Effect: fc.constantFrom('Allow', 'Deny'), Principal: fc.constantFrom('*', { AWS: 'arn:aws:iam::111122223333:role/app' }, { AWS: '111122223333' }, { AWS: 'arn:aws:iam::444455556666:root' }), Action: fc.constantFrom(...actions, 's3:*', 'kms:*'), Resource: fc.constantFrom('*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b') })
  const arb = fc.record({
    action: fc.constantFrom(...actions),
    principal: fc.constantFrom(SESSION, ALICE),
    context: fc.constantFrom<Record<string, string | boolean>>({}, { 'aws:SecureTransport': false }, { 'aws:SourceIp': '192.0.2.1' }, { 'aws:SourceVpce': 'vpce-2' }),
    identity: fc.array(stmt, { maxLength: 3 }),
    boundary: fc.option(fc.array(stmt, { maxLength: 2 }), { nil: undefined }),
    resource: fc.option(fc.array(resourceStmt, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    scp: fc.option(fc.array(stmt, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  })
  fc.assert(
    fc.property(arb, (a) => {
      const request: Request = { principal: a.principal, action: a.action, resource: resources[a.action], context: a.context }
      const policies: PolicySet = { identity: [{ id: 'id', document: doc(...a.identity) }] }
      if (a.boundary) policies.permissionsBoundary = { id: 'pb', document: doc(...a.boundary) }
      if (a.resource) policies.resource = { id: 'rp', document: doc(...a.resource) }
      if (a.scp) policies.scp = [[{ id: 'scp', document: doc(...a.scp) }]]
      const d = explain(request, policies)
      for (const f of d.findings) {
        if (!f.fix) continue
        const base = (f.fix.requires ?? []).map((i) => d.findings[i].fix!)
        const after = evaluateRequest(request, applyFixes(policies, [...base, f.fix]), { now }).evaluation?.decision
        if (after !== f.fix.decisionAfter) throw new Error(`${f.code} fix claims ${f.fix.decisionAfter}, engine says ${after}: ${JSON.stringify(f.fix)}`)
        const acts = ([] as unknown[]).concat(f.fix.statement.Action)
        if (f.fix.action !== 'addCondition' && acts.includes('*')) throw new Error(`Action "*" in ${JSON.stringify(f.fix)}`)
        if (f.fix.action === 'addCondition' && f.fix.statement.Effect !== 'Deny') throw new Error('a deny fix removed the deny')
      }
      if (d.fixPlan) {
        const after = evaluateRequest(request, applyFixes(policies, d.fixPlan.steps.map((i) => d.findings[i].fix!)), { now }).evaluation?.decision
        if (after !== d.fixPlan.decisionAfter) throw new Error(`plan claims ${d.fixPlan.decisionAfter}, engine says ${after}`)
      }
      if (d.decision !== 'allowed' && !d.findings.some((f) => f.severity === 'error')) throw new Error(`a denial without an error finding: ${JSON.stringify(d)}`)
      return true
    }),
    { numRuns: 300, seed: 4242 },
  )
  t.pass('300 random policy sets')
})
