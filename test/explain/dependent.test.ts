// MISSING_DEPENDENT_ACTION: the catalog's cited needs (iam:PassRole, KMS for encrypted resources), judged by the
// engine on a representative resource, reported as warnings, with a fix narrowed by the service's own condition.
import t from 'tap'
import { ALICE, SESSION, doc, explain, find } from './fixtures/helpers.js'

const run = { principal: SESSION, action: 'ec2:RunInstances', resource: 'arn:aws:ec2:us-east-1:111122223333:instance/*' }

t.test('iam:PassRole missing for RunInstances: a warning on an allowed request, fixed with iam:PassedToService', async (t) => {
  const d = explain(run, { identity: [{ id: 'l', document: doc({ Effect: 'Allow', Action: ['ec2:RunInstances', 'kms:*'], Resource: '*' }) }] })
  t.equal(d.decision, 'allowed')
  const f = find(d, 'MISSING_DEPENDENT_ACTION')!
  t.match(f, { severity: 'warning', layer: 'identity' })
  t.match(f.evidence?.dependent, { actions: ['iam:PassRole'], decision: 'implicitDeny', resource: 'arn:aws:iam::111122223333:role/*', source: /permission-to-pass-iam-roles/ })
  t.same(f.fix?.statement, { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/*', Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com'] } } })
  t.match(f.fix, { verified: true, decisionAfter: 'allowed', verifiedOn: { actions: ['iam:PassRole'], resource: 'arn:aws:iam::111122223333:role/*' } })
})

t.test('allowed on some roles only: named, and no fix', async (t) => {
  const d = explain(run, { identity: [{ id: 'l', document: doc({ Effect: 'Allow', Action: ['ec2:RunInstances', 'kms:*'], Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/web' }) }] })
  const f = find(d, 'MISSING_DEPENDENT_ACTION')!
  t.same(f.evidence?.dependent?.allowedOn, ['arn:aws:iam::111122223333:role/web'])
  t.notOk(f.fix)
})

t.test('the KMS actions of EBS encryption form one warning; the key policy is assumed to enable IAM', async (t) => {
  const d = explain(run, { identity: [{ id: 'l', document: doc({ Effect: 'Allow', Action: ['ec2:RunInstances', 'iam:PassRole'], Resource: '*' }) }] })
  const f = find(d, 'MISSING_DEPENDENT_ACTION')!
  t.same(f.evidence?.dependent?.actions, ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncrypt*'])
  t.same(f.fix?.statement.Condition, { StringEquals: { 'kms:ViaService': ['ec2.us-east-1.amazonaws.com'] } })
  t.equal(f.fix?.statement.Resource, 'arn:aws:kms:us-east-1:111122223333:key/*')
})

t.test('nothing missing: no warning; a denied action still gets the warning after the findings that explain it', async (t) => {
  const all = explain(run, { identity: [{ id: 'l', document: doc({ Effect: 'Allow', Action: ['ec2:RunInstances', 'iam:PassRole', 'kms:*'], Resource: '*' }) }] })
  t.notOk(find(all, 'MISSING_DEPENDENT_ACTION'))
  const denied = explain({ principal: ALICE, action: 'lambda:CreateFunction', resource: 'arn:aws:lambda:us-east-1:111122223333:function:f' }, { identity: [{ id: 'dev', document: doc({ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' }) }] })
  t.equal(denied.findings[denied.findings.length - 1].code, 'MISSING_DEPENDENT_ACTION')
  t.match(denied.findings[denied.findings.length - 1].message, /also needs iam:PassRole \(always needed: the call passes the execution role\)/)
})
