// Explicit denies: the statement that denies, why its conditions held (values, or missing keys), and a fix that
// keeps the deny and adds an exception for this caller, with a warning of what else it exempts.
import t from 'tap'
import { ALICE, ROLE, SESSION, codes, doc, explain, find } from './fixtures/helpers.js'

const allowAll = { id: 'all', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }

t.test('EXPLICIT_DENY names the statement; the fix adds ArnNotEquals aws:PrincipalArn and keeps the deny', async (t) => {
  const d = explain({ principal: SESSION, action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/k' }, {
    identity: [allowAll, { id: 'guard', document: doc({ Sid: 'NoDelete', Effect: 'Deny', Action: ['s3:DeleteObject', 's3:DeleteBucket'], Resource: '*' }) }],
  })
  t.equal(d.decision, 'explicitDeny')
  t.same(codes(d), ['EXPLICIT_DENY'])
  const f = d.findings[0]
  t.match(f, { layer: 'identity', policyId: 'guard', policyIndex: 1, index: 0, sid: 'NoDelete' })
  t.match(f.message, /explicitly denies s3:DeleteObject on arn:aws:s3:::b\/k \(Action s3:DeleteObject, Resource \*\)/)
  t.match(f.fix, { action: 'addCondition', index: 0, condition: { ArnNotEquals: { 'aws:PrincipalArn': [ROLE] } }, verified: true, decisionAfter: 'allowed' })
  t.same(f.fix?.statement, { Sid: 'NoDelete', Effect: 'Deny', Action: ['s3:DeleteObject', 's3:DeleteBucket'], Resource: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': [ROLE] } } })
  t.match(f.fix?.warning, /exempts arn:aws:iam::111122223333:role\/app \(every session of the role, not only s1\) from statement NoDelete for everything it denies: \[s3:DeleteObject, s3:DeleteBucket\] on \*/)
  t.same(d.fixPlan, { steps: [0], decisionAfter: 'allowed' })
})

t.test('a deny that applies because a key is missing says so and that giving it changes the answer', async (t) => {
  const d = explain({ principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, {
    identity: [allowAll],
    resource: { id: 'bp', document: doc({ Sid: 'VpceOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }) },
  })
  const m = find(d, 'MISSING_CONTEXT_KEY')!
  t.match(m, { layer: 'resource', sid: 'VpceOnly', severity: 'error' })
  t.match(m.message, /does not carry aws:SourceVpce: StringNotEquals aws:SourceVpce vpce-1a2b3c4d is true when the key is missing \(negated operators are true for a missing key, R5.0.1\). Giving aws:SourceVpce may change the answer/)
  t.match(m.requestChange, { context: { 'aws:SourceVpce': 'vpce-1a2b3c4d' }, decisionAfter: 'allowed', verified: true })
})

t.test('a deny whose condition matches a value the request carries: CONDITION_MISMATCH with the values', async (t) => {
  const d = explain({ principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:SecureTransport': false } }, {
    identity: [allowAll],
    resource: { id: 'bp', document: doc({ Sid: 'TLS', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }) },
  })
  const c = find(d, 'CONDITION_MISMATCH')!
  t.same(c.evidence?.condition?.requestValues, ['false'])
  t.match(c.requestChange, { context: { 'aws:SecureTransport': 'true' }, description: 'send the request over HTTPS (aws:SecureTransport true)' })
})

t.test('an existing exception list on aws:PrincipalArn is extended rather than a second condition added', async (t) => {
  const d = explain({ principal: SESSION, action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/k' }, {
    identity: [allowAll],
    scp: [[{ id: 'guard', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'Protect', Effect: 'Deny', Action: 's3:Delete*', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin' } } }) }]],
  })
  const f = find(d, 'EXPLICIT_DENY')!
  t.same(f.fix?.statement.Condition, { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/admin', ROLE] } })
  t.match(f.fix, { layer: 'scp', level: 0, decisionAfter: 'allowed' })
  t.notOk(find(d, 'CONDITION_MISMATCH')?.requestChange, 'no request change for a key that is a fact about the caller')
})

t.test('a deny with NotPrincipal says why it still applies to a listed caller (boundary, or the account not listed)', async (t) => {
  const policies = (listed: string[], boundary: boolean) => ({
    identity: [allowAll],
    ...(boundary ? { permissionsBoundary: { id: 'boundary', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) } } : {}),
    resource: { id: 'bp', document: doc({ Effect: 'Deny', NotPrincipal: { AWS: listed }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }) },
  })
  const req = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }
  const withBoundary = explain(req, policies([ALICE, 'arn:aws:iam::111122223333:root'], true))
  t.match(find(withBoundary, 'EXPLICIT_DENY')!.message, /NotPrincipal, and a Deny with NotPrincipal applies to every principal that has a permissions boundary, listed or not \(R1\.6\.3\)/)
  t.equal(find(withBoundary, 'EXPLICIT_DENY')!.fix?.decisionAfter, 'allowed')
  const accountMissing = explain(req, policies([ALICE], false))
  t.match(find(accountMissing, 'EXPLICIT_DENY')!.message, /NotPrincipal, and NotPrincipal lists .*user\/alice but not its account/)
})

t.test('a service principal is exempted by aws:PrincipalServiceName; an AWS managed deny gets no fix', async (t) => {
  const svc = explain({ principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject', resource: 'arn:aws:s3:::logs/x', resourceAccount: '111122223333' }, {
    resource: { id: 'bp', document: doc({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*' }, { Sid: 'NoWrites', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: '*' }) },
  })
  t.same(find(svc, 'EXPLICIT_DENY')!.fix?.condition, { StringNotEquals: { 'aws:PrincipalServiceName': ['cloudtrail.amazonaws.com'] } })
  const managed = explain({ principal: ALICE, action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' }, {
    identity: [allowAll, { id: 'arn:aws:iam::aws:policy/AWSDenyAll', document: doc({ Effect: 'Deny', Action: '*', Resource: '*' }) }],
  })
  t.notOk(find(managed, 'EXPLICIT_DENY')!.fix, 'an AWS managed policy cannot be edited')
  t.notOk(managed.fixPlan, 'and no plan can get past it')
})

t.test('a deny and a gap together: the deny fix reports what remains; the gap fix is verified with it in place', async (t) => {
  const d = explain({ principal: ALICE, action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' }, {
    identity: [{ id: 'read', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) }],
    scp: [[{ id: 'no-writes', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'NoPut', Effect: 'Deny', Action: 's3:Put*', Resource: '*' }) }]],
  })
  t.same(codes(d), ['EXPLICIT_DENY', 'ACTION_MISMATCH', 'NO_MATCHING_ALLOW'])
  t.match(d.findings[0].fix, { decisionAfter: 'implicitDeny', remaining: /because no identity-based policy allows the s3:PutObject action$/ })
  t.match(d.findings[1].fix, { decisionAfter: 'allowed', requires: [0] })
  t.same(d.fixPlan, { steps: [0, 1], decisionAfter: 'allowed' })
})
