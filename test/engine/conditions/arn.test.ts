// ArnEquals / ArnLike / ArnNotEquals / ArnNotLike (§5.7, R4.4.5): per-component matching of the six
// colon-separated parts; the sixth takes the rest including colons; non-ARNs do not match.
import t from 'tap'
import { splitArnPattern } from '../../../src/engine/conditions/arn.js'
import { parseGlob } from '../../../src/engine/match/glob.js'
import { table, type Row } from './helpers.js'

const SRC = 'aws:SourceArn'
const PA = 'aws:PrincipalArn'

t.test('splitArnPattern', (t) => {
  const split = (s: string) => splitArnPattern(parseGlob(s))?.map((c) => c.map((p) => (typeof p === 'string' ? p : p.description)).join(''))
  t.same(split('arn:aws:s3:::bucket/*'), ['arn', 'aws', 's3', '', '', 'bucket/*'])
  t.same(split('arn:aws:iam::1:role/a:b:c'), ['arn', 'aws', 'iam', '', '1', 'role/a:b:c'], 'sixth part keeps colons')
  t.same(split('arn:*:sns:*:*:topic'), ['arn', '*', 'sns', '*', '*', 'topic'])
  t.equal(split('arn:aws:s3'), undefined, 'fewer than six parts')
  t.equal(split('*'), undefined)
  t.end()
})

const rows: Row[] = [
  {
    name: 'ArnEquals exact',
    op: 'ArnEquals',
    key: SRC,
    values: 'arn:aws:sns:us-east-1:123456789012:my-topic',
    keys: { [SRC]: 'arn:aws:sns:us-east-1:123456789012:my-topic' },
    want: true,
  },
  {
    name: 'ArnEquals accepts wildcards like ArnLike',
    op: 'ArnEquals',
    key: SRC,
    values: 'arn:aws:sns:*:123456789012:*',
    keys: { [SRC]: 'arn:aws:sns:us-east-1:123456789012:my-topic' },
    want: true,
  },
  {
    name: 'ArnLike region wildcard',
    op: 'ArnLike',
    key: SRC,
    values: 'arn:aws:sns:*:123456789012:my-topic',
    keys: { [SRC]: 'arn:aws:sns:eu-west-1:123456789012:my-topic' },
    want: true,
  },
  {
    name: 'ArnLike is case-sensitive',
    op: 'ArnLike',
    key: SRC,
    values: 'arn:aws:sns:*:123456789012:My-Topic',
    keys: { [SRC]: 'arn:aws:sns:eu-west-1:123456789012:my-topic' },
    want: false,
  },
  {
    name: 'ArnLike ? is one character',
    op: 'ArnLike',
    key: SRC,
    values: 'arn:aws:sns:us-east-?:123456789012:t',
    keys: { [SRC]: 'arn:aws:sns:us-east-1:123456789012:t' },
    want: true,
  },
  {
    name: 'OPS example: * does not consume colons (ArnLike fails)',
    op: 'ArnLike',
    key: SRC,
    values: 'arn:aws:someservice:*:111122223333:finance/*',
    keys: { [SRC]: 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt' },
    want: false,
    reason: 'does not match',
  },
  {
    name: 'OPS example: StringLike on the same value succeeds',
    op: 'StringLike',
    key: SRC,
    values: 'arn:aws:someservice:*:111122223333:finance/*',
    keys: { [SRC]: 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt' },
    want: true,
  },
  {
    name: 'resource part takes the rest including colons',
    op: 'ArnLike',
    key: SRC,
    values: 'arn:aws:logs:*:123456789012:log-group:/aws/lambda/*',
    keys: { [SRC]: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:*' },
    want: true,
  },
  {
    name: '* in the resource part crosses colons',
    op: 'ArnLike',
    key: SRC,
    values: 'arn:aws:logs:us-east-1:123456789012:*',
    keys: { [SRC]: 'arn:aws:logs:us-east-1:123456789012:log-group:x:log-stream:y' },
    want: true,
  },
  {
    name: 'empty region/account components',
    op: 'ArnLike',
    key: SRC,
    values: 'arn:aws:s3:::my-bucket/*',
    keys: { [SRC]: 'arn:aws:s3:::my-bucket/a/b' },
    want: true,
  },
  {
    name: 'empty component must be empty',
    op: 'ArnLike',
    key: SRC,
    values: 'arn:aws:s3:::my-bucket',
    keys: { [SRC]: 'arn:aws:s3:us-east-1::my-bucket' },
    want: false,
  },
  {
    name: 'role path wildcard',
    op: 'ArnLike',
    key: PA,
    values: 'arn:aws:iam::*:role/admin/*',
    keys: { [PA]: 'arn:aws:iam::111122223333:role/admin/ops/Deployer' },
    want: true,
  },
  { name: 'ArnNotLike outside', op: 'ArnNotLike', key: PA, values: 'arn:aws:iam::*:role/admin/*', keys: { [PA]: 'arn:aws:iam::1:role/dev/x' }, want: true },
  { name: 'ArnNotLike inside', op: 'ArnNotLike', key: PA, values: 'arn:aws:iam::*:role/admin/*', keys: { [PA]: 'arn:aws:iam::1:role/admin/x' }, want: false },
  { name: 'ArnNotEquals ≡ ArnNotLike', op: 'ArnNotEquals', key: PA, values: 'arn:aws:iam::*:role/admin/*', keys: { [PA]: 'arn:aws:iam::1:role/admin/x' }, want: false },
  {
    name: 'several values OR',
    op: 'ArnLike',
    key: PA,
    values: ['arn:aws:iam::1:role/a', 'arn:aws:iam::1:role/b'],
    keys: { [PA]: 'arn:aws:iam::1:role/b' },
    want: true,
  },
  {
    name: 'several values NOR',
    op: 'ArnNotLike',
    key: PA,
    values: ['arn:aws:iam::1:role/a', 'arn:aws:iam::1:role/b'],
    keys: { [PA]: 'arn:aws:iam::1:role/b' },
    want: false,
  },
  // missing keys
  { name: 'missing: ArnLike false', op: 'ArnLike', key: SRC, values: 'arn:*:*:*:*:*', keys: {}, want: false },
  { name: 'missing: ArnEquals false', op: 'ArnEquals', key: SRC, values: 'arn:*:*:*:*:*', keys: {}, want: false },
  { name: 'missing: ArnNotLike true', op: 'ArnNotLike', key: SRC, values: 'arn:*:*:*:*:*', keys: {}, want: true },
  { name: 'missing: ArnNotEquals true', op: 'ArnNotEquals', key: SRC, values: 'arn:*:*:*:*:*', keys: {}, want: true },
  { name: 'missing: ArnLikeIfExists true', op: 'ArnLikeIfExists', key: SRC, values: 'arn:*:*:*:*:*', keys: {}, want: true },
  { name: 'missing: ArnNotLikeIfExists true', op: 'ArnNotLikeIfExists', key: SRC, values: 'arn:*:*:*:*:*', keys: {}, want: true },
  // not an ARN
  {
    name: 'request value that is not an ARN does not match',
    op: 'ArnLike',
    key: SRC,
    values: 'arn:*:*:*:*:*',
    keys: { [SRC]: 'my-topic' },
    want: false,
    issue: "not an ARN (arn:partition:service:region:account:resource): 'my-topic'",
  },
  {
    name: 'request value that is not an ARN under ArnNotLike: issue, no match',
    op: 'ArnNotLike',
    key: SRC,
    values: 'arn:*:*:*:*:*',
    keys: { [SRC]: 'arn:aws:s3' },
    want: false,
    issue: 'not an ARN',
  },
  {
    name: 'policy value that is not an ARN pattern: issue, matches nothing',
    op: 'ArnLike',
    key: SRC,
    values: '*',
    keys: { [SRC]: 'arn:aws:s3:::b' },
    want: false,
    issue: "not an ARN pattern (six colon-separated parts): '*'",
  },
  {
    name: 'invalid policy pattern under ArnNotLike does not exclude',
    op: 'ArnNotLike',
    key: SRC,
    values: 'arn:aws',
    keys: { [SRC]: 'arn:aws:s3:::b' },
    want: true,
    issue: true,
  },
  // set operators
  {
    name: 'ForAnyValue:ArnLike',
    op: 'ForAnyValue:ArnLike',
    key: 'svc:Arns',
    values: 'arn:aws:s3:::b/*',
    keys: { 'svc:Arns': ['arn:aws:s3:::a/x', 'arn:aws:s3:::b/x'] },
    want: true,
  },
  {
    name: 'ForAllValues:ArnLike one outside',
    op: 'ForAllValues:ArnLike',
    key: 'svc:Arns',
    values: 'arn:aws:s3:::b/*',
    keys: { 'svc:Arns': ['arn:aws:s3:::a/x', 'arn:aws:s3:::b/x'] },
    want: false,
  },
  {
    name: 'ForAllValues:ArnNotLike none inside',
    op: 'ForAllValues:ArnNotLike',
    key: 'svc:Arns',
    values: 'arn:aws:s3:::b/*',
    keys: { 'svc:Arns': ['arn:aws:s3:::a/x', 'arn:aws:s3:::c/x'] },
    want: true,
  },
  { name: 'ForAllValues:ArnLike missing', op: 'ForAllValues:ArnLike', key: 'svc:Arns', values: 'arn:*:*:*:*:*', keys: {}, want: true },
  { name: 'ForAnyValue:ArnLike empty', op: 'ForAnyValue:ArnLike', key: 'svc:Arns', values: 'arn:*:*:*:*:*', keys: { 'svc:Arns': [] }, want: false },
  // variables
  {
    name: 'variable in the resource part',
    op: 'ArnLike',
    key: SRC,
    values: 'arn:aws:s3:::home/${aws:username}/*',
    keys: { [SRC]: 'arn:aws:s3:::home/alice/x', 'aws:username': 'alice' },
    want: true,
    policyValues: ['arn:aws:s3:::home/alice/*'],
  },
  {
    name: 'variable standing for a whole ARN',
    op: 'ArnEquals',
    key: SRC,
    values: '${aws:PrincipalArn}',
    keys: { [SRC]: 'arn:aws:iam::1:role/r', 'aws:PrincipalArn': 'arn:aws:iam::1:role/r' },
    want: true,
  },
  {
    name: 'variable in the account component',
    op: 'ArnLike',
    key: SRC,
    values: 'arn:aws:sns:*:${aws:PrincipalAccount}:*',
    keys: { [SRC]: 'arn:aws:sns:us-east-1:111122223333:t', 'aws:PrincipalAccount': '111122223333' },
    want: true,
  },
  {
    name: 'unresolved variable: ArnLike does not match',
    op: 'ArnLike',
    key: SRC,
    values: 'arn:aws:s3:::home/${aws:username}/*',
    keys: { [SRC]: 'arn:aws:s3:::home/alice/x' },
    want: false,
    reason: 'no value and no default',
  },
  {
    name: 'unresolved variable: ArnNotLike is not excluded',
    op: 'ArnNotLike',
    key: SRC,
    values: 'arn:aws:s3:::home/${aws:username}/*',
    keys: { [SRC]: 'arn:aws:s3:::home/alice/x' },
    want: true,
  },
  {
    name: 'variable default',
    op: 'ArnLike',
    key: SRC,
    values: "arn:aws:s3:::home/${aws:username, 'shared'}/*",
    keys: { [SRC]: 'arn:aws:s3:::home/shared/x' },
    want: true,
  },
  {
    name: 'Version 2008-10-17: variable is literal',
    op: 'ArnLike',
    key: SRC,
    values: 'arn:aws:s3:::home/${aws:username}/*',
    keys: { [SRC]: 'arn:aws:s3:::home/alice/x', 'aws:username': 'alice' },
    want: false,
    version: '2008-10-17',
  },
  {
    name: 'no Version: literal text matches',
    op: 'ArnLike',
    key: SRC,
    values: 'arn:aws:s3:::home/${aws:username}/*',
    keys: { [SRC]: 'arn:aws:s3:::home/${aws:username}/x' },
    want: true,
    version: null,
  },
  {
    name: 'key name case-insensitive',
    op: 'ArnLike',
    key: 'AWS:SOURCEARN',
    values: 'arn:aws:s3:::b',
    keys: { [SRC]: 'arn:aws:s3:::b' },
    want: true,
  },
]

t.test('ARN operators', (t) => {
  table(t, rows)
  t.end()
})
