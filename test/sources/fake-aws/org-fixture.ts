// A small organization for the fake AWS (plain JSON data):
//   r-ab12 (root)
//   ├── 111111111111 management
//   ├── ou-ab12-security0 Security ── 222222222222 tooling
//   └── ou-ab12-workload0 Workloads
//       └── ou-ab12-prod00000 Prod
//           └── ou-ab12-payments0 Payments ── 333333333333 payments-prod   (a three-level OU path)
// SCPs at the root, each OU and account 333; RCPs at the root and Workloads; users, groups, roles with boundaries,
// a KMS key with an alias, buckets, a queue, a topic, a function and a secret in 333.
import type { Doc, Fixture } from './fixture-types.js'

export const MGMT = '111111111111'
export const TOOLING = '222222222222'
export const PAYMENTS = '333333333333'
export const ROOT_ID = 'r-ab12'
export const OU_SECURITY = 'ou-ab12-security0'
export const OU_WORKLOADS = 'ou-ab12-workload0'
export const OU_PROD = 'ou-ab12-prod00000'
export const OU_PAYMENTS = 'ou-ab12-payments0'
export const ORG_ID = 'o-exampleorg1'
export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab'
export const REGION = 'us-east-1'

const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Doc = {}): Doc => ({ Effect: 'Allow', Action, Resource, ...extra })
const deny = (Action: string | string[], Resource: string | string[] = '*', extra: Doc = {}): Doc => ({ Effect: 'Deny', Action, Resource, ...extra })
const doc = (...Statement: Doc[]): Doc => ({ Version: '2012-10-17', Statement })

const p = (account: string, path: string, name: string) => `arn:aws:iam::${account}:policy${path}${name}`
export const APP_READ = p(PAYMENTS, '/app/', 'app-read')
export const DEV_BOUNDARY = p(PAYMENTS, '/', 'dev-boundary')
export const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess'
export const LAMBDA_BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'

const FULL_AWS_ACCESS = 'p-FullAWSAccess'
const RCP_FULL_AWS_ACCESS = 'p-RCPFullAWSAccess'

export const fixture: Fixture = {
  region: REGION,
  homeAccount: TOOLING,
  readerRoleName: 'iamdx-reader',
  organization: {
    id: ORG_ID,
    managementAccountId: MGMT,
    root: { id: ROOT_ID, name: 'Root' },
    ous: [
      { id: OU_SECURITY, name: 'Security', parentId: ROOT_ID },
      { id: OU_WORKLOADS, name: 'Workloads', parentId: ROOT_ID },
      { id: OU_PROD, name: 'Prod', parentId: OU_WORKLOADS },
      { id: OU_PAYMENTS, name: 'Payments', parentId: OU_PROD },
    ],
    accounts: [
      { id: MGMT, name: 'management', parentId: ROOT_ID },
      { id: TOOLING, name: 'tooling', parentId: OU_SECURITY },
      { id: PAYMENTS, name: 'payments-prod', parentId: OU_PAYMENTS },
    ],
    policies: [
      { id: FULL_AWS_ACCESS, name: 'FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', awsManaged: true, document: doc(allow('*')) },
      {
        id: 'p-denyregions1',
        name: 'deny-other-regions',
        type: 'SERVICE_CONTROL_POLICY',
        document: doc({
          Sid: 'DenyOutsideRegions',
          Effect: 'Deny',
          NotAction: ['iam:*', 'organizations:*', 'sts:*', 'support:*'],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
        }),
      },
      { id: 'p-workloads01', name: 'workloads-guard', type: 'SERVICE_CONTROL_POLICY', document: doc(deny(['iam:CreateUser', 'iam:CreateAccessKey'])) },
      { id: 'p-prodprotect', name: 'prod-protect', type: 'SERVICE_CONTROL_POLICY', document: doc(deny('s3:DeleteBucket')) },
      { id: 'p-paykms00001', name: 'payments-kms', type: 'SERVICE_CONTROL_POLICY', document: doc(deny('kms:ScheduleKeyDeletion')) },
      { id: 'p-acct3330001', name: 'payments-account', type: 'SERVICE_CONTROL_POLICY', document: doc(deny('dynamodb:DeleteTable')) },
      { id: RCP_FULL_AWS_ACCESS, name: 'RCPFullAWSAccess', type: 'RESOURCE_CONTROL_POLICY', awsManaged: true, document: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }) },
      {
        id: 'p-rcptls00001',
        name: 'require-tls',
        type: 'RESOURCE_CONTROL_POLICY',
        document: doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }),
      },
      {
        id: 'p-rcporgonly1',
        name: 'org-only-kms',
        type: 'RESOURCE_CONTROL_POLICY',
        document: doc({
          Effect: 'Deny',
          Principal: '*',
          Action: 'kms:*',
          Resource: '*',
          Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG_ID }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
        }),
      },
    ],
    attachments: {
      [ROOT_ID]: [FULL_AWS_ACCESS, 'p-denyregions1', RCP_FULL_AWS_ACCESS, 'p-rcporgonly1'],
      [OU_SECURITY]: [FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS],
      [OU_WORKLOADS]: [FULL_AWS_ACCESS, 'p-workloads01', RCP_FULL_AWS_ACCESS, 'p-rcptls00001'],
      [OU_PROD]: [FULL_AWS_ACCESS, 'p-prodprotect', RCP_FULL_AWS_ACCESS],
      [OU_PAYMENTS]: [FULL_AWS_ACCESS, 'p-paykms00001', RCP_FULL_AWS_ACCESS],
      [MGMT]: [FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS],
      [TOOLING]: [FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS],
      [PAYMENTS]: [FULL_AWS_ACCESS, 'p-acct3330001', RCP_FULL_AWS_ACCESS],
    },
  },
  awsManagedPolicies: [
    { name: 'ReadOnlyAccess', defaultVersion: 'v3', versions: { v3: doc(allow(['ec2:Describe*', 's3:Get*', 's3:List*', 'kms:Describe*'])) } },
    {
      name: 'AWSLambdaBasicExecutionRole',
      path: '/service-role/',
      defaultVersion: 'v1',
      versions: { v1: doc(allow(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'])) },
    },
  ],
  accounts: {
    [MGMT]: {
      users: [{ name: 'admin', inline: { everything: doc(allow('*')) } }],
      roles: [{ name: 'OrganizationAccountAccessRole', trust: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MGMT}:root` }, Action: 'sts:AssumeRole' }), attached: [] }],
    },
    [TOOLING]: {
      users: [{ name: 'bob', groups: ['readers'] }],
      groups: [{ name: 'readers', attached: [READ_ONLY] }],
      roles: [
        {
          name: 'auditor',
          trust: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TOOLING}:root` }, Action: 'sts:AssumeRole' }),
          attached: [READ_ONLY],
          inline: { 'assume-payments': doc(allow('sts:AssumeRole', `arn:aws:iam::${PAYMENTS}:role/service/app-role`)) },
        },
      ],
    },
    [PAYMENTS]: {
      policies: [
        {
          name: 'app-read',
          path: '/app/',
          defaultVersion: 'v2',
          versions: {
            v1: doc(allow('s3:GetObject', 'arn:aws:s3:::payments-data')),
            v2: doc(allow(['s3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::payments-data', 'arn:aws:s3:::payments-data/*'])),
          },
        },
        {
          name: 'dev-boundary',
          defaultVersion: 'v1',
          versions: { v1: doc(allow(['s3:*', 'kms:*', 'logs:*', 'ec2:Describe*', 'sqs:*', 'sns:*', 'lambda:*', 'secretsmanager:*', 'sts:AssumeRole'])) },
        },
      ],
      users: [
        {
          name: 'alice',
          path: '/eng/',
          tags: { team: 'eng', 'cost-center': 'cc 42' },
          groups: ['devs', 'oncall'],
          boundary: DEV_BOUNDARY,
          attached: [APP_READ],
          // Spaces, quotes, '+' and '&' survive URL encoding and XML escaping.
          inline: { 'alice-s3': doc(allow('s3:PutObject', 'arn:aws:s3:::payments-data/alice/*', { Sid: 'AliceWrites', Condition: { StringLike: { 's3:x-amz-meta-note': ['a b+c & "d"'] } } })) },
        },
      ],
      groups: [
        { name: 'devs', inline: { 'devs-ec2': doc(allow('ec2:Describe*')) }, attached: [READ_ONLY] },
        { name: 'oncall', path: '/ops/', inline: { 'oncall-logs': doc(allow('logs:*')) }, attached: [APP_READ] },
      ],
      roles: [
        {
          name: 'app-role',
          path: '/service/',
          tags: { team: 'payments' },
          trust: doc(
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TOOLING}:role/auditor` }, Action: 'sts:AssumeRole' },
          ),
          inline: {
            'app-inline': doc(
              allow(['kms:Decrypt', 'kms:GenerateDataKey'], `arn:aws:kms:${REGION}:${PAYMENTS}:key/${KEY_ID}`),
              // ABAC: queues named after the team in the role's own tag.
              allow('sqs:SendMessage', `arn:aws:sqs:${REGION}:${PAYMENTS}:\${aws:PrincipalTag/team}-*`, { Sid: 'TeamQueues' }),
            ),
          },
          attached: [APP_READ, LAMBDA_BASIC],
          boundary: DEV_BOUNDARY,
        },
        {
          name: 'AWSServiceRoleForSupport',
          path: '/aws-service-role/support.amazonaws.com/',
          trust: doc({ Effect: 'Allow', Principal: { Service: 'support.amazonaws.com' }, Action: 'sts:AssumeRole' }),
          attached: [],
        },
      ],
      keys: [
        {
          id: KEY_ID,
          aliases: ['alias/payments'],
          tags: { team: 'payments', classification: 'restricted' },
          policy: doc(
            { Sid: 'EnableIAM', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PAYMENTS}:root` }, Action: 'kms:*', Resource: '*' },
            { Sid: 'AppUse', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PAYMENTS}:role/service/app-role` }, Action: ['kms:Decrypt'], Resource: '*' },
          ),
        },
      ],
      buckets: [
        {
          name: 'payments-data',
          policy: doc({ Sid: 'AuditorRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TOOLING}:role/auditor` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::payments-data/*' }),
        },
        { name: 'payments-logs' },
      ],
      queues: [{ name: 'payments-events', policy: doc({ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:${REGION}:${PAYMENTS}:payments-events` }) }],
      topics: [{ name: 'payments-alerts', policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PAYMENTS}:root` }, Action: 'sns:Publish', Resource: `arn:aws:sns:${REGION}:${PAYMENTS}:payments-alerts` }) }],
      functions: [{ name: 'payments-fn', policy: doc({ Sid: 'sns', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:${REGION}:${PAYMENTS}:function:payments-fn` }) }],
      secrets: [
        {
          name: 'payments-db',
          suffix: 'AbCdEf',
          policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PAYMENTS}:role/service/app-role` }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }),
        },
      ],
    },
  },
}

export const roleArnOf = (account: string, path: string, name: string) => `arn:aws:iam::${account}:role${path}${name}`
export const APP_ROLE = roleArnOf(PAYMENTS, '/service/', 'app-role')
export const ALICE = `arn:aws:iam::${PAYMENTS}:user/eng/alice`
export const KEY_ARN = `arn:aws:kms:${REGION}:${PAYMENTS}:key/${KEY_ID}`
