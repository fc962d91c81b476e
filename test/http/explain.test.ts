// POST /v1/explain over app.inject: the diagnosis of API.md (message, findings with fixes, the evaluation record,
// the catalog version), the plain-text form, bad input as 400 problems, and never a 5xx whatever JSON arrives.
import t from 'tap'
import fc from 'fast-check'
import { testApp } from '../app/test-app.js'
import { explainRequest } from '../../routes/explain-request.js'
import { loadCatalog } from '../../src/catalog/index.js'
import type { PolicySet, Request } from '../../src/engine/index.js'

const v = '2012-10-17'
const session = 'arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42'
const readBucket = { id: 'arn:aws:iam::111122223333:policy/deploy', document: { Version: v, Statement: [{ Sid: 'ReadBucket', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket' }] } }
const fullAccess = { id: 'FullAWSAccess', document: { Version: v, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }
const apiExample = {
  request: { principal: session, action: 's3:GetObject', resource: 'arn:aws:s3:::my-bucket/reports/q3.csv', context: { 'aws:SourceIp': '203.0.113.7' } },
  policies: { identity: [readBucket], scp: [[fullAccess]] },
}

const app = (t: { teardown(fn: () => unknown): void }) => testApp(t)

t.test('API.md example: the AWS message, the bucket-vs-object finding with a verified fix, the evaluation record', async (t) => {
  const a = await app(t)
  const res = await a.inject({ method: 'POST', url: '/v1/explain', payload: apiExample })
  t.equal(res.statusCode, 200)
  t.ok(res.headers['x-request-id'])
  t.match(res.headers['content-type'], /application\/json/)
  const body = res.json()
  t.equal(body.decision, 'implicitDeny')
  t.equal(body.message, `User: ${session} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::my-bucket/reports/q3.csv because no identity-based policy allows the s3:GetObject action`)
  t.same(body.request, apiExample.request)
  const first = body.findings[0]
  t.match(first, { code: 'RESOURCE_ARN_MISMATCH', layer: 'identity', policyId: 'arn:aws:iam::111122223333:policy/deploy', index: 0, sid: 'ReadBucket' })
  t.equal(first.message, 'Statement ReadBucket allows s3:GetObject on arn:aws:s3:::my-bucket (the bucket), but s3:GetObject acts on objects: arn:aws:s3:::my-bucket/*')
  t.same(first.fix.statement, { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*' })
  t.match(first.fix, { layer: 'identity', policyId: 'arn:aws:iam::111122223333:policy/deploy', action: 'addStatement', verified: true, decisionAfter: 'allowed' })
  t.match(first.evidence.resource, { requestResourceType: 'object', patternResourceType: 'bucket', neededPattern: 'arn:aws:s3:::my-bucket/*' })
  t.ok(first.evidence.resource.actionResourceTypes.some((r: { arnFormat: string }) => r.arnFormat === 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'), 'the ARN format the action needs, from the catalog')
  t.ok(body.findings.some((f: { code: string }) => f.code === 'NO_MATCHING_ALLOW'))
  t.same(body.fixPlan, { steps: [0], decisionAfter: 'allowed' })
  t.equal(body.evaluation.decision, 'implicitDeny')
  t.same(body.evaluation.layers.map((l: { layer: string }) => l.layer), ['scp', 'identity'], 'the full record, as /v1/evaluate returns it')
  t.match(body.catalogVersion, /^\d+\.\d+\./)
})

t.test('an allowed request gets a sentence naming the statements that allow', async (t) => {
  const a = await app(t)
  const res = await a.inject({
    method: 'POST',
    url: '/v1/explain',
    payload: { request: apiExample.request, policies: { identity: [{ id: 'read', document: { Version: v, Statement: [{ Sid: 'ReadObjects', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*' }] } }] } },
  })
  const body = res.json()
  t.equal(body.decision, 'allowed')
  t.equal(body.message, `User: ${session} is authorized to perform: s3:GetObject on resource: arn:aws:s3:::my-bucket/reports/q3.csv, allowed by statement ReadObjects of identity policy read`)
  t.same(body.findings, [])
  t.notOk(body.fixPlan)
})

t.test('?format=text returns the same diagnosis as plain text', async (t) => {
  const a = await app(t)
  const res = await a.inject({ method: 'POST', url: '/v1/explain?format=text', payload: apiExample })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/plain/)
  const text = res.body
  t.match(text, /^DENIED \(implicit deny/)
  t.match(text, /because no identity-based policy allows the s3:GetObject action/)
  t.match(text, / 1\. RESOURCE_ARN_MISMATCH \[error\] identity policy arn:aws:iam::111122223333:policy\/deploy, statement ReadBucket #0/)
  t.match(text, /fix → allowed: /)
  t.match(text, /\{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::my-bucket\/\*"\}/)
  t.match(text, /Plan: apply the fixes of 1 together → allowed/)
  const json = await a.inject({ method: 'POST', url: '/v1/explain?format=json', payload: apiExample })
  t.equal(json.json().message, text.split('\n')[1], 'the text carries the same message')
})

t.test('bad input is a 400 problem pointing at the field', async (t) => {
  const a = await app(t)
  const cases: Array<{ name: string; url?: string; payload: unknown; paths: string[] }> = [
    { name: 'unparseable principal', payload: { request: { principal: 'alice', action: 's3:GetObject', resource: '*' }, policies: {} }, paths: ['/request/principal'] },
    { name: 'action pattern', payload: { request: { principal: session, action: 's3:Get*', resource: '*' }, policies: {} }, paths: ['/request/action'] },
    { name: 'missing policies', payload: { request: apiExample.request }, paths: ['/policies'] },
    { name: 'a policy with a grammar error', payload: { request: apiExample.request, policies: { identity: [{ id: 'x', document: { Version: v, Statement: [{ Effect: 'Permit', Action: 's3:GetObject', Resource: '*' }] } }] } }, paths: ['/policies/identity/0/document/Statement/0/Effect'] },
    { name: 'unknown body field', payload: { ...apiExample, cloudTrail: {} }, paths: ['/cloudTrail'] },
    { name: 'unknown format', url: '/v1/explain?format=xml', payload: apiExample, paths: ['/format'] },
  ]
  for (const c of cases) {
    const res = await a.inject({ method: 'POST', url: c.url ?? '/v1/explain', payload: c.payload as object })
    t.equal(res.statusCode, 400, c.name)
    t.match(res.headers['content-type'], /application\/problem\+json/, c.name)
    const body = res.json()
    for (const p of c.paths) t.ok(body.errors.some((e: { path: string }) => e.path === p || e.path.startsWith(p)), `${c.name}: an error at ${p} (got ${JSON.stringify(body.errors)})`)
  }
})

t.test('never a 5xx, whatever JSON arrives', async (t) => {
  const a = await app(t)
  const principal = fc.constantFrom(session, 'arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:root', 'lambda.amazonaws.com', 'x', '')
  const action = fc.constantFrom('s3:GetObject', 'kms:Decrypt', 'sts:AssumeRole', 'iam:PassRole', 'ec2:RunInstances', 's3:GetObjects', 'x', '')
  const resource = fc.constantFrom('*', 'arn:aws:s3:::b/k', 'arn:aws:s3:::b', 'arn:aws:kms:us-east-1:444455556666:key/k1', 'arn:aws:iam::111122223333:role/r', 'nope')
  const stmt = fc.record({
    Effect: fc.constantFrom('Allow', 'Deny', 'Maybe'),
    Action: fc.oneof(fc.constantFrom('*', 's3:*', 's3:GetObject', 'kms:*', 'sts:AssumeRole'), fc.string()),
    Resource: fc.oneof(fc.constantFrom('*', 'arn:aws:s3:::b', 'arn:aws:s3:::b/*'), fc.string()),
    Condition: fc.option(fc.constantFrom({ Bool: { 'aws:SecureTransport': 'false' } }, { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }), { nil: undefined }),
  }, { requiredKeys: ['Effect'] })
  const doc = fc.oneof(fc.record({ Version: fc.constant(v), Statement: fc.array(stmt, { maxLength: 3 }) }), fc.jsonValue())
  const body = fc.oneof(
    fc.record({
      request: fc.record({ principal, action, resource, context: fc.option(fc.dictionary(fc.constantFrom('aws:SourceVpce', 'aws:SecureTransport', 'x'), fc.oneof(fc.string(), fc.boolean(), fc.integer())), { nil: undefined }) }, { requiredKeys: ['principal', 'action', 'resource'] }),
      policies: fc.record({ identity: fc.array(fc.record({ id: fc.string(), document: doc }), { maxLength: 2 }), resource: fc.record({ document: doc }), permissionsBoundary: fc.record({ document: doc }) }, { requiredKeys: [] }),
    }),
    fc.jsonValue(),
  )
  await fc.assert(
    fc.asyncProperty(body, async (payload) => {
      const res = await a.inject({ method: 'POST', url: '/v1/explain', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) })
      if (res.statusCode >= 500) throw new Error(`${res.statusCode} for ${JSON.stringify(payload)}: ${res.body}`)
      return true
    }),
    { numRuns: 150 },
  )
  t.pass('no 5xx')
})

t.test('the OpenAPI document describes POST /v1/explain with its JSON and text answers', async (t) => {
  const a = await app(t)
  const doc = (await a.inject({ method: 'GET', url: '/openapi.json' })).json()
  const op = doc.paths['/v1/explain'].post
  t.equal(op.operationId, 'explain')
  t.same(op.tags, ['explain'])
  t.ok(op.responses['200'].content['application/json'].schema, 'JSON answer')
  t.same(op.responses['200'].content['text/plain'].schema, { type: 'string' }, 'text answer')
  t.ok(op.parameters.some((p: { name: string; in: string }) => p.name === 'format' && p.in === 'query'))
  t.ok(doc.components.schemas.ExplainResponse && doc.components.schemas.Finding, 'shared schemas listed once')
})

t.test('the wire carries every field of the diagnosis (nothing dropped by the response schema)', async (t) => {
  const a = await app(t)
  const catalog = await loadCatalog()
  const payloads = [
    apiExample,
    {
      request: { principal: session, action: 's3:PutObject', resource: 'arn:aws:s3:::lake/raw/a.parquet', context: { 'aws:SecureTransport': false } },
      policies: {
        identity: [{ id: 'etl', document: { Version: v, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::lake/*' }] } }],
        permissionsBoundary: { id: 'b', document: { Version: v, Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] } },
        resource: { id: 'lake', document: { Version: v, Statement: [{ Sid: 'TLS', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::lake/*', Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } }] } },
        scp: [[fullAccess], [{ id: 'ou', document: { Version: v, Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] } }]],
      },
    },
    { request: { principal: session, action: 'ec2:RunInstances', resource: 'arn:aws:ec2:us-east-1:111122223333:instance/*' }, policies: { identity: [{ id: 'l', document: { Version: v, Statement: [{ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }] } }] } },
  ]
  for (const p of payloads) {
    const res = await a.inject({ method: 'POST', url: '/v1/explain', payload: p })
    const direct = explainRequest(p.request as Request, p.policies as PolicySet, { catalog, now: new Date() })
    t.same(res.json().findings, JSON.parse(JSON.stringify(direct.response!.findings)), `findings of ${p.request.action}`)
    t.same(res.json().fixPlan, JSON.parse(JSON.stringify(direct.response!.fixPlan ?? null)) ?? undefined, `plan of ${p.request.action}`)
  }
})
