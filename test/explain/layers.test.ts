// Layer findings: boundary, session, SCP and RCP levels, one-sided cross-account access, KMS key policies and
// role trust policies, each with a fix for the layer that must change, verified by re-evaluation.
import t from 'tap'
import { ALICE, ROLE, SESSION, codes, doc, explain, find } from './fixtures/helpers.js'

const put = { principal: SESSION, action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' }
const allowPut = { id: 'app', document: doc({ Sid: 'Put', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' }) }
const full = (id = 'FullAWSAccess') => ({ id, document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) })

t.test('PERMISSIONS_BOUNDARY_LIMIT names the identity statement that allows and fixes the boundary', async (t) => {
  const d = explain(put, { identity: [allowPut], permissionsBoundary: { id: 'b', document: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) } })
  t.same(codes(d), ['PERMISSIONS_BOUNDARY_LIMIT'])
  const f = d.findings[0]
  t.match(f.message, /identity-based policy allows s3:PutObject \(statement Put of app\), but the permissions boundary b does not/)
  t.same(f.evidence?.layer?.allowedBy, [{ layer: 'identity', policyId: 'app', index: 0, sid: 'Put' }])
  t.match(f.fix, { layer: 'permissionsBoundary', policyId: 'b', action: 'addStatement', decisionAfter: 'allowed', statement: { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' } })
})

t.test('SESSION_POLICY_LIMIT, and a federated user without a session policy', async (t) => {
  const d = explain(put, { identity: [allowPut], session: [{ id: 's', document: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }] })
  t.match(find(d, 'SESSION_POLICY_LIMIT')!.fix, { layer: 'session', policyId: 's', decisionAfter: 'allowed' })
  const fed = explain({ ...put, principal: 'arn:aws:sts::111122223333:federated-user/bob' }, { identity: [allowPut] })
  t.match(find(fed, 'SESSION_POLICY_LIMIT')!.fix, { layer: 'session', action: 'addPolicy', decisionAfter: 'allowed' })
})

t.test('SCP_LIMIT per failing level, each fix making its level allow; the plan fixes both', async (t) => {
  const d = explain(put, { identity: [allowPut], scp: [[full()], [{ id: 'ou', document: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }], [{ id: 'acct', document: doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }) }]] })
  const levels = d.findings.filter((f) => f.code === 'SCP_LIMIT')
  t.same(levels.map((f) => [f.level, f.policyId]), [[1, 'ou'], [2, 'acct']])
  t.match(levels[0].message, /No SCP at OU level 1 allows s3:PutObject \(attached there: ou\)/)
  t.match(levels[1].fix, { level: 2, policyId: 'acct', decisionAfter: 'allowed', requires: [0] })
  t.same(d.fixPlan, { steps: [0, 1], decisionAfter: 'allowed' })
})

t.test('RCP_LIMIT: customer RCPs cannot allow, so the fix attaches RCPFullAWSAccess', async (t) => {
  const d = explain(put, { identity: [allowPut], rcp: [[{ id: 'RCPFullAWSAccess', document: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }) }], []] })
  const f = find(d, 'RCP_LIMIT')!
  t.match(f, { level: 1 })
  t.match(f.fix, { layer: 'rcp', level: 1, action: 'addPolicy', policyId: 'RCPFullAWSAccess', decisionAfter: 'allowed' })
})

t.test('CROSS_ACCOUNT_ONE_SIDED names the side that fails', async (t) => {
  const req = { principal: SESSION, action: 's3:GetObject', resource: 'arn:aws:s3:::other/k', resourceAccount: '444455556666' }
  const bucketAllows = { id: 'bp', document: doc({ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' }) }
  const identityAllows = { id: 'app', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }
  const noIdentity = explain(req, { resource: bucketAllows })
  t.match(find(noIdentity, 'CROSS_ACCOUNT_ONE_SIDED')!, { layer: 'identity', message: /in account 444455556666 allows s3:GetObject, but the caller's account 111122223333 does not/ })
  const noBucket = explain(req, { identity: [identityAllows], resource: { id: 'bp', document: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::other' }) } })
  const f = find(noBucket, 'CROSS_ACCOUNT_ONE_SIDED')!
  t.match(f, { layer: 'resource', message: /the caller's account 111122223333 allows s3:GetObject, but the resource-based policy in account 444455556666 does not allow the caller/ })
  t.same(find(noBucket, 'NO_MATCHING_ALLOW', (x) => x.layer === 'resource')!.fix?.statement, { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' })
  const neither = explain(req, { resource: { id: 'bp', document: doc() } })
  t.notOk(find(neither, 'CROSS_ACCOUNT_ONE_SIDED'), 'both sides failing is not one-sided')
  t.equal(neither.fixPlan?.decisionAfter, 'allowed')
})

t.test('KMS_KEY_POLICY_GAP: IAM allows, the key policy neither allows nor delegates; the fix uses "*" (this key)', async (t) => {
  const key = 'arn:aws:kms:us-east-1:111122223333:key/k1'
  const d = explain({ principal: SESSION, action: 'kms:Decrypt', resource: key }, {
    identity: [{ id: 'app', document: doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: key }) }],
    resource: { id: 'kp', document: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/admin' }, Action: 'kms:PutKeyPolicy', Resource: '*' }) },
  })
  t.match(d.message, /because no resource-based policy allows the kms:Decrypt action$/)
  const f = find(d, 'KMS_KEY_POLICY_GAP')!
  t.match(f.message, /neither allows arn:aws:iam::111122223333:role\/app to use kms:Decrypt nor delegates to account 111122223333.*even though the caller's IAM policies allow kms:Decrypt/)
  t.same(f.fix?.statement, { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:Decrypt', Resource: '*' })
  const delegated = explain({ principal: SESSION, action: 'kms:Decrypt', resource: key }, { resource: { id: 'kp', document: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }) } })
  t.notOk(find(delegated, 'KMS_KEY_POLICY_GAP'), 'with delegation the gap is on the identity side')
  t.match(find(delegated, 'NO_MATCHING_ALLOW')!.message, /key policy delegates to the account/)
})

t.test('TRUST_POLICY_GAP with the trust-policy wording; the fix names the caller (the role for a session)', async (t) => {
  const role = 'arn:aws:iam::111122223333:role/target'
  const d = explain({ principal: SESSION, action: 'sts:AssumeRole', resource: role }, {
    identity: [{ id: 'app', document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role }) }],
    resource: { id: 'trust', document: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) },
  })
  t.match(d.message, /because no role trust policy allows the sts:AssumeRole action$/)
  t.ok(find(d, 'TRUST_POLICY_GAP'))
  const fix = d.findings.find((f) => f.fix)!.fix!
  t.same(fix.statement, { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'sts:AssumeRole' }, 'no Resource in a trust policy')
  t.equal(fix.decisionAfter, 'allowed')
})

t.test('a service rule no policy can change (SQS cross-account DeleteQueue) gets no fix', async (t) => {
  const d = explain({ principal: ALICE, action: 'sqs:DeleteQueue', resource: 'arn:aws:sqs:us-east-1:444455556666:q' }, {
    identity: [full('all')],
    resource: { id: 'qp', document: doc({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sqs:*', Resource: '*' }) },
  })
  t.match(find(d, 'NO_MATCHING_ALLOW')!.message, /cannot grant sqs:DeleteQueue to another account/)
  t.notOk(d.findings.some((f) => f.fix))
  t.notOk(d.fixPlan)
})
