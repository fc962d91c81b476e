// Inputs for the benchmarks: a one-policy request and a seven-layer request with 50 statements in force.
import type { PolicySet, Request } from '../src/engine/index.js'

const ACCT = '111122223333'

export const simpleRequest: Request = {
  principal: `arn:aws:iam::${ACCT}:user/alice`,
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::data-bucket/reports/q3.csv',
  context: { 'aws:SourceIp': '203.0.113.7', 'aws:SecureTransport': true },
}

export function simplePolicies(): PolicySet {
  return {
    identity: [{
      id: `arn:aws:iam::${ACCT}:policy/reader`,
      document: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'List', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: 'arn:aws:s3:::data-bucket' },
          { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: 'arn:aws:s3:::data-bucket/*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
          { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:Delete*', Resource: '*' },
        ],
      },
    }],
  }
}

export const sevenLayerRequest: Request = {
  principal: `arn:aws:sts::${ACCT}:assumed-role/deployer/build-42`,
  action: 's3:PutObject',
  resource: 'arn:aws:s3:::artifacts-bucket/builds/42/app.zip',
  context: {
    'aws:SourceIp': '10.0.4.17', 'aws:SecureTransport': true, 'aws:RequestedRegion': 'us-east-1', 'aws:SourceVpce': 'vpce-1a2b3c4d',
    'aws:PrincipalTag/team': 'platform', 'aws:PrincipalOrgID': 'o-abc123', 'aws:TagKeys': ['team'],
    's3:x-amz-server-side-encryption': 'aws:kms', 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/ci/deployer`,
  },
}

const filler = (n: number, service: string) =>
  Array.from({ length: n }, (_, i) => ({
    Sid: `${service.replace(/[^a-z]/g, '')}${i}`,
    Effect: 'Allow',
    Action: [`${service}:Describe*`, `${service}:Get${i}*`],
    Resource: `arn:aws:${service}:*:${ACCT}:thing/${i}/*`,
  }))

/** 50 statements across identity (2 policies), resource, boundary, session, SCP (3 levels), RCP and endpoint. */
export function sevenLayerPolicies(salt = ''): PolicySet {
  const v = '2012-10-17'
  return {
    identity: [
      { id: 'deploy', document: { Version: v, Statement: [
        ...filler(14, 'ec2'),
        { Sid: `Put${salt}`, Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectTagging'], Resource: 'arn:aws:s3:::artifacts-bucket/builds/*', Condition: { StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } },
      ] } },
      { id: 'common', document: { Version: v, Statement: [...filler(11, 'logs'), { Sid: 'DenyIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' }] } },
    ],
    resource: { id: 'bucket-policy', document: { Version: v, Statement: [
      { Sid: 'TLS', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::artifacts-bucket', 'arn:aws:s3:::artifacts-bucket/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Sid: 'Org', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::artifacts-bucket/*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } },
      { Sid: 'Ci', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/ci/deployer` }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::artifacts-bucket/builds/*' },
      { Sid: 'Read', Effect: 'Allow', Principal: { AWS: ACCT }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::artifacts-bucket/*' },
    ] } },
    permissionsBoundary: { id: 'boundary', document: { Version: v, Statement: [
      ...filler(6, 'sqs'),
      { Sid: 'S3', Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Sid: 'NoOrgs', Effect: 'Deny', Action: 'organizations:*', Resource: '*' },
    ] } },
    session: [{ id: 'session', document: { Version: v, Statement: [
      { Sid: 'Builds', Effect: 'Allow', Action: 's3:Put*', Resource: 'arn:aws:s3:::artifacts-bucket/builds/42/*' },
      { Sid: 'Tags', Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } } },
    ] } }],
    scp: [
      [{ id: 'FullAWSAccess', document: { Version: v, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
      [{ id: 'ou-prod', document: { Version: v, Statement: [
        { Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' },
        { Sid: 'Regions', Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'organizations:*', 'support:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } },
        { Sid: 'Leave', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
      ] } }],
      [{ id: 'acct', document: { Version: v, Statement: [
        { Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' },
        { Sid: 'Trail', Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], Resource: '*' },
      ] } }],
    ],
    rcp: [[{ id: 'RCPFullAWSAccess', document: { Version: v, Statement: [
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Sid: 'Perimeter', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } },
    ] } }]],
    vpcEndpoint: { id: 'vpce', document: { Version: v, Statement: [
      { Sid: 'Org', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } },
    ] } },
  }
}

export function statementCount(p: PolicySet): number {
  const docs: unknown[] = []
  const add = (x?: { document: unknown }) => x && docs.push(x.document)
  p.identity?.forEach(add); add(p.resource); add(p.permissionsBoundary); p.session?.forEach(add); add(p.vpcEndpoint)
  p.scp?.flat().forEach(add); p.rcp?.flat().forEach(add)
  return docs.reduce<number>((n, d) => n + ((d as { Statement: unknown[] }).Statement.length), 0)
}
