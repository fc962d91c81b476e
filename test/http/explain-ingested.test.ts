// POST /v1/explain with the inputs users actually have (issue 5): an AccessDenied message, a CloudTrail record or
// a decoded authorization message in place of request; AWS's stated cause compared with iamdx's evaluation.
import t from 'tap'
import { testApp } from '../app/test-app.js'

const session = 'arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42'
const readBucketOnly = {
  identity: [{ id: 'arn:aws:iam::111122223333:policy/deploy', document: { Version: '2012-10-17', Statement: [{ Sid: 'ReadBucket', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket' }] } }],
}
const implicitMessage = `An error occurred (AccessDenied) when calling the GetObject operation: User: ${session} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::my-bucket/reports/q3.csv" because no identity-based policy allows the s3:GetObject action`

t.test('errorMessage: the request is recovered, explained, and AWS\'s cause agrees with iamdx', async (t) => {
  const app = await testApp(t)
  const res = await app.inject({ method: 'POST', url: '/v1/explain', payload: { errorMessage: implicitMessage, policies: readBucketOnly } })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.decision, 'implicitDeny')
  t.match(body.request, { principal: session, action: 's3:GetObject', resource: 'arn:aws:s3:::my-bucket/reports/q3.csv' })
  t.match(body.ingest.reportedCause, { decision: 'implicitDeny', layer: 'identity' })
  t.equal(body.ingest.denied, true)
  const codes = body.findings.map((f: { code: string }) => f.code)
  t.ok(codes.includes('RESOURCE_ARN_MISMATCH'), 'the bucket/object near miss is found')
  t.notOk(codes.includes('REPORTED_CAUSE_DISAGREES'), 'AWS and iamdx agree')
  t.same(body.ingest.missing.filter((m: string) => m.startsWith('context ')), [], 'no condition reads any key the message lacks')
})

t.test('AWS names an explicit SCP deny that the policies given cannot produce → REPORTED_CAUSE_DISAGREES', async (t) => {
  const app = await testApp(t)
  const message = `User: ${session} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::my-bucket/reports/q3.csv with an explicit deny in a service control policy`
  const allowAll = { identity: [{ id: 'all', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }] }
  const body = (await app.inject({ method: 'POST', url: '/v1/explain', payload: { errorMessage: message, policies: allowAll } })).json()
  t.equal(body.decision, 'allowed')
  const disagree = body.findings.filter((f: { code: string }) => f.code === 'REPORTED_CAUSE_DISAGREES')
  t.equal(disagree.length, 1)
  t.match(disagree[0].message, /AWS reported explicitDeny \(scp\), but with the policies given iamdx reaches allowed/)
})

t.test('cloudTrailEvent: a denied S3 call, with missing context kept only where a condition reads it', async (t) => {
  const app = await testApp(t)
  const record = {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole', principalId: 'AROAEXAMPLE:build-42', arn: session, accountId: '111122223333',
      sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: 'arn:aws:iam::111122223333:role/ci-deployer', accountId: '111122223333', userName: 'ci-deployer' }, attributes: { creationDate: '2026-11-30T08:00:00Z', mfaAuthenticated: 'false' } },
    },
    eventTime: '2026-11-30T09:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7', userAgent: 'aws-cli/2.15.0', errorCode: 'AccessDenied', errorMessage: 'Access Denied',
    requestParameters: { bucketName: 'my-bucket', key: 'reports/q3.csv', Host: 'my-bucket.s3.us-east-1.amazonaws.com' },
    resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::my-bucket/reports/q3.csv' }, { accountId: '111122223333', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::my-bucket' }],
    eventType: 'AwsApiCall', recipientAccountId: '111122223333',
  }
  const vpceOnly = { identity: [{ id: 'vpce', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }] } }] }
  const res = await app.inject({ method: 'POST', url: '/v1/explain', payload: { cloudTrailEvent: record, policies: vpceOnly } })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.match(body.request, { principal: session, action: 's3:GetObject', resource: 'arn:aws:s3:::my-bucket/reports/q3.csv' })
  t.equal(body.decision, 'implicitDeny')
  t.equal(body.ingest.denied, true)
  t.ok(body.findings.some((f: { code: string }) => f.code === 'CONDITION_MISMATCH' || f.code === 'MISSING_CONTEXT_KEY'), 'the endpoint condition is the cause')
})

t.test('exactly one input: none or two is a 400 pointing at them; unreadable text is a 400 saying what was recognised', async (t) => {
  const app = await testApp(t)
  const none = await app.inject({ method: 'POST', url: '/v1/explain', payload: { policies: {} } })
  t.equal(none.statusCode, 400)
  t.equal(none.json().errors[0].path, '/request')
  const two = await app.inject({ method: 'POST', url: '/v1/explain', payload: { errorMessage: implicitMessage, request: { principal: session, action: 's3:GetObject', resource: '*' }, policies: {} } })
  t.equal(two.statusCode, 400)
  t.same(two.json().errors.map((e: { path: string }) => e.path).sort(), ['/errorMessage', '/request'])
  const junk = await app.inject({ method: 'POST', url: '/v1/explain', payload: { errorMessage: 'something went wrong', policies: {} } })
  t.equal(junk.statusCode, 400)
  t.match(junk.json().type, /unrecognised-input/)
})
