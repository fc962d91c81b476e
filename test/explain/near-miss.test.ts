// Near misses: Allow statements that matched all but one element, each with a specific code, its evidence and a
// verified fix scoped to the exact action and the resource the action needs; ranked so the likeliest comes first.
import t from 'tap'
import { ALICE, ROLE, SESSION, codes, doc, explain, find } from './fixtures/helpers.js'

const identity = (...s: object[]) => ({ identity: [{ id: 'p', document: doc(...s) }] })

t.test('bucket ARN for an object action: RESOURCE_ARN_MISMATCH with the object format from the catalog', async (t) => {
  const d = explain({ principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k.txt' }, identity({ Sid: 'ReadBucket', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b' }))
  const f = find(d, 'RESOURCE_ARN_MISMATCH')!
  t.match(f, { layer: 'identity', policyId: 'p', index: 0, sid: 'ReadBucket', severity: 'error' })
  t.equal(f.message, 'Statement ReadBucket allows s3:GetObject on arn:aws:s3:::b (the bucket), but s3:GetObject acts on objects: arn:aws:s3:::b/*')
  t.match(f.evidence?.resource, { patterns: ['arn:aws:s3:::b'], requestResource: 'arn:aws:s3:::b/k.txt', requestResourceType: 'object', patternResourceType: 'bucket', neededPattern: 'arn:aws:s3:::b/*', difference: 'resourceType' })
  t.same(f.evidence?.resource?.actionResourceTypes, [{ resourceType: 'object', arnFormat: 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', required: true }])
  t.same(f.fix?.statement, { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' })
  t.match(f.fix, { action: 'addStatement', layer: 'identity', policyId: 'p', policyIndex: 0, verified: true, decisionAfter: 'allowed' })
})

t.test('object ARN for a bucket action, and account, region and case differences', async (t) => {
  const list = explain({ principal: ALICE, action: 's3:ListBucket', resource: 'arn:aws:s3:::b' }, identity({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b/*' }))
  t.match(find(list, 'RESOURCE_ARN_MISMATCH')!.message, /\(objects\), but s3:ListBucket acts on the bucket: arn:aws:s3:::b$/)
  t.equal(find(list, 'RESOURCE_ARN_MISMATCH')!.fix?.statement.Resource, 'arn:aws:s3:::b')

  const table = 'arn:aws:dynamodb:us-east-1:111122223333:table/t'
  const account = explain({ principal: ALICE, action: 'dynamodb:GetItem', resource: table }, identity({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:us-east-1:444455556666:table/t' }))
  t.match(find(account, 'RESOURCE_ARN_MISMATCH')!.evidence?.resource?.difference, 'account')
  const region = explain({ principal: ALICE, action: 'dynamodb:GetItem', resource: table }, identity({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:eu-west-1:111122223333:table/t' }))
  t.match(find(region, 'RESOURCE_ARN_MISMATCH')!.message, /names region eu-west-1, but the resource is in region us-east-1/)
  const cased = explain({ principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::data/k' }, identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::Data/*' }))
  t.match(find(cased, 'RESOURCE_ARN_MISMATCH')!.message, /only in case/)
})

t.test('actions: a misspelt action, the right name under another prefix, a pattern that does not cover, NotAction', async (t) => {
  const typo = explain({ principal: ALICE, action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' }, identity({ Sid: 'W', Effect: 'Allow', Action: 's3:PutObjet', Resource: 'arn:aws:s3:::b/*' }))
  const f = find(typo, 'ACTION_MISMATCH')!
  t.match(f.message, /s3:PutObjet, which is not an action; it probably means s3:PutObject/)
  t.match(f.evidence?.action, { patterns: ['s3:PutObjet'], requested: 's3:PutObject', known: true, suggestions: ['s3:PutObject'], difference: 'typo' })
  t.equal(f.fix?.decisionAfter, 'allowed')
  const prefix = explain({ principal: ALICE, action: 'ec2:DescribeInstances', resource: '*' }, identity({ Effect: 'Allow', Action: 'lambda:DescribeInstances', Resource: '*' }))
  t.equal(find(prefix, 'ACTION_MISMATCH')!.evidence?.action?.difference, 'otherService')
  t.equal(find(prefix, 'ACTION_MISMATCH')!.fix?.statement.Resource, '*', 'an action that takes no resource gets "*"')
  const cover = explain({ principal: ALICE, action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/k' }, identity({ Effect: 'Allow', Action: ['s3:Get*', 's3:Put*'], Resource: 'arn:aws:s3:::b/*' }))
  t.match(find(cover, 'ACTION_MISMATCH')!.message, /allows \[s3:Get\*, s3:Put\*\] on this resource, but not s3:DeleteObject/)
  const not = explain({ principal: ALICE, action: 'iam:CreateUser', resource: 'arn:aws:iam::111122223333:user/x' }, identity({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))
  t.match(find(not, 'ACTION_MISMATCH')!.message, /NotAction iam:\* excludes iam:CreateUser/)
})

t.test('a statement about another service is not a near miss', async (t) => {
  const d = explain({ principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, identity({ Effect: 'Allow', Action: 'ec2:StartInstances', Resource: '*' }))
  t.same(codes(d), ['NO_MATCHING_ALLOW'])
  t.equal(d.findings[0].fix?.statement.Resource, 'arn:aws:s3:::b/*')
})

t.test('principals: another session of the same role, another account', async (t) => {
  const bucket = (p: unknown) => ({ resource: { id: 'bp', document: doc({ Sid: 'S', Effect: 'Allow', Principal: p, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) } })
  const session = explain({ principal: SESSION, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, bucket({ AWS: 'arn:aws:sts::111122223333:assumed-role/app/s0' }))
  const f = find(session, 'PRINCIPAL_MISMATCH')!
  t.match(f.message, /session arn:aws:sts::111122223333:assumed-role\/app\/s0 only; the caller is session s1 of the same role/)
  t.match(f.evidence?.principal, { principals: ['AWS:arn:aws:sts::111122223333:assumed-role/app/s0'], requestPrincipal: SESSION, principalArn: ROLE, difference: 'session' })
  t.same(f.fix?.statement.Principal, { AWS: ROLE }, 'the fix names the role, which covers every session')
  const account = explain({ principal: SESSION, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: '444455556666' }, { identity: [{ id: 'app', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }], ...bucket({ AWS: 'arn:aws:iam::999988887777:role/app' }) })
  t.equal(find(account, 'PRINCIPAL_MISMATCH')!.evidence?.principal?.difference, 'account')
})

t.test('conditions: a value that does not match, a key the request lacks; request changes are verified', async (t) => {
  const ip = explain(
    { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:SourceIp': '198.51.100.7' } },
    identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }),
  )
  const f = find(ip, 'CONDITION_MISMATCH')!
  t.same(f.evidence?.condition, { operator: 'IpAddress', key: 'aws:SourceIp', policyValues: ['203.0.113.0/24'], requestValues: ['198.51.100.7'], reason: f.evidence?.condition?.reason })
  t.match(f.requestChange, { context: { 'aws:SourceIp': '203.0.113.0' }, verified: true, decisionAfter: 'allowed' })
  t.same((f.fix?.statement.Condition as Record<string, Record<string, string[]>>).IpAddress['aws:SourceIp'], ['203.0.113.0/24', '198.51.100.7/32'], 'the fix adds the caller\'s address as a /32')

  const missing = explain({ principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }))
  const m = find(missing, 'MISSING_CONTEXT_KEY')!
  t.equal(m.evidence?.condition?.requestValues, null)
  t.match(m.message, /needs aws:SourceVpce, which the request does not carry.*giving it may change the answer/)
  t.match(m.requestChange, { context: { 'aws:SourceVpce': 'vpce-1a2b3c4d' }, decisionAfter: 'allowed' })
  t.notOk(find(missing, 'CONDITION_MISMATCH'), 'a missing key is MISSING_CONTEXT_KEY, not CONDITION_MISMATCH')
})

t.test('MFA and ABAC conditions: the remedy is the request; no policy change drops the condition', async (t) => {
  const mfa = explain({ principal: ALICE, action: 'ec2:StartInstances', resource: 'arn:aws:ec2:us-east-1:111122223333:instance/i-1' }, identity({ Effect: 'Allow', Action: 'ec2:StartInstances', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))
  t.match(find(mfa, 'MISSING_CONTEXT_KEY')!.requestChange, { context: { 'aws:MultiFactorAuthPresent': 'true' }, decisionAfter: 'allowed' })
  t.notOk(mfa.findings.some((f) => f.fix), 'no fix would allow the action without MFA')
  t.notOk(mfa.fixPlan)
  const abac = explain(
    { principal: SESSION, action: 'ec2:StartInstances', resource: 'arn:aws:ec2:us-east-1:111122223333:instance/i-1', context: { 'aws:PrincipalTag/team': 'red', 'aws:ResourceTag/team': 'blue' } },
    identity({ Effect: 'Allow', Action: 'ec2:StartInstances', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } }),
  )
  const f = find(abac, 'CONDITION_MISMATCH')!
  t.same(f.evidence?.condition?.policyValues, ['red'], 'the policy value after variable substitution')
  t.match(f.requestChange?.description, /tag the resource team=red/)
  t.notOk(abac.findings.some((x) => x.fix))
})

t.test('ranking: the bucket-vs-object statement comes before a condition miss and a wider pattern miss', async (t) => {
  const d = explain(
    { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::logs/a.gz', context: { 'aws:SourceIp': '198.51.100.7' } },
    identity(
      { Sid: 'Office', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
      { Sid: 'Writes', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*' },
      { Sid: 'Bucket', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::logs' },
    ),
  )
  t.same(d.findings.map((f) => f.sid ?? f.code), ['Bucket', 'Office', 'Writes', 'NO_MATCHING_ALLOW'])
  t.ok(d.findings[0].fix, 'the best near miss carries the fix')
  t.notOk(d.findings[1].fix, 'the others are evidence only')
})

t.test('a near miss in an AWS managed policy is fixed in the customer\'s own policy of the layer', async (t) => {
  const d = explain({ principal: ALICE, action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' }, {
    identity: [
      { id: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', document: doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }) },
      { id: 'mine', document: doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }) },
    ],
  })
  t.match(find(d, 'ACTION_MISMATCH')!.fix, { action: 'addStatement', policyId: 'mine', policyIndex: 1, decisionAfter: 'allowed' })
})
