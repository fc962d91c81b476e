// POST /v1/ingest over app.inject: the wire shape of API.md for each of the three inputs, bad input as a
// problem+json 400 that says what was recognised and what was not, and never a 5xx whatever arrives.
import t, { type Test } from 'tap'
import fc from 'fast-check'
import { testApp } from '../app/test-app.js'

const json = { 'content-type': 'application/json' }

async function app(t: Test) {
  return testApp(t)
}

function problem(t: Test, res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  t.equal(res.statusCode, 400)
  t.match(String(res.headers['content-type']), /^application\/problem\+json/)
  const body = JSON.parse(res.body) as { type: string; detail: string; errors: Array<{ path: string; message: string; code?: string }> }
  t.equal(body.type, 'urn:iamdx:problem:unrecognised-input')
  return body
}

const record = {
  eventVersion: '1.10',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE:build-42',
    arn: 'arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42',
    accountId: '111122223333',
    sessionContext: {
      sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/ci/ci-deployer', accountId: '111122223333', userName: 'ci-deployer' },
      attributes: { creationDate: '2026-03-01T10:00:00Z', mfaAuthenticated: 'false' },
    },
  },
  eventTime: '2026-03-01T10:05:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.7',
  userAgent: 'aws-cli/2.15.30',
  errorCode: 'AccessDenied',
  errorMessage:
    'User: arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42 is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::my-bucket/reports/q3.csv" because no identity-based policy allows the s3:GetObject action',
  requestParameters: { bucketName: 'my-bucket', key: 'reports/q3.csv' },
  recipientAccountId: '111122223333',
}

t.test('errorMessage → the request, AWS\'s stated cause, and what the message cannot carry', async (t) => {
  const a = await app(t)
  const res = await a.inject({
    method: 'POST',
    url: '/v1/ingest',
    payload: {
      errorMessage:
        'An error occurred (AccessDenied) when calling the ListRoles operation: User: arn:aws:iam::123456789012:user/Matt is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::123456789012:role/* with an explicit deny in a service control policy: arn:aws:organizations::987654321098:policy/o-qv5af4abcd/service_control_policy/p-2kgnabcd',
    },
  })
  t.equal(res.statusCode, 200)
  t.ok(res.headers['x-request-id'])
  const body = res.json()
  t.same(body.request, { principal: 'arn:aws:iam::123456789012:user/Matt', action: 'iam:ListRoles', resource: 'arn:aws:iam::123456789012:role/*' })
  t.same(body.reportedCause, {
    decision: 'explicitDeny',
    layer: 'scp',
    policyArn: 'arn:aws:organizations::987654321098:policy/o-qv5af4abcd/service_control_policy/p-2kgnabcd',
    policyTypePhrase: 'service control policy',
  })
  t.same(body.inferred, [])
  t.ok(body.missing.some((m: string) => m.startsWith('context aws:SourceIp:')), 'a message carries no context')
  t.equal(body.denied, true)
  t.type(body.notes, Array)
  t.notOk('requests' in body, 'one request: no requests list')
})

t.test('cloudTrailEvent → principal, action, resource and context from the record; JSON text and lookup-events too', async (t) => {
  const a = await app(t)
  for (const cloudTrailEvent of [record, JSON.stringify(record), { Events: [{ EventId: 'x', CloudTrailEvent: JSON.stringify(record) }] }]) {
    const res = await a.inject({ method: 'POST', url: '/v1/ingest', payload: { cloudTrailEvent } })
    t.equal(res.statusCode, 200)
    const body = res.json()
    t.equal(body.request.principal, 'arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42')
    t.equal(body.request.action, 's3:GetObject')
    t.equal(body.request.resource, 'arn:aws:s3:::my-bucket/reports/q3.csv')
    t.match(body.request.context, {
      'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ci/ci-deployer',
      'aws:SourceIp': '203.0.113.7',
      'aws:MultiFactorAuthPresent': false,
      'aws:TokenIssueTime': '2026-03-01T10:00:00Z',
      'aws:CurrentTime': '2026-03-01T10:05:00Z',
    })
    t.same(body.reportedCause, { decision: 'implicitDeny', layer: 'identity', policyArn: null, policyTypePhrase: 'identity-based policy' })
    t.ok(body.inferred.includes('/request/context/aws:EpochTime'))
    t.ok(body.missing.includes('context aws:SecureTransport: the record has no tlsDetails (records before eventVersion 1.08 never do)'))
  }
})

t.test('a record of a successful call is accepted and says denied: false; reportedCause is null', async (t) => {
  const a = await app(t)
  const { errorCode: _c, errorMessage: _m, ...ok } = record
  const res = await a.inject({ method: 'POST', url: '/v1/ingest', payload: { cloudTrailEvent: ok } })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.denied, false)
  t.equal(body.reportedCause, null)
  t.equal(body.request.resource, 'arn:aws:s3:::my-bucket/reports/q3.csv', 'built from bucketName and key')
  t.ok(body.inferred.includes('/request/resource'), 'and marked inferred')
})

t.test('a log file with several records: request is the first denied one, requests and records list all', async (t) => {
  const a = await app(t)
  const { errorCode: _c, errorMessage: _m, ...ok } = record
  const res = await a.inject({ method: 'POST', url: '/v1/ingest', payload: { cloudTrailEvent: { Records: [ok, record, { ...ok, eventName: 'PutObject' }] } } })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.denied, true)
  t.equal(body.request.action, 's3:GetObject')
  t.equal(body.requests.length, 3)
  t.same(body.requests.map((r: { action: string }) => r.action), ['s3:GetObject', 's3:GetObject', 's3:PutObject'])
  t.same(body.records.map((r: { denied: boolean }) => r.denied), [false, true, false])
  t.same(Object.keys(body.records[1]).sort(), ['denied', 'eventName', 'eventTime', 'inferred', 'missing', 'notes', 'path', 'reportedCause', 'requestIndex'])
  t.equal(body.records[1].path, '/cloudTrailEvent/Records/1')
  t.equal(body.records[1].requestIndex, 1)
  t.match(body.records[1].reportedCause, { layer: 'identity' })
})

t.test('decodedAuthorizationMessage → typed context and the matched statements as AWS\'s cause', async (t) => {
  const a = await app(t)
  const decoded = {
    allowed: false,
    explicitDeny: true,
    matchedStatements: { items: [{ statementId: 'DenyBig', effect: 'DENY', principals: { items: [{ value: 'AIDAEXAMPLE' }] }, principalGroups: { items: [] }, actions: { items: [{ value: 'ec2:RunInstances' }] }, resources: { items: [{ value: '*' }] }, conditions: { items: [] } }] },
    failures: { items: [] },
    context: {
      principal: { id: 'AIDAEXAMPLE', arn: 'arn:aws:iam::111122223333:user/dev' },
      action: 'RunInstances',
      resource: 'arn:aws:ec2:us-east-1:111122223333:instance/*',
      conditions: { items: [{ key: 'aws:Service', values: { items: [{ value: 'ec2' }] } }, { key: 'ec2:InstanceType', values: { items: [{ value: 'p4d.24xlarge' }] } }] },
    },
  }
  const res = await a.inject({ method: 'POST', url: '/v1/ingest', payload: { decodedAuthorizationMessage: { DecodedMessage: JSON.stringify(decoded) } } })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(body.request, { principal: 'arn:aws:iam::111122223333:user/dev', action: 'ec2:RunInstances', resource: 'arn:aws:ec2:us-east-1:111122223333:instance/*', context: { 'ec2:InstanceType': 'p4d.24xlarge' } })
  t.equal(body.reportedCause.decision, 'explicitDeny')
  t.equal(body.reportedCause.layer, null)
  t.same(body.reportedCause.matchedStatements[0].sid, 'DenyBig')
})

t.test('bad input: not JSON, a record of another shape, a message in no known wording → 400 naming what was recognised', async (t) => {
  const a = await app(t)

  const notJson = await a.inject({ method: 'POST', url: '/v1/ingest', headers: json, payload: '{"errorMessage": "x",' })
  t.equal(notJson.statusCode, 400)
  t.match(String(notJson.headers['content-type']), /^application\/problem\+json/)

  const textNotJson = problem(t, await a.inject({ method: 'POST', url: '/v1/ingest', payload: { cloudTrailEvent: 'eventName=GetObject' } }))
  t.equal(textNotJson.errors[0].path, '/cloudTrailEvent')
  t.match(textNotJson.errors[0].message, /not JSON/)

  const otherShape = problem(t, await a.inject({ method: 'POST', url: '/v1/ingest', payload: { cloudTrailEvent: { configurationItemStatus: 'OK', resourceType: 'AWS::S3::Bucket' } } }))
  t.equal(otherShape.errors[0].path, '/cloudTrailEvent')
  t.match(otherShape.errors[0].message, /not a CloudTrail record.*configurationItemStatus, resourceType/)

  const unknown = problem(t, await a.inject({ method: 'POST', url: '/v1/ingest', payload: { errorMessage: 'An error occurred (ThrottlingException) when calling the DescribeStacks operation: Rate exceeded' } }))
  t.equal(unknown.errors[0].path, '/errorMessage')
  t.match(unknown.errors[0].message, /no AccessDenied wording/)
  const recognised = unknown.errors.filter((e) => e.code === 'recognised')
  t.ok(recognised.length >= 1, 'the recognised parts are listed')
  t.match(recognised[0].message, /AWS CLI \/ boto3 wrapper \(error code ThrottlingException, operation DescribeStacks\)/)
  t.match(unknown.detail, /Recognised: the AWS CLI/)

  const generic = problem(t, await a.inject({ method: 'POST', url: '/v1/ingest', payload: { errorMessage: 'An error occurred (AccessDenied) when calling the GetObject operation: Access Denied' } }))
  t.match(generic.errors[0].message, /names no principal/)
  t.ok(generic.errors.some((e) => e.code === 'recognised' && /generic "Access Denied"/.test(e.message)))
})

t.test('none or several inputs → 400 with the paths; fields the schema does not know → 400', async (t) => {
  const a = await app(t)
  const none = problem(t, await a.inject({ method: 'POST', url: '/v1/ingest', payload: {} }))
  t.equal(none.errors[0].path, '')
  t.match(none.errors[0].message, /exactly one of cloudTrailEvent/)

  const several = problem(t, await a.inject({ method: 'POST', url: '/v1/ingest', payload: { errorMessage: 'x', decodedAuthorizationMessage: {} } }))
  t.same(several.errors.filter((e) => !e.code).map((e) => e.path).sort(), ['/decodedAuthorizationMessage', '/errorMessage'])

  const extra = await a.inject({ method: 'POST', url: '/v1/ingest', payload: { errorMessage: 'x', policies: {} } })
  t.equal(extra.statusCode, 400)
  const wrongType = await a.inject({ method: 'POST', url: '/v1/ingest', payload: { errorMessage: 42 } })
  t.equal(wrongType.statusCode, 400)
  t.match(wrongType.json().errors[0].path, /errorMessage/)
})

t.test('random JSON and text never produce a 5xx', async (t) => {
  const a = await app(t)
  const anyJson = fc.jsonValue({ maxDepth: 4 })
  const body = fc.oneof(
    fc.record({ cloudTrailEvent: anyJson }),
    fc.record({ cloudTrailEvent: fc.string() }),
    fc.record({ errorMessage: fc.string({ maxLength: 400 }) }),
    fc.record({
      errorMessage: fc
        .array(fc.constantFrom('User: ', 'is not authorized to perform: ', ' on resource: ', ' because no ', ' with an explicit deny in a ', 'arn:aws:iam::111122223333:user/x', 's3:GetObject', '"', 'Access Denied', 'service control policy', ': arn:aws:iam::aws:policy/X', 'An error occurred (AccessDenied) when calling the X operation: '), { maxLength: 8 })
        .map((xs) => xs.join('')),
    }),
    fc.record({ decodedAuthorizationMessage: anyJson }),
    fc.dictionary(fc.constantFrom('cloudTrailEvent', 'errorMessage', 'decodedAuthorizationMessage', 'other'), anyJson),
  )
  const statuses = new Set<number>()
  await fc.assert(
    fc.asyncProperty(body, async (payload) => {
      const res = await a.inject({ method: 'POST', url: '/v1/ingest', payload: payload as object })
      statuses.add(res.statusCode)
      return res.statusCode < 500
    }),
    { numRuns: 300 },
  )
  t.ok(statuses.has(400), `statuses seen: ${[...statuses].join(', ')}`)
})

t.test('the OpenAPI document describes POST /v1/ingest with its shared schemas', async (t) => {
  const a = await app(t)
  const res = await a.inject({ url: '/openapi.json' })
  t.equal(res.statusCode, 200)
  const doc = res.json()
  const op = doc.paths['/v1/ingest']?.post
  t.ok(op, 'POST /v1/ingest documented')
  t.equal(op.operationId, 'ingest')
  t.same(op.tags, ['ingest'])
  for (const status of ['200', '400', '413', '415', '500']) t.ok(op.responses[status], `documents ${status}`)
  t.equal(op.responses['400'].content['application/problem+json'].schema.$ref, '#/components/schemas/Problem')
  t.ok(doc.components.schemas.IngestResponse, 'IngestResponse component')
  t.ok(doc.components.schemas.ReportedCause, 'ReportedCause component')
  t.match(JSON.stringify(op.requestBody), /errorMessage/)
})
