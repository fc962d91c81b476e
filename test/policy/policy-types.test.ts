import t from 'tap'
import { parsePolicy, POLICY_TYPES, type ParseResult, type PolicyType } from '../../src/policy/index.js'

const list = (r: ParseResult, severity: 'error' | 'warning') =>
  r.findings.filter((f) => f.severity === severity).map((f) => `${f.code} ${f.path}`)
const doc = (statement: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [statement] })

const allow = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }
const deny = { ...allow, Effect: 'Deny' }

const identityLike: PolicyType[] = ['identity', 'permissionsBoundary', 'session', 'scp']
const principalRequired: PolicyType[] = ['resource', 'trust', 'vpcEndpoint', 'rcp']

t.test('valid documents of every type', async (t) => {
  const samples: Record<PolicyType, unknown> = {
    identity: doc(allow),
    permissionsBoundary: doc({ Effect: 'Allow', Action: ['s3:*', 'cloudwatch:*'], Resource: '*' }),
    session: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' }),
    scp: doc({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }),
    rcp: doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } }),
    trust: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    resource: doc({ ...allow, Principal: { AWS: 'arn:aws:iam::123456789012:root' } }),
    vpcEndpoint: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }),
  }
  for (const type of POLICY_TYPES) {
    const r = parsePolicy(samples[type], { policyType: type })
    t.same(r.findings, [], `${type}: no findings`)
    t.ok(r.policy, `${type}: parsed`)
  }
})

t.test('Principal and NotPrincipal are not allowed in identity policies, boundaries, session policies and SCPs', async (t) => {
  for (const type of identityLike) {
    t.same(
      list(parsePolicy(doc({ ...allow, Principal: '*' }), { policyType: type }), 'error'),
      ['principal-not-allowed /Statement/0/Principal'],
      `${type}: Principal`,
    )
    t.same(
      list(parsePolicy(doc({ ...deny, NotPrincipal: { AWS: '123456789012' } }), { policyType: type }), 'error'),
      ['principal-not-allowed /Statement/0/NotPrincipal'],
      `${type}: NotPrincipal`,
    )
  }
})

t.test('Principal is required in resource, trust, VPC endpoint and resource control policies', async (t) => {
  for (const type of principalRequired) {
    const statement = type === 'trust' ? { Effect: 'Allow', Action: 'sts:AssumeRole' } : { ...deny, Resource: '*' }
    t.same(list(parsePolicy(doc(statement), { policyType: type }), 'error'), ['principal-required /Statement/0'], type)
  }
  t.same(list(parsePolicy(doc(allow)), 'error'), [], 'no type: Principal neither required nor forbidden')
  t.same(list(parsePolicy(doc({ ...allow, Principal: '*' })), 'error'), [], 'no type: Principal accepted')
})

t.test('NotPrincipal', async (t) => {
  const trust = parsePolicy(doc({ Effect: 'Deny', NotPrincipal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }), { policyType: 'trust' })
  t.same(list(trust, 'error'), ['notprincipal-not-allowed /Statement/0/NotPrincipal'], 'not in trust policies')
  const rcp = parsePolicy(doc({ ...deny, NotPrincipal: { AWS: '123456789012' } }), { policyType: 'rcp' })
  t.same(list(rcp, 'error'), ['notprincipal-not-allowed /Statement/0/NotPrincipal'], 'not in RCPs')
  for (const type of ['resource', 'vpcEndpoint'] as PolicyType[]) {
    const withAllow = parsePolicy(doc({ ...allow, NotPrincipal: { AWS: '123456789012' } }), { policyType: type })
    t.same(list(withAllow, 'error'), ['notprincipal-with-allow /Statement/0/NotPrincipal'], `${type}: not with Allow`)
    const withDeny = parsePolicy(doc({ ...deny, NotPrincipal: { AWS: ['123456789012', 'arn:aws:iam::123456789012:user/Bob'] } }), { policyType: type })
    t.same(withDeny.findings, [], `${type}: with Deny`)
  }
  const untyped = parsePolicy(doc({ ...allow, NotPrincipal: { AWS: '123456789012' } }))
  t.same(list(untyped, 'error'), [], 'no type: not an error')
  t.same(list(untyped, 'warning'), ['notprincipal-with-allow /Statement/0/NotPrincipal'], 'no type: a warning')
  t.ok(untyped.policy)
})

t.test('Resource or NotResource required except in trust policies', async (t) => {
  const noResource = { Effect: 'Deny', Action: 's3:*' }
  for (const type of ['identity', 'permissionsBoundary', 'session', 'scp'] as PolicyType[]) {
    t.same(list(parsePolicy(doc(noResource), { policyType: type }), 'error'), ['missing-resource /Statement/0'], type)
  }
  for (const type of ['rcp', 'vpcEndpoint'] as PolicyType[]) {
    t.same(list(parsePolicy(doc({ ...noResource, Principal: '*' }), { policyType: type }), 'error'), ['missing-resource /Statement/0'], type)
  }
  const resource = parsePolicy(doc({ ...noResource, Principal: { AWS: '123456789012' } }), { policyType: 'resource' })
  t.same(list(resource, 'error'), [], 'resource policies: some services imply the resource')
  t.same(list(resource, 'warning'), ['missing-resource /Statement/0'])
  const trust = parsePolicy(doc({ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }), { policyType: 'trust' })
  t.same(trust.findings, [], 'trust: no finding')
  t.equal(trust.policy?.statements[0].resource, undefined)
  t.equal(trust.policy?.statements[0].notResource, undefined)
  const trustWithResource = parsePolicy(doc({ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole', Resource: '*' }), { policyType: 'trust' })
  t.same(list(trustWithResource, 'warning'), ['resource-in-trust-policy /Statement/0/Resource'])
})

t.test('resource control policies', async (t) => {
  const notAction = parsePolicy(doc({ Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: '*' }), { policyType: 'rcp' })
  t.same(list(notAction, 'error'), ['element-not-allowed /Statement/0/NotAction'])
  const named = parsePolicy(doc({ ...deny, Principal: { AWS: '123456789012' } }), { policyType: 'rcp' })
  t.same(list(named, 'error'), ['rcp-principal-not-wildcard /Statement/0/Principal'])
  const awsStar = parsePolicy(doc({ ...deny, Principal: { AWS: '*' } }), { policyType: 'rcp' })
  t.same(list(awsStar, 'error'), ['rcp-principal-not-wildcard /Statement/0/Principal'], 'the Principal element itself must be "*"')
  const fullAccess = parsePolicy(doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }), { policyType: 'rcp' })
  t.same(fullAccess.findings, [], 'RCPFullAWSAccess')
  t.same(list(parsePolicy(doc({ Effect: 'Deny', NotAction: 's3:*', Resource: '*' }), { policyType: 'scp' }), 'error'), [], 'SCPs may use NotAction')
})

t.test('non-ARN resources: an error for IAM and Organizations documents, a warning in resource policies', async (t) => {
  const apiGateway = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }
  const rbp = parsePolicy(doc(apiGateway), { policyType: 'resource' })
  t.same(list(rbp, 'error'), [])
  t.same(list(rbp, 'warning'), ['invalid-resource /Statement/0/Resource'])
  for (const type of ['identity', 'permissionsBoundary', 'session', 'scp'] as PolicyType[]) {
    t.same(list(parsePolicy(doc({ ...allow, Resource: 'my-bucket' }), { policyType: type }), 'error'), ['invalid-resource /Statement/0/Resource'], type)
  }
})

t.test('character set: errors for IAM-validated documents, warnings elsewhere', async (t) => {
  const snowman = (extra: Record<string, unknown>) => doc({ ...allow, ...extra, Condition: { StringEquals: { 'aws:PrincipalTag/x': '\u2603' } } })
  for (const type of ['identity', 'permissionsBoundary', 'session'] as PolicyType[]) {
    t.same(list(parsePolicy(snowman({}), { policyType: type }), 'error'), ['invalid-characters /Statement/0/Condition/StringEquals/aws:PrincipalTag~1x'], type)
  }
  t.same(
    list(parsePolicy(doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': '\u2603' } } }), { policyType: 'trust' }), 'error'),
    ['invalid-characters /Statement/0/Condition/StringEquals/sts:ExternalId'],
    'trust',
  )
  for (const type of ['resource', 'vpcEndpoint'] as PolicyType[]) {
    const r = parsePolicy(snowman({ Principal: '*' }), { policyType: type })
    t.same(list(r, 'error'), [], type)
    t.same(list(r, 'warning'), ['invalid-characters /Statement/0/Condition/StringEquals/aws:PrincipalTag~1x'], type)
  }
})

t.test('at most ten character findings', async (t) => {
  const actions = Array.from({ length: 30 }, (_, i) => `s3:Get\u2603${i}`)
  const r = parsePolicy(doc({ ...allow, Action: actions }), { policyType: 'identity' })
  t.equal(r.findings.filter((f) => f.code === 'invalid-characters').length, 10)
  t.equal(r.findings[0].path, '/Statement/0/Action/0')
})
