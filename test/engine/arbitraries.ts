// fast-check generators of requests and policy sets that exercise every layer (shared by property tests).
import fc from 'fast-check'
import type { PolicySet, Request } from '../../src/engine/index.js'

export const ACCOUNT = '111122223333'
export const OTHER = '444455556666'

const principals = [
  `arn:aws:iam::${ACCOUNT}:user/alice`,
  `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/build-1`,
  `arn:aws:iam::${ACCOUNT}:root`,
  `arn:aws:sts::${OTHER}:assumed-role/reader/s1`,
  `arn:aws:iam::${OTHER}:user/bob`,
  'lambda.amazonaws.com',
]

const targets: Array<{ action: string; resource: string }> = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::data-bucket/reports/q3.csv' },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::data-bucket' },
  { action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
  { action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCOUNT}:role/deployer` },
  { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs` },
  { action: 'ec2:RunInstances', resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*` },
]

const actionPatterns = fc.constantFrom('*', 's3:*', 's3:Get*', 's3:GetObject', 's3:ListBucket', 'kms:*', 'kms:Decrypt', 'sts:AssumeRole', 'sqs:*', 'ec2:Run*', 'iam:*')
const resourcePatterns = fc.constantFrom('*', 'arn:aws:s3:::data-bucket', 'arn:aws:s3:::data-bucket/*', `arn:aws:kms:*:${ACCOUNT}:key/*`, `arn:aws:iam::${ACCOUNT}:role/*`, `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`, 'arn:aws:ec2:*:*:instance/*')
const principalValues = fc.constantFrom<unknown>('*', { AWS: ACCOUNT }, { AWS: `arn:aws:iam::${ACCOUNT}:root` }, { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, { AWS: `arn:aws:iam::${ACCOUNT}:role/deployer` }, { AWS: OTHER }, { Service: 'lambda.amazonaws.com' })
const conditions = fc.constantFrom<unknown>(
  undefined,
  { StringEquals: { 'aws:PrincipalTag/team': 'platform' } },
  { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
  { Bool: { 'aws:SecureTransport': 'false' } },
  { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } },
)

export const statement = (withPrincipal: boolean) =>
  fc.record({ effect: fc.constantFrom('Allow', 'Deny'), action: actionPatterns, resource: resourcePatterns, principal: principalValues, condition: conditions, not: fc.boolean() })
    .map(({ effect, action, resource, principal, condition, not }) => {
      const s: Record<string, unknown> = { Effect: effect, [not && effect === 'Deny' ? 'NotAction' : 'Action']: action, Resource: resource }
      if (withPrincipal) s.Principal = principal
      if (condition) s.Condition = condition
      return s
    })

export const doc = (withPrincipal: boolean) =>
  fc.array(statement(withPrincipal), { minLength: 1, maxLength: 4 }).map((Statement) => ({ Version: '2012-10-17', Statement }))

export const request: fc.Arbitrary<Request> = fc
  .record({ principal: fc.constantFrom(...principals), target: fc.constantFrom(...targets), ip: fc.boolean(), tags: fc.boolean(), tls: fc.boolean() })
  .map(({ principal, target, ip, tags, tls }) => {
    const context: Record<string, string | boolean | string[]> = { 'aws:SecureTransport': tls }
    if (ip) context['aws:SourceIp'] = '203.0.113.9'
    if (tags) context['aws:TagKeys'] = ['team']
    context['aws:PrincipalTag/team'] = 'platform'
    return { principal, action: target.action, resource: target.resource, context }
  })

export const policySet: fc.Arbitrary<PolicySet> = fc
  .record({
    identity: fc.array(doc(false), { maxLength: 2 }),
    resource: fc.option(doc(true), { nil: undefined }),
    boundary: fc.option(doc(false), { nil: undefined }),
    scp: fc.option(fc.array(doc(false), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  })
  .map(({ identity, resource, boundary, scp }) => {
    const set: PolicySet = { identity: identity.map((document, i) => ({ id: `id${i}`, document })) }
    if (resource) set.resource = { id: 'rbp', document: resource }
    if (boundary) set.permissionsBoundary = { id: 'boundary', document: boundary }
    if (scp) set.scp = scp.map((document, i) => [{ id: `scp${i}`, document }])
    return set
  })
