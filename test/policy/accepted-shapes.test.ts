import t from 'tap'
import { parsePolicy, type ParseResult, type Policy } from '../../src/policy/index.js'

type TapTest = Parameters<Parameters<typeof t.test>[0]>[0]

const stmt = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }

function ok(t: TapTest, result: ParseResult): Policy {
  t.same(
    result.findings.filter((f) => f.severity === 'error'),
    [],
    'no error findings',
  )
  t.ok(result.policy, 'policy parsed')
  return result.policy as Policy
}


t.test('Statement as a single object or as an array', async (t) => {
  const single = ok(t, parsePolicy({ Version: '2012-10-17', Statement: stmt }))
  t.equal(single.statements.length, 1)
  t.equal(single.statements[0].index, 0)
  t.equal(single.statements[0].path, '/Statement')

  const many = ok(t, parsePolicy({ Version: '2012-10-17', Statement: [stmt, { ...stmt, Effect: 'Deny' }] }))
  t.same(
    many.statements.map((s) => [s.index, s.path, s.effect]),
    [
      [0, '/Statement/0', 'Allow'],
      [1, '/Statement/1', 'Deny'],
    ],
  )
})

t.test('Version 2012-10-17, 2008-10-17 or absent; Id and Sid kept', async (t) => {
  t.equal(ok(t, parsePolicy({ Version: '2012-10-17', Statement: stmt })).version, '2012-10-17')
  t.equal(ok(t, parsePolicy({ Version: '2008-10-17', Statement: stmt })).version, '2008-10-17')
  t.equal(ok(t, parsePolicy({ Statement: stmt })).version, null)
  const p = ok(t, parsePolicy({ Id: 'cd3ad3d9-2776-4ef1-a904-4c229d1642ee', Statement: { ...stmt, Sid: 'ReadObjects1' } }))
  t.equal(p.id, 'cd3ad3d9-2776-4ef1-a904-4c229d1642ee')
  t.equal(p.statements[0].sid, 'ReadObjects1')
  t.notOk('id' in ok(t, parsePolicy({ Statement: stmt })), 'no id key when absent')
  t.notOk('sid' in ok(t, parsePolicy({ Statement: stmt })).statements[0], 'no sid key when absent')
})

t.test('Action / NotAction / Resource / NotResource as string or array', async (t) => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['Action string', { Action: 'S3:GetObject' }, { action: ['s3:getobject'] }],
    ['Action array', { Action: ['IAM:ListAccessKeys', 'ec2:Describe*', '*'] }, { action: ['iam:listaccesskeys', 'ec2:describe*', '*'] }],
    ['NotAction string', { NotAction: 'IAM:*' }, { notAction: ['iam:*'] }],
    ['NotAction array', { NotAction: ['iam:*', 'Organizations:*'] }, { notAction: ['iam:*', 'organizations:*'] }],
  ]
  for (const [name, element, expected] of cases) {
    const s = ok(t, parsePolicy({ Statement: { Effect: 'Allow', Resource: '*', ...element } })).statements[0]
    t.same({ action: s.action, notAction: s.notAction }, { action: undefined, notAction: undefined, ...expected }, name)
  }
  const resources: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['Resource string', { Resource: 'arn:aws:iam::123456789012:user/Bob' }, { resource: ['arn:aws:iam::123456789012:user/Bob'] }],
    ['Resource array keeps case', { Resource: ['arn:aws:s3:::My-Bucket', '*'] }, { resource: ['arn:aws:s3:::My-Bucket', '*'] }],
    ['NotResource string', { NotResource: 'arn:aws:s3:::b/*' }, { notResource: ['arn:aws:s3:::b/*'] }],
    ['NotResource array', { NotResource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }, { notResource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }],
    ['ARN ending in * may omit parts', { Resource: 'arn:aws:sqs:*' }, { resource: ['arn:aws:sqs:*'] }],
    ['policy variable in resource', { Resource: 'arn:aws:s3:::b/home/${aws:username}/*' }, { resource: ['arn:aws:s3:::b/home/${aws:username}/*'] }],
  ]
  for (const [name, element, expected] of resources) {
    const s = ok(t, parsePolicy({ Statement: { Effect: 'Allow', Action: 's3:*', ...element } })).statements[0]
    t.same({ resource: s.resource, notResource: s.notResource }, { resource: undefined, notResource: undefined, ...expected }, name)
  }
})

t.test('every Principal form', async (t) => {
  const none = { aws: [], service: [], federated: [], canonicalUser: [] }
  const cases: Array<[string, unknown, Record<string, unknown>]> = [
    ['"*"', '*', { ...none, any: true }],
    ['{"AWS": "*"}', { AWS: '*' }, { ...none, any: true, aws: ['*'] }],
    ['account id', { AWS: '123456789012' }, { ...none, any: false, aws: ['123456789012'] }],
    [
      'AWS array of ARNs and account',
      { AWS: ['arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:role/Admin', '210987654321'] },
      { ...none, any: false, aws: ['arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:role/Admin', '210987654321'] },
    ],
    ['assumed-role session', { AWS: 'arn:aws:sts::123456789012:assumed-role/R/s' }, { ...none, any: false, aws: ['arn:aws:sts::123456789012:assumed-role/R/s'] }],
    ['unique id as saved by IAM', { AWS: 'AROAEXAMPLEID12345678' }, { ...none, any: false, aws: ['AROAEXAMPLEID12345678'] }],
    ['Service string', { Service: 'lambda.amazonaws.com' }, { ...none, any: false, service: ['lambda.amazonaws.com'] }],
    ['Service array', { Service: ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'] }, { ...none, any: false, service: ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'] }],
    ['Federated SAML', { Federated: 'arn:aws:iam::123456789012:saml-provider/Okta' }, { ...none, any: false, federated: ['arn:aws:iam::123456789012:saml-provider/Okta'] }],
    ['Federated web identity', { Federated: 'cognito-identity.amazonaws.com' }, { ...none, any: false, federated: ['cognito-identity.amazonaws.com'] }],
    ['CanonicalUser', { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }, { ...none, any: false, canonicalUser: ['79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be'] }],
    ['several keys', { AWS: '123456789012', Service: 's3.amazonaws.com' }, { ...none, any: false, aws: ['123456789012'], service: ['s3.amazonaws.com'] }],
  ]
  for (const [name, principal, expected] of cases) {
    const s = ok(t, parsePolicy({ Statement: { ...stmt, Principal: principal } }, { policyType: 'resource' })).statements[0]
    t.same(s.principal, expected, name)
    t.equal(s.notPrincipal, undefined)
  }
  const deny = ok(t, parsePolicy({ Statement: { ...stmt, Effect: 'Deny', NotPrincipal: { AWS: '123456789012' } } }, { policyType: 'resource' }))
  t.same(deny.statements[0].notPrincipal, { ...none, any: false, aws: ['123456789012'] }, 'NotPrincipal with Deny')
  t.equal(deny.statements[0].principal, undefined)
})

t.test('conditions: operators, numbers and booleans, paths', async (t) => {
  const p = ok(
    t,
    parsePolicy({
      Version: '2012-10-17',
      Statement: [
        stmt,
        {
          ...stmt,
          Condition: {
            NumericLessThanEquals: { 's3:max-keys': 10 },
            Bool: { 'aws:SecureTransport': true, 'aws:MultiFactorAuthPresent': false },
            'ForAnyValue:StringLikeIfExists': { 'aws:PrincipalTag/team': ['a*', 7, true, 1.5] },
            StringEqualsIfExists: { 'a~b': 'x' },
            'ForAllValues:StringEquals': { 'aws:TagKeys': [] },
            Null: { 'aws:TokenIssueTime': 'true' },
            DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' },
          },
        },
      ],
    }),
  )
  const c = p.statements[1].conditions
  t.same(
    c.map((x) => [x.operator, x.base, x.set, x.ifExists, x.key, x.values, x.path]),
    [
      ['NumericLessThanEquals', 'NumericLessThanEquals', null, false, 's3:max-keys', ['10'], '/Statement/1/Condition/NumericLessThanEquals/s3:max-keys'],
      ['Bool', 'Bool', null, false, 'aws:SecureTransport', ['true'], '/Statement/1/Condition/Bool/aws:SecureTransport'],
      ['Bool', 'Bool', null, false, 'aws:MultiFactorAuthPresent', ['false'], '/Statement/1/Condition/Bool/aws:MultiFactorAuthPresent'],
      [
        'ForAnyValue:StringLikeIfExists',
        'StringLike',
        'ForAnyValue',
        true,
        'aws:PrincipalTag/team',
        ['a*', '7', 'true', '1.5'],
        '/Statement/1/Condition/ForAnyValue:StringLikeIfExists/aws:PrincipalTag~1team',
      ],
      ['StringEqualsIfExists', 'StringEquals', null, true, 'a~b', ['x'], '/Statement/1/Condition/StringEqualsIfExists/a~0b'],
      ['ForAllValues:StringEquals', 'StringEquals', 'ForAllValues', false, 'aws:TagKeys', [], '/Statement/1/Condition/ForAllValues:StringEquals/aws:TagKeys'],
      ['Null', 'Null', null, false, 'aws:TokenIssueTime', ['true'], '/Statement/1/Condition/Null/aws:TokenIssueTime'],
      ['DateGreaterThan', 'DateGreaterThan', null, false, 'aws:CurrentTime', ['2020-01-01T00:00:00Z'], '/Statement/1/Condition/DateGreaterThan/aws:CurrentTime'],
    ],
  )
  t.same(p.statements[0].conditions, [], 'no Condition → empty list')
  t.same(
    parsePolicy({ Statement: { ...stmt, Condition: {} } }).policy?.statements[0].conditions,
    [],
    'empty Condition object is accepted',
  )
})

t.test('JSON text, URL-encoded JSON text and BOM', async (t) => {
  const doc = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'A1', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::a+b/with space/*' }],
  }
  const fromObject = ok(t, parsePolicy(doc))
  const pretty = JSON.stringify(doc, null, 2)
  const fromText = ok(t, parsePolicy(pretty))
  t.same(fromText, fromObject, 'JSON text gives the same policy')
  // IAM's GetPolicyVersion/GetRolePolicy form: RFC 3986 encoding, where '+' stays a literal plus.
  const encoded = encodeURIComponent(JSON.stringify(doc)).replace(/%2B/g, '+')
  t.match(encoded, /^%7B%22Version%22/)
  const fromEncoded = ok(t, parsePolicy(encoded))
  t.same(fromEncoded, fromObject, 'URL-encoded JSON gives the same policy')
  t.equal(fromEncoded.statements[0].resource?.[0], 'arn:aws:s3:::a+b/with space/*', "'+' is not a space")
  t.same(ok(t, parsePolicy('\ufeff' + pretty)), fromObject, 'a leading byte-order mark is ignored')
})

t.test('findings are empty for a clean policy and the result is plain data', async (t) => {
  const r = parsePolicy({ Version: '2012-10-17', Statement: stmt })
  t.same(r.findings, [])
  t.same(JSON.parse(JSON.stringify(r)), r, 'round-trips through JSON')
})
