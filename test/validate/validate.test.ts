// validatePolicy / validateDocument as a library: the finding shape and order, every code known, the same answer
// for every accepted input shape, and no input that makes it throw or point outside the document.
import t from 'tap'
import fc from 'fast-check'
import { loadCatalog, type Catalog } from '../../src/catalog/index.js'
import { FINDING_CODES, decodePolicyInput, POLICY_TYPES } from '../../src/policy/index.js'
import { SEVERITIES, VALIDATION_CODES, comparePointers, validateDocument, validatePolicy, type Finding } from '../../src/validate/index.js'

let catalog: Catalog
t.before(async () => {
  catalog = await loadCatalog()
})

const KNOWN = new Set<string>([...FINDING_CODES, ...Object.keys(VALIDATION_CODES)])
const rank = (f: Finding) => SEVERITIES.indexOf(f.severity)

function resolves(doc: unknown, pointer: string): boolean {
  if (pointer === '') return true
  let cur: unknown = doc
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(cur) && /^\d+$/.test(token) && Number(token) < cur.length) cur = cur[Number(token)]
    else if (typeof cur === 'object' && cur !== null && !Array.isArray(cur) && Object.prototype.hasOwnProperty.call(cur, token)) cur = (cur as Record<string, unknown>)[token]
    else return false
  }
  return true
}

function checkInvariants(input: unknown, findings: Finding[]): string | undefined {
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]
    if (!KNOWN.has(f.code)) return `unknown code ${f.code}`
    if (!SEVERITIES.includes(f.severity)) return `unknown severity ${f.severity}`
    if (f.code in VALIDATION_CODES && VALIDATION_CODES[f.code as keyof typeof VALIDATION_CODES] !== f.severity) return `${f.code} has severity ${f.severity}`
    if (typeof f.message !== 'string' || f.message.length === 0) return 'empty message'
    if (i > 0) {
      const p = findings[i - 1]
      if (rank(p) > rank(f) || (rank(p) === rank(f) && comparePointers(p.path, f.path) > 0)) return `out of order at ${i}`
    }
  }
  const decoded = decodePolicyInput(input)
  if (decoded.ok) {
    const doc = decoded.value()
    const bad = findings.find((f) => !resolves(doc, f.path))
    if (bad) return `${bad.code} path ${bad.path} does not resolve`
  }
  return undefined
}

const mixed = {
  Statement: [
    { Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b' },
    { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
    { Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] }, Bool: { 'aws:SecureTransport': 'yes' } } },
    { Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 's3:GetObjekt'], Resource: '*' },
  ],
}

t.test('findings: shape, known codes, severities from the code table, sorted by severity then place', async (t) => {
  const findings = validatePolicy(mixed, 'identity', catalog)
  t.equal(checkInvariants(mixed, findings), undefined)
  t.same(
    findings.map((f) => [f.severity, f.code, f.path]),
    [
      ['securityWarning', 'PASS_ROLE_WITH_STAR_IN_RESOURCE', '/Statement/1/Resource'],
      ['securityWarning', 'FORALLVALUES_ALLOW_WITHOUT_NULL_CHECK', '/Statement/2/Condition/ForAllValues:StringEquals/aws:TagKeys'],
      ['warning', 'RESOURCE_MATCHES_NO_ACTION', '/Statement/0/Resource'],
      ['warning', 'INVALID_CONDITION_VALUE', '/Statement/2/Condition/Bool/aws:SecureTransport'],
      ['warning', 'UNKNOWN_ACTION', '/Statement/3/Action/1'],
      ['suggestion', 'MISSING_VERSION', ''],
    ],
  )
  const unknown = findings.find((f) => f.code === 'UNKNOWN_ACTION')!
  t.match(unknown.message, /Did you mean s3:GetObject\?/, 'the nearest real action is suggested')
  const mismatch = findings.find((f) => f.code === 'RESOURCE_MATCHES_NO_ACTION')!
  t.match(mismatch.message, /arn:aws:s3:::b names a bucket resource/)
  t.match(mismatch.message, /arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}/, 'the ARN format the action needs')
  t.match(mismatch.message, /Did you mean arn:aws:s3:::b\/\*\?/, 'and the corrected ARN')
})

t.test('the same document as an object, JSON text or URL-encoded text gives the same findings', async (t) => {
  const text = JSON.stringify(mixed, null, 2)
  const encoded = encodeURIComponent(JSON.stringify(mixed))
  const a = validatePolicy(mixed, 'identity', catalog)
  t.same(validatePolicy(text, 'identity', catalog), a)
  t.same(validatePolicy(encoded, 'identity', catalog), a)
  t.same(validatePolicy(mixed, 'identity', catalog), a, 'deterministic')
})

t.test('the policy type changes the rules', async (t) => {
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }
  const codes = (type: (typeof POLICY_TYPES)[number]) => validatePolicy(doc, type, catalog).map((f) => f.code)
  t.ok(codes('identity').includes('principal-not-allowed'))
  t.ok(codes('scp').includes('principal-not-allowed'))
  t.ok(codes('resource').includes('PUBLIC_PRINCIPAL_WITHOUT_CONDITION'))
  t.notOk(codes('vpcEndpoint').includes('PUBLIC_PRINCIPAL_WITHOUT_CONDITION'), 'an endpoint policy only caps what others grant')
  t.ok(codes('trust').includes('resource-in-trust-policy'))
})

t.test('the size report says what was measured and against which quota', async (t) => {
  const spaced = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] }, null, 8)
  const scp = validateDocument(spaced, 'scp', catalog).size
  t.match(scp, { measured: 'asGiven', limit: 5120, unit: 'characters' })
  t.equal(scp.size, scp.chars)
  t.ok(scp.chars > scp.nonWhitespace)
  const identity = validateDocument(spaced, 'identity', catalog).size
  t.match(identity, { limit: 6144, unit: 'nonWhitespaceCharacters' })
  t.equal(identity.size, identity.nonWhitespace, 'IAM does not count white space')
  const sqs = validateDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q' }] }, 'resource', catalog).size
  t.match(sqs, { limit: 8192, unit: 'bytes', measured: 'compact' })
  const sns = validateDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:111122223333:t' }] }, 'resource', catalog).size
  t.equal(sns.limit, null, 'SNS topic policy quota: not known here')
  t.match(sns.note, /depends on the service/)
  const unicode = validateDocument({ Version: '2012-10-17', Statement: [{ Sid: 'x', Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:ü' }] }, 'resource', catalog).size
  t.equal(unicode.bytes, unicode.chars + 1, 'ü is two bytes in UTF-8')
})

t.test('unreadable input is a list of error findings, never an exception', async (t) => {
  for (const input of [undefined, null, 42, true, 'not json', '', '[]', '{"Statement": 5}', { toJSON: () => { throw new Error('x') } }]) {
    const findings = validatePolicy(input, 'identity', catalog)
    t.ok(findings.length > 0 && findings[0].severity === 'error', `${JSON.stringify(String(input))}: an error finding`)
  }
  const cyclic: Record<string, unknown> = { Version: '2012-10-17' }
  cyclic.Statement = cyclic
  t.equal(validatePolicy(cyclic, 'identity', catalog)[0].code, 'not-serializable')
})

// Documents shaped like policies, with random element values from the places where checks look.
const actionArb = fc.oneof(
  fc.constantFrom('*', 's3:GetObject', 's3:ListBucket', 's3:Get*', 'iam:PassRole', 'iam:*', 'ec2:Describe*', 'sqs:SendMessage', 's4:Nope', 'kms:Decrypt', 'lambda:InvokeFunction', 'sts:AssumeRole'),
  fc.string({ maxLength: 20 }),
)
const resourceArb = fc.oneof(
  fc.constantFrom('*', 'arn:aws:s3:::b', 'arn:aws:s3:::b/*', 'arn:aws:s3:::*', 'arn:aws:iam::111122223333:role/x', 'arn:aws:iam::*:role/*', 'arn:aws:sqs:*:*:q', 'arn:aws:lambda:us-east-1:1:function:f:*', 'arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:*', 'arn:aws:*:*:*:*'),
  fc.string({ maxLength: 30 }).map((s) => `arn:aws:${s}`),
)
const keyArb = fc.constantFrom('aws:SourceIp', 'aws:TagKeys', 'aws:RequestTag/env', 's3:prefix', 'aws:PrincipalArn', 'aws:SecureTransport', 'aws:EpochTime', 'kms:ViaService', 'iam:PassedToService', 'aws:Nope', 'token.actions.githubusercontent.com:sub')
const operatorArb = fc.constantFrom('StringEquals', 'StringLike', 'ForAllValues:StringEquals', 'ForAnyValue:StringLike', 'IpAddress', 'NumericLessThan', 'DateGreaterThan', 'Bool', 'ArnLike', 'Null', 'ForAllValues:Null', 'BinaryEquals', 'StringEqualsIfExists')
const valueArb = fc.oneof(fc.constantFrom('true', 'false', '10.0.0.0/8', '2026-01-01', '5', '${aws:username}', 'a*'), fc.string({ maxLength: 10 }))
const listOf = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }))
const statementArb = fc.record(
  {
    Effect: fc.constantFrom('Allow', 'Deny'),
    Action: listOf(actionArb),
    Resource: listOf(resourceArb),
    Principal: fc.constantFrom('*', { AWS: '*' }, { AWS: '111122223333' }, { Service: 'ec2.amazonaws.com' }),
    Condition: fc.dictionary(operatorArb, fc.dictionary(keyArb, listOf(valueArb), { maxKeys: 2 }), { maxKeys: 2 }),
  },
  { requiredKeys: ['Effect', 'Action'] },
)
const documentArb = fc.oneof(
  fc.record({ Version: fc.constantFrom('2012-10-17', '2008-10-17'), Statement: fc.array(statementArb, { maxLength: 4 }) }, { requiredKeys: ['Statement'] }),
  fc.jsonValue(),
  fc.string(),
)

t.test('property: any document, any policy type: no exception, known codes, sorted, paths that resolve', async (t) => {
  fc.assert(
    fc.property(documentArb, fc.constantFrom(...POLICY_TYPES), (doc, type) => {
      const { findings, size } = validateDocument(doc, type, catalog)
      const problem = checkInvariants(doc, findings)
      if (problem) throw new Error(problem)
      if (findings.some((f) => f.code === 'internal-error')) throw new Error('internal error')
      return Number.isInteger(size.size) && size.size >= 0
    }),
    { numRuns: 400 },
  )
})
