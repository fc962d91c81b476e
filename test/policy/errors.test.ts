import t from 'tap'
import { FINDING_CODES, parsePolicy, type ParseResult, type PolicyType } from '../../src/policy/index.js'

const stmt = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }
const doc = (statement: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [statement] })

const list = (r: ParseResult, severity: 'error' | 'warning') =>
  r.findings.filter((f) => f.severity === severity).map((f) => `${f.code} ${f.path}`)

interface Case {
  name: string
  input: unknown
  type?: PolicyType
  errors: string[]
  /** A fragment the first error message must contain. */
  message?: RegExp
}

const circular: Record<string, unknown> = { Statement: [] }
circular.self = circular

const cases: Case[] = [
  // Input and document shape
  { name: 'text that is not JSON', input: 'not json', errors: ['invalid-json '], message: /not valid JSON/ },
  { name: 'empty text', input: '  ', errors: ['invalid-json '], message: /empty/ },
  { name: 'broken URL-encoded JSON', input: '%7B%22Version%22%3A', errors: ['invalid-json '], message: /URL-encoded/ },
  { name: 'bad percent escape', input: '%E0%A4%A', errors: ['invalid-json '] },
  { name: 'array document', input: [stmt], errors: ['not-an-object '], message: /must be a JSON object; got an array/ },
  { name: 'array JSON text', input: '[1,2]', errors: ['not-an-object '] },
  { name: 'number', input: 42, errors: ['not-an-object '] },
  { name: 'null', input: null, errors: ['not-an-object '] },
  { name: 'undefined', input: undefined, errors: ['not-an-object '] },
  { name: 'boolean', input: true, errors: ['not-an-object '] },
  { name: 'JSON text holding a JSON string', input: JSON.stringify(JSON.stringify(doc(stmt))), errors: ['not-an-object '], message: /encoded twice/ },
  { name: 'circular object', input: circular, errors: ['not-serializable '], message: /cannot be written as JSON/ },
  { name: 'BigInt inside', input: { Statement: [{ ...stmt, Sid: 10n }] }, errors: ['not-serializable '] },
  { name: 'missing Statement', input: { Version: '2012-10-17' }, errors: ['missing-statement '] },
  { name: 'Statement a string', input: { Statement: 'Allow' }, errors: ['invalid-statement /Statement'] },
  { name: 'Statement null', input: { Statement: null }, errors: ['invalid-statement /Statement'] },
  { name: 'statement a string', input: { Statement: [stmt, 'x'] }, errors: ['statement-not-object /Statement/1'] },
  { name: 'statement null', input: { Statement: [null] }, errors: ['statement-not-object /Statement/0'] },
  { name: 'statement an array', input: { Statement: [[stmt]] }, errors: ['statement-not-object /Statement/0'] },
  { name: 'unknown top-level element', input: { ...doc(stmt), Foo: 1 }, errors: ['unknown-element /Foo'] },
  {
    name: 'top-level names are case-sensitive',
    input: { version: '2012-10-17', Statement: [stmt] },
    errors: ['unknown-element /version'],
    message: /Did you mean "Version"\?/,
  },
  {
    name: 'lower-case statement',
    input: { statement: [stmt] },
    errors: ['unknown-element /statement', 'missing-statement '],
    message: /Did you mean "Statement"\?/,
  },
  { name: 'Version not one of the two', input: { ...doc(stmt), Version: '2012-10-18' }, errors: ['invalid-version /Version'] },
  { name: 'Version a number', input: { ...doc(stmt), Version: 2012 }, errors: ['invalid-version /Version'] },
  { name: 'Id a number', input: { ...doc(stmt), Id: 7 }, errors: ['invalid-type /Id'] },
  // Statement elements
  { name: 'missing Effect', input: doc({ Action: '*', Resource: '*' }), errors: ['missing-effect /Statement/0'] },
  {
    name: 'Effect allow (case)',
    input: doc({ ...stmt, Effect: 'allow' }),
    errors: ['invalid-effect /Statement/0/Effect'],
    message: /did you mean "Allow"\?/i,
  },
  { name: 'Effect DENY (case)', input: doc({ ...stmt, Effect: 'DENY' }), errors: ['invalid-effect /Statement/0/Effect'], message: /did you mean "Deny"\?/i },
  { name: 'Effect Permit', input: doc({ ...stmt, Effect: 'Permit' }), errors: ['invalid-effect /Statement/0/Effect'] },
  { name: 'Effect a boolean', input: doc({ ...stmt, Effect: true }), errors: ['invalid-effect /Statement/0/Effect'] },
  {
    name: 'unknown statement element (case matters)',
    input: doc({ ...stmt, action: 's3:PutObject' }),
    errors: ['unknown-element /Statement/0/action'],
    message: /Did you mean "Action"\?/,
  },
  { name: 'unknown element with a slash', input: doc({ ...stmt, 'a/b~c': 1 }), errors: ['unknown-element /Statement/0/a~1b~0c'] },
  { name: 'Sid a number', input: doc({ ...stmt, Sid: 1 }), errors: ['invalid-type /Statement/0/Sid'] },
  { name: 'both Action and NotAction', input: doc({ ...stmt, NotAction: 'iam:*' }), errors: ['action-and-notaction /Statement/0'] },
  { name: 'neither Action nor NotAction', input: doc({ Effect: 'Allow', Resource: '*' }), errors: ['missing-action /Statement/0'] },
  { name: 'both Resource and NotResource', input: doc({ ...stmt, NotResource: '*' }), errors: ['resource-and-notresource /Statement/0'] },
  {
    name: 'both Principal and NotPrincipal',
    input: doc({ ...stmt, Effect: 'Deny', Principal: '*', NotPrincipal: { AWS: '123456789012' } }),
    errors: ['principal-and-notprincipal /Statement/0'],
  },
  { name: 'Action an object', input: doc({ ...stmt, Action: { s3: 'GetObject' } }), errors: ['invalid-type /Statement/0/Action'] },
  { name: 'Action entry not a string', input: doc({ ...stmt, Action: ['s3:GetObject', 5] }), errors: ['invalid-type /Statement/0/Action/1'] },
  { name: 'Action empty array', input: doc({ ...stmt, Action: [] }), errors: ['empty-array /Statement/0/Action'] },
  { name: 'NotAction null', input: doc({ Effect: 'Deny', NotAction: null, Resource: '*' }), errors: ['invalid-type /Statement/0/NotAction'] },
  { name: 'Resource a number', input: doc({ ...stmt, Resource: 5 }), errors: ['invalid-type /Statement/0/Resource'] },
  { name: 'Resource empty array', input: doc({ ...stmt, Resource: [] }), errors: ['empty-array /Statement/0/Resource'] },
  { name: 'NotResource entry an object', input: doc({ Effect: 'Deny', Action: '*', NotResource: [{}] }), errors: ['invalid-type /Statement/0/NotResource/0'] },
  { name: 'action without colon', input: doc({ ...stmt, Action: 's3GetObject' }), errors: ['invalid-action /Statement/0/Action'], message: /no ":"/ },
  { name: 'action without name', input: doc({ ...stmt, Action: ['s3:GetObject', 's3:'] }), errors: ['invalid-action /Statement/0/Action/1'], message: /no action name/ },
  { name: 'action without prefix', input: doc({ ...stmt, Action: ':Get' }), errors: ['invalid-action /Statement/0/Action'], message: /no service prefix/ },
  { name: 'action with two colons', input: doc({ ...stmt, Action: 's3:Get:Object' }), errors: ['invalid-action /Statement/0/Action'] },
  { name: 'wildcard in service prefix', input: doc({ ...stmt, Action: 's*:GetObject' }), errors: ['invalid-action /Statement/0/Action'], message: /wildcard in the service prefix/ },
  { name: 'odd characters in prefix', input: doc({ ...stmt, Action: 's3/x:GetObject' }), errors: ['invalid-action /Statement/0/Action'] },
  {
    name: 'resource not an ARN',
    input: doc({ ...stmt, Resource: 'my-bucket' }),
    errors: ['invalid-resource /Statement/0/Resource'],
    message: /must be in ARN format .* or "\*"/,
  },
  { name: 'NotResource entry not an ARN', input: doc({ Effect: 'Deny', Action: '*', NotResource: ['arn:aws:s3:::b', 's3://b'] }), errors: ['invalid-resource /Statement/0/NotResource/1'] },
  { name: 'partial ARN', input: doc({ ...stmt, Resource: 'arn:aws:s3' }), errors: ['incomplete-resource-arn /Statement/0/Resource'], message: /3 of the 6 ARN parts/ },
  { name: 'partial ARN with a name', input: doc({ ...stmt, Resource: 'arn:aws:s3:bucket' }), errors: ['incomplete-resource-arn /Statement/0/Resource'] },
  { name: 'empty service segment', input: doc({ ...stmt, Resource: 'arn:aws::us-east-1:123456789012:x' }), errors: ['invalid-resource /Statement/0/Resource'] },
  // Principal
  { name: 'Principal a bare ARN string', input: doc({ ...stmt, Principal: 'arn:aws:iam::123456789012:root' }), type: 'resource', errors: ['invalid-principal /Statement/0/Principal'], message: /\{"AWS": / },
  { name: 'Principal a number', input: doc({ ...stmt, Principal: 5 }), type: 'resource', errors: ['invalid-principal /Statement/0/Principal'] },
  { name: 'Principal empty object', input: doc({ ...stmt, Principal: {} }), type: 'resource', errors: ['invalid-principal /Statement/0/Principal'] },
  { name: 'AWS principal not an account, ARN or *', input: doc({ ...stmt, Principal: { AWS: ['123456789012', 'bob'] } }), type: 'resource', errors: ['invalid-principal /Statement/0/Principal/AWS/1'] },
  { name: 'AWS principal account with 11 digits', input: doc({ ...stmt, Principal: { AWS: '12345678901' } }), type: 'resource', errors: ['invalid-principal /Statement/0/Principal/AWS'] },
  {
    name: 'unknown Principal key (case)',
    input: doc({ ...stmt, Principal: { aws: '123456789012' } }),
    type: 'resource',
    errors: ['unknown-principal-key /Statement/0/Principal/aws'],
    message: /Did you mean "AWS"\?/,
  },
  { name: 'unknown Principal key', input: doc({ ...stmt, Principal: { Group: 'x' } }), type: 'resource', errors: ['unknown-principal-key /Statement/0/Principal/Group'] },
  { name: 'Principal value an object', input: doc({ ...stmt, Principal: { Service: { a: 1 } } }), type: 'resource', errors: ['invalid-type /Statement/0/Principal/Service'] },
  { name: 'Principal empty list', input: doc({ ...stmt, Principal: { AWS: [] } }), type: 'resource', errors: ['empty-array /Statement/0/Principal/AWS'] },
  {
    name: 'partial wildcard in a principal ARN',
    input: doc({ ...stmt, Principal: { AWS: 'arn:aws:iam::123456789012:user/dev-*' } }),
    type: 'resource',
    errors: ['principal-wildcard /Statement/0/Principal/AWS'],
    message: /aws:PrincipalArn/,
  },
  { name: 'partial wildcard in a service principal', input: doc({ ...stmt, Principal: { Service: ['s3.amazonaws.com', '*.amazonaws.com'] } }), type: 'resource', errors: ['principal-wildcard /Statement/0/Principal/Service/1'] },
  // Condition
  { name: 'Condition a string', input: doc({ ...stmt, Condition: 'x' }), errors: ['invalid-condition /Statement/0/Condition'] },
  { name: 'Condition an array', input: doc({ ...stmt, Condition: [] }), errors: ['invalid-condition /Statement/0/Condition'] },
  { name: 'operator block a string', input: doc({ ...stmt, Condition: { StringEquals: 'x' } }), errors: ['invalid-condition /Statement/0/Condition/StringEquals'] },
  {
    name: 'operator misspelt',
    input: doc({ ...stmt, Condition: { StringEqual: { 'aws:username': 'bob' } } }),
    errors: ['unknown-operator /Statement/0/Condition/StringEqual'],
    message: /"StringEqual".*Did you mean "StringEquals"\?/,
  },
  {
    name: 'operator mis-cased',
    input: doc({ ...stmt, Condition: { stringEquals: { 'aws:username': 'bob' } } }),
    errors: ['unknown-operator /Statement/0/Condition/stringEquals'],
    message: /Did you mean "StringEquals"\?/,
  },
  {
    name: 'set prefix misspelt',
    input: doc({ ...stmt, Condition: { 'ForAllValue:StringLike': { 'aws:TagKeys': 'a*' } } }),
    errors: ['unknown-operator /Statement/0/Condition/ForAllValue:StringLike'],
    message: /Did you mean "ForAllValues:StringLike"\?/,
  },
  { name: 'operator unknown', input: doc({ ...stmt, Condition: { Bogus: { k: 'v' } } }), errors: ['unknown-operator /Statement/0/Condition/Bogus'] },
  { name: 'Null with IfExists', input: doc({ ...stmt, Condition: { NullIfExists: { 'aws:TokenIssueTime': 'true' } } }), errors: ['ifexists-not-allowed /Statement/0/Condition/NullIfExists'] },
  { name: 'Null with a set operator and IfExists', input: doc({ ...stmt, Condition: { 'ForAnyValue:NullIfExists': { k: 'true' } } }), errors: ['ifexists-not-allowed /Statement/0/Condition/ForAnyValue:NullIfExists'] },
  { name: 'condition value null', input: doc({ ...stmt, Condition: { StringEquals: { k: null } } }), errors: ['invalid-condition-value /Statement/0/Condition/StringEquals/k'] },
  { name: 'null inside condition values', input: doc({ ...stmt, Condition: { StringEquals: { k: ['a', null] } } }), errors: ['invalid-condition-value /Statement/0/Condition/StringEquals/k/1'] },
  { name: 'condition value an object', input: doc({ ...stmt, Condition: { StringEquals: { 'aws:PrincipalTag/a': { x: 1 } } } }), errors: ['invalid-condition-value /Statement/0/Condition/StringEquals/aws:PrincipalTag~1a'] },
  { name: 'nested array in condition values', input: doc({ ...stmt, Condition: { NumericEquals: { k: [[1]] } } }), errors: ['invalid-condition-value /Statement/0/Condition/NumericEquals/k/0'] },
  // Characters (IAM types)
  { name: 'character beyond U+00FF in an identity policy', input: doc({ ...stmt, Resource: 'arn:aws:s3:::b/€' }), type: 'identity', errors: ['invalid-characters /Statement/0/Resource'], message: /U\+20AC/ },
  { name: 'control character in a condition key', input: doc({ ...stmt, Condition: { StringEquals: { 'a\u0001b': 'x' } } }), type: 'identity', errors: ['invalid-characters /Statement/0/Condition/StringEquals/a\u0001b'] },
  // Options
  { name: 'unknown policy type', input: doc(stmt), type: 'bogus' as PolicyType, errors: ['invalid-policy-type '] },
]

for (const c of cases) {
  t.test(c.name, async (t) => {
    const r = parsePolicy(c.input, c.type ? { policyType: c.type } : undefined)
    t.equal(r.policy, null, 'no policy when there are errors')
    t.same(list(r, 'error'), c.errors)
    if (c.message) t.match(r.findings.find((f) => f.severity === 'error')?.message ?? '', c.message)
    for (const f of r.findings) {
      t.ok((FINDING_CODES as readonly string[]).includes(f.code), `${f.code} is a declared code`)
      t.ok(f.message.length > 20, 'has a message')
    }
  })
}

t.test('every declared error code is exercised by a case above (or is internal)', async (t) => {
  const exercised = new Set(cases.flatMap((c) => c.errors.map((e) => e.split(' ')[0])))
  const warningsOrTyped = new Set([
    'no-statements',
    'missing-resource',
    'resource-service-wildcard',
    'action-whitespace',
    'empty-condition-values',
    'principal-not-allowed',
    'principal-required',
    'notprincipal-not-allowed',
    'notprincipal-with-allow',
    'element-not-allowed',
    'rcp-principal-not-wildcard',
    'resource-in-trust-policy',
    'id-in-identity-policy',
    'duplicate-sid',
    'invalid-sid-characters',
    'internal-error',
  ])
  const missing = FINDING_CODES.filter((c) => !exercised.has(c) && !warningsOrTyped.has(c))
  t.same(missing, [], 'all shape and element error codes have a case here (the rest: policy-types and warnings tests)')
})

t.test('several errors are all reported, in document order', async (t) => {
  const r = parsePolicy({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'allow', Action: 's3GetObject', Resource: 'bucket' },
      { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringEquals: { k: null } } },
    ],
  })
  t.same(list(r, 'error'), [
    'invalid-effect /Statement/0/Effect',
    'invalid-action /Statement/0/Action',
    'invalid-resource /Statement/0/Resource',
    'invalid-condition-value /Statement/1/Condition/StringEquals/k',
  ])
})

t.test('warnings', async (t) => {
  const warnings: Array<[string, unknown, PolicyType | undefined, string[]]> = [
    ['duplicate Sid', { Statement: [{ ...stmt, Sid: 'A' }, { ...stmt, Sid: 'B' }, { ...stmt, Sid: 'A' }] }, undefined, ['duplicate-sid /Statement/2/Sid']],
    ['Sid with other characters', doc({ ...stmt, Sid: 'read-objects' }), undefined, ['invalid-sid-characters /Statement/0/Sid']],
    ['Sid with a space', doc({ ...stmt, Sid: 'Read objects' }), 'identity', ['invalid-sid-characters /Statement/0/Sid']],
    ['empty Statement array', { Version: '2012-10-17', Statement: [] }, undefined, ['no-statements /Statement']],
    ['condition with no values', doc({ ...stmt, Condition: { StringEquals: { k: [] } } }), undefined, ['empty-condition-values /Statement/0/Condition/StringEquals/k']],
    ['white space in an action', doc({ ...stmt, Action: ['ec2: DescribeInstances'] }), 'identity', ['action-whitespace /Statement/0/Action/0']],
    ['wildcard in the resource service', doc({ ...stmt, Resource: 'arn:aws:s*:::b' }), undefined, ['resource-service-wildcard /Statement/0/Resource']],
    ['Id in an identity policy', { ...doc(stmt), Id: 'x' }, 'identity', ['id-in-identity-policy /Id']],
    ['character beyond U+00FF without a type', doc({ ...stmt, Sid: 'Caf\u00e9\u2603' }), undefined, ['invalid-sid-characters /Statement/0/Sid', 'invalid-characters /Statement/0/Sid']],
    ['missing Resource without a type', doc({ Effect: 'Allow', Action: '*' }), undefined, ['missing-resource /Statement/0']],
  ]
  for (const [name, input, type, expected] of warnings) {
    const r = parsePolicy(input, type ? { policyType: type } : undefined)
    t.same(list(r, 'error'), [], `${name}: no errors`)
    t.ok(r.policy, `${name}: policy parsed`)
    t.same(list(r, 'warning'), expected, name)
  }
  const latin1 = parsePolicy(doc({ ...stmt, Resource: 'arn:aws:s3:::caf\u00e9/\u00ff' }), { policyType: 'identity' })
  t.same(latin1.findings, [], 'U+00E9 and U+00FF are allowed')
  const tabs = parsePolicy(doc({ ...stmt, Condition: { StringEquals: { k: 'a\tb\r\nc' } } }), { policyType: 'identity' })
  t.same(tabs.findings, [], 'tab, CR and LF are allowed')
})

t.test('the canonical-text pre-check never misses a disallowed character', async (t) => {
  const { firstDisallowedCharacter, mayHaveDisallowedCharacters } = await import('../../src/policy/charset.js')
  const fc = (await import('fast-check')).default
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string()), (s) => {
      if (firstDisallowedCharacter(s) !== -1 && !mayHaveDisallowedCharacters(JSON.stringify({ k: s }))) {
        throw new Error(`missed ${JSON.stringify(s)}`)
      }
    }),
    { numRuns: 3000 },
  )
  for (const c of ['\b', '\f', '\u000b', '\u0000', '\u001f', '\u007f', '\ud800', '\u0100']) {
    const bad = c !== '\u007f'
    const r = parsePolicy(doc({ ...stmt, Condition: { StringEquals: { k: `a${c}b` } } }), { policyType: 'identity' })
    t.equal(r.findings.some((f) => f.code === 'invalid-characters'), bad, `U+${c.charCodeAt(0).toString(16)}`)
  }
})
