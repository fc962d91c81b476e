// AccessDenied messages: every policy-type phrase in both forms maps to its layer, wrappers are peeled and what
// they say is kept, and texts that are not denials are told apart.
import t from 'tap'
import { loadCatalog } from '../../src/catalog/index.js'
import { ingestErrorMessage, POLICY_TYPE_PHRASES } from '../../src/ingest/index.js'
import { parseMessage } from '../../src/ingest/message/parse-message.js'
import { servicePrefixCandidates, unwrapMessage } from '../../src/ingest/message/unwrap.js'

const catalog = await loadCatalog()
const P = 'arn:aws:iam::111122223333:user/alice'

t.test('every documented policy-type phrase, implicit and explicit, names its layer', async (t) => {
  const expected: Record<string, string> = {
    'service control policy': 'scp',
    'resource control policy': 'rcp',
    'vpc endpoint policy': 'vpcEndpoint',
    'permissions boundary': 'permissionsBoundary',
    'session policy': 'session',
    'sessions policy': 'session',
    'resource-based policy': 'resource',
    'identity-based policy': 'identity',
    'role trust policy': 'resource',
  }
  t.same(POLICY_TYPE_PHRASES.map((p) => p.phrase).sort(), Object.keys(expected).sort(), 'the table holds exactly the phrases of DENIED')
  for (const { phrase } of POLICY_TYPE_PHRASES) {
    const written = phrase.replace('vpc', 'VPC')
    const implicit = parseMessage(`User: ${P} is not authorized to perform: s3:GetObject because no ${written} allows the s3:GetObject action`)
    t.equal(implicit.cause?.decision, 'implicitDeny', `${phrase}: implicit`)
    t.equal(implicit.cause?.layer, expected[phrase], `${phrase} → ${expected[phrase]}`)
    t.equal(implicit.cause?.phrase, written)
    for (const article of ['a', 'an', 'the']) {
      const explicit = parseMessage(`User: ${P} is not authorized to perform: s3:GetObject with an explicit deny in ${article} ${written}`)
      t.equal(explicit.cause?.decision, 'explicitDeny', `${phrase} (${article}): explicit`)
      t.equal(explicit.cause?.layer, expected[phrase])
      t.equal(explicit.leftover, undefined, 'nothing left over')
    }
  }
})

t.test('the parts of the core: principal, action, resource with and without quotes, IAM "role NAME"', async (t) => {
  const quoted = parseMessage(`User: ${P} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/a key.txt" because no identity-based policy allows the s3:GetObject action`)
  t.equal(quoted.resource, 'arn:aws:s3:::b/a key.txt', 'S3 quotes the resource (and keys may hold spaces)')
  const plain = parseMessage(`User: ${P} is not authorized to perform: ec2:CreateSnapshot on resource: arn:aws:ec2:us-east-1::snapshot/* because no identity-based policy allows the ec2:CreateSnapshot action.`)
  t.equal(plain.resource, 'arn:aws:ec2:us-east-1::snapshot/*')
  t.equal(plain.cause?.layer, 'identity')
  t.equal(plain.leftover, undefined, 'the sentence dot is not left over')
  const iam = parseMessage(`User: ${P} is not authorized to perform: iam:CreatePolicy on resource: policy policyName`)
  t.equal(iam.resource, 'policy policyName')
  t.equal(iam.cause, undefined)
  const noColon = parseMessage(`User: ${P} is not authorized to perform sts:AssumeRole on resource: arn:aws:iam::444455556666:role/x`)
  t.equal(noColon.action, 'sts:AssumeRole', '"perform" without its colon')
  const older = parseMessage(`User: ${P} is not authorized to perform: s3:ListBucket on resource: arn:aws:s3:::b`)
  t.equal(older.cause, undefined, 'the older wording names no cause')
  const unknownTail = parseMessage(`User: ${P} is not authorized to perform: s3:ListBucket on resource: arn:aws:s3:::b for reasons unknown`)
  t.equal(unknownTail.leftover, 'for reasons unknown', 'text not read is kept for a note')
})

t.test('policy ARN suffix, policy name, authorization ID, encoded message', async (t) => {
  const m = parseMessage(
    `User: ${P} is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::111122223333:role/* with an explicit deny in a permissions boundary: arn:aws:iam::111122223333:policy/boundary (boundary). Go to https://console.aws.amazon.com/iam/home#/authorization-details/abc123 for complete details, or call the GetRequestAuthorizationDetails API with the following authorization id: abc123`,
  )
  t.equal(m.cause?.policyArn, 'arn:aws:iam::111122223333:policy/boundary')
  t.equal(m.cause?.policyName, 'boundary')
  t.equal(m.authorizationId, 'abc123')
  t.equal(m.leftover, undefined)
  const enc = parseMessage('You are not authorized to perform this operation. Encoded authorization failure message: AbC-_12=')
  t.equal(enc.generic, 'ec2NotAuthorized')
  t.equal(enc.encodedMessage, 'AbC-_12=')
})

t.test('wrappers: CLI, Go v1/v2, Java v1/v2, JS, .NET, XML and JSON bodies', async (t) => {
  const core = `User: ${P} is not authorized to perform: s3:GetObject`
  const cases: Array<[string, Partial<{ errorCode: string; operation: string; service: string; requestId: string; status: number }>]> = [
    [`An error occurred (AccessDenied) when calling the GetObject operation: ${core}`, { errorCode: 'AccessDenied', operation: 'GetObject' }],
    [`fatal error: An error occurred (AccessDenied) when calling the ListObjectsV2 operation (reached max retries: 2): ${core}`, { errorCode: 'AccessDenied', operation: 'ListObjectsV2' }],
    [`operation error S3: GetObject, https response error StatusCode: 403, RequestID: R1, HostID: H1, api error AccessDenied: ${core}`, { service: 'S3', operation: 'GetObject', status: 403, requestId: 'R1', errorCode: 'AccessDenied' }],
    [`AccessDenied: ${core}\n\tstatus code: 403, request id: R2, host id: H2`, { errorCode: 'AccessDenied', status: 403, requestId: 'R2' }],
    [`${core} (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: R3; S3 Extended Request ID: E; Proxy: null)`, { service: 'Amazon S3', status: 403, errorCode: 'AccessDenied', requestId: 'R3' }],
    [`software.amazon.awssdk.services.s3.model.S3Exception: ${core} (Service: S3, Status Code: 403, Request ID: R4, Extended Request ID: E)`, { service: 'S3', status: 403, requestId: 'R4' }],
    [`AccessDeniedException: ${core}`, { errorCode: 'AccessDeniedException' }],
    [`Amazon.S3.AmazonS3Exception: ${core}`, {}],
    [`<Error><Code>AccessDenied</Code><Message>${core.replace(/"/g, '&quot;')}</Message><RequestId>R5</RequestId></Error>`, { errorCode: 'AccessDenied', requestId: 'R5' }],
    [JSON.stringify({ __type: 'com.amazonaws.kms#AccessDeniedException', message: core }), { errorCode: 'AccessDeniedException' }],
    [JSON.stringify({ Error: { Code: 'AccessDenied', Message: core } }), { errorCode: 'AccessDenied' }],
  ]
  for (const [text, expected] of cases) {
    const { text: inner, wrapping } = unwrapMessage(text)
    t.equal(inner, core, `peeled: ${text.slice(0, 60)}`)
    t.match(wrapping, expected)
    t.ok(wrapping.recognised.length > 0, 'says which wrapper')
  }
  t.same(unwrapMessage('\u001b[31mAccess Denied\u001b[0m').text, 'Access Denied', 'terminal colours are dropped')
  t.equal(unwrapMessage(JSON.stringify({ eventSource: 's3.amazonaws.com' })).wrapping.otherDocument, 'cloudTrailEvent')
  t.equal(unwrapMessage(JSON.stringify({ DecodedMessage: '{}' })).wrapping.otherDocument, 'decodedAuthorizationMessage')
  t.same(servicePrefixCandidates('Secrets Manager'), ['secretsmanager'])
  t.same(servicePrefixCandidates('AWSSecurityTokenService'), ['sts'])
  t.same(servicePrefixCandidates('Amazon S3'), ['s3'])
})

t.test('ingestErrorMessage: action in AWS casing, resource stand-ins, IAM names, notes', async (t) => {
  const r = ingestErrorMessage(`User: ${P} is not authorized to perform: S3:getobject on resource: arn:aws:s3:::b/k because no identity-based policy allows the S3:getobject action`, catalog)
  t.ok(r.ok)
  if (!r.ok) return
  t.equal(r.request.action, 's3:GetObject', 'the catalog spells the action')
  t.same(r.inferred, [])

  const unknownAction = ingestErrorMessage(`User: ${P} is not authorized to perform: s3:GetObjekt on resource: arn:aws:s3:::b/k`, catalog)
  t.ok(unknownAction.ok)
  if (unknownAction.ok) t.ok(unknownAction.notes.some((n) => /not an action of the Service Authorization Reference; close ones: s3:GetObject/.test(n)))

  const notArn = ingestErrorMessage(`User: ${P} is not authorized to perform: widgets:GetWidget on resource: my-example-widget`, catalog)
  t.ok(notArn.ok)
  if (notArn.ok) {
    t.equal(notArn.request.resource, '*')
    t.same(notArn.inferred, ['/request/resource'])
    t.ok(notArn.missing.some((m) => m.includes('"my-example-widget", which is not an ARN')))
  }

  const assumed = ingestErrorMessage('User: arn:aws:sts::111122223333:assumed-role/Dev/s1 is not authorized to perform: iam:GetUser on resource: user bob', catalog)
  t.ok(assumed.ok)
  if (assumed.ok) {
    t.equal(assumed.request.resource, 'arn:aws:iam::111122223333:user/bob')
    t.ok(assumed.notes.some((n) => n.includes('arn:aws:iam::111122223333:role/Dev')), 'the role path caveat')
  }

  const service = ingestErrorMessage('User: sns.amazonaws.com is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:111122223333:q', catalog)
  t.ok(service.ok)
  if (service.ok) t.ok(service.missing.some((m) => m.startsWith('context aws:SourceArn:')), 'a service caller: aws:SourceArn is missing')

  const noCatalog = ingestErrorMessage(`User: ${P} is not authorized to perform: s3:GetObject`)
  t.ok(noCatalog.ok, 'works without a catalog')
  if (noCatalog.ok) t.same(noCatalog.inferred, ['/request/resource'])

  t.match(ingestErrorMessage('   '), { ok: false, errors: [{ path: '/errorMessage', message: /empty/ }] })
  t.match(ingestErrorMessage('Access Denied', catalog), { ok: false, recognised: [/generic "Access Denied"/] })
  t.match(ingestErrorMessage('SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided', catalog), {
    ok: false,
    errors: [{ message: /authentication failure/ }],
  })
  t.match(ingestErrorMessage('Access to the resource https://sqs.us-east-1.amazonaws.com/111122223333/q is denied.', catalog), {
    ok: false,
    recognised: [/SQS's "Access to the resource/],
  })
})
