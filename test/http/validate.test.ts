// POST /v1/validate over app.inject: findings as API.md describes them, a malformed document as a 200 with error
// findings, a body of the wrong shape as a 400 that points at the field, and never a 5xx whatever arrives.
import t, { type Test } from 'tap'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { testApp } from '../app/test-app.js'
import { validateExample } from '../../routes/validate.js'

async function app(t: Test): Promise<FastifyInstance> {
  return testApp(t)
}

const post = (a: FastifyInstance, payload: unknown) =>
  a.inject({ method: 'POST', url: '/v1/validate', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) })

interface Body {
  findings: Array<{ severity: string; code: string; message: string; path: string }>
  size: { limit: number | null; unit: string; size: number; measured: string }
  catalogVersion: string
}

t.test('the bucket/object mistake: findings with severity, code, message and a JSON Pointer', async (t) => {
  const a = await app(t)
  const res = await post(a, validateExample)
  t.equal(res.statusCode, 200)
  t.ok(res.headers['x-request-id'])
  const body = res.json() as Body
  t.match(body.catalogVersion, /^\d+\.\d+\.\d+/)
  t.match(body.findings, [
    { severity: 'warning', code: 'ACTION_MATCHES_NO_RESOURCE', path: '/Statement/0/Action/0' },
    { severity: 'warning', code: 'UNKNOWN_ACTION', path: '/Statement/0/Action/1' },
  ])
  t.match(body.findings[0].message, /s3:GetObject acts on .*object \(arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}\)\. Add arn:aws:s3:::my-bucket\/\*\./)
  t.match(body.findings[1].message, /Did you mean s3:ListBucket\?/)
  t.match(body.size, { limit: 6144, unit: 'nonWhitespaceCharacters', measured: 'compact' })
})

t.test('documents as JSON text and URL-encoded text; findings sorted by severity', async (t) => {
  const a = await app(t)
  const doc = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }
  const asText = (await post(a, { document: JSON.stringify(doc, null, 2), policyType: 'identity' })).json() as Body
  const encoded = (await post(a, { document: encodeURIComponent(JSON.stringify(doc)), policyType: 'identity' })).json() as Body
  t.same(asText.findings, encoded.findings)
  t.same(
    asText.findings.map((f) => [f.severity, f.code]),
    [
      ['error', 'principal-not-allowed'],
      ['securityWarning', 'ALLOW_ALL_ACTIONS'],
      ['securityWarning', 'PASS_ROLE_WITH_STAR_IN_RESOURCE'],
      ['suggestion', 'MISSING_VERSION'],
    ],
  )
  t.equal(asText.size.measured, 'asGiven')
})

t.test('a malformed document is a 200 with error findings, not a 400', async (t) => {
  const a = await app(t)
  for (const document of ['{"Version": "2012-10-17", "Statement": [', null, 42, [], { Statement: [{ Effect: 'allow', Action: 's3:GetObject' }] }]) {
    const res = await post(a, { document, policyType: 'identity' })
    t.equal(res.statusCode, 200, JSON.stringify(document))
    const body = res.json() as Body
    t.equal(body.findings[0].severity, 'error')
  }
})

t.test('every policy type of API.md is accepted, with its own rules', async (t) => {
  const a = await app(t)
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }] }
  const codes: Record<string, string[]> = {}
  for (const policyType of ['identity', 'resource', 'scp', 'rcp', 'permissionsBoundary', 'trust', 'session', 'vpcEndpoint']) {
    const res = await post(a, { document: doc, policyType })
    t.equal(res.statusCode, 200, policyType)
    codes[policyType] = (res.json() as Body).findings.map((f) => f.code)
  }
  for (const type of ['identity', 'scp', 'permissionsBoundary', 'session']) t.ok(codes[type].includes('principal-not-allowed'), `${type}: no Principal`)
  for (const type of ['resource', 'rcp']) t.notOk(codes[type].includes('principal-not-allowed'), `${type}: Principal allowed`)
  t.ok(codes.trust.includes('resource-in-trust-policy'))
})

t.test('a body of the wrong shape is a 400 problem pointing at the field', async (t) => {
  const a = await app(t)
  const cases: Array<{ payload: unknown; path: string }> = [
    { payload: { document: {} }, path: '/policyType' },
    { payload: { document: {}, policyType: 'bucket' }, path: '/policyType' },
    { payload: { document: {}, policyType: 'identity', extra: 1 }, path: '/extra' },
  ]
  for (const c of cases) {
    const res = await post(a, c.payload)
    t.equal(res.statusCode, 400, JSON.stringify(c.payload))
    t.match(String(res.headers['content-type']), /^application\/problem\+json/)
    const problem = res.json() as { errors?: Array<{ path: string }> }
    t.ok(problem.errors?.some((e) => e.path === c.path), `${c.path} in ${JSON.stringify(problem.errors)}`)
  }
  const missingDocument = await post(a, { policyType: 'identity' })
  t.equal(missingDocument.statusCode, 400)
  t.ok((missingDocument.json() as { errors?: Array<{ path: string }> }).errors?.some((e) => e.path === '/document'))
})

t.test('property: whatever JSON arrives, the answer is a 200 or a 400, never a 5xx', async (t) => {
  const a = await app(t)
  const policyType = fc.constantFrom('identity', 'resource', 'scp', 'rcp', 'permissionsBoundary', 'trust', 'session', 'vpcEndpoint', 'bogus')
  const body = fc.oneof(
    fc.jsonValue(),
    fc.record({ document: fc.jsonValue(), policyType }),
    fc.record({
      document: fc.record({ Version: fc.constantFrom('2012-10-17', 'x'), Statement: fc.array(fc.dictionary(fc.constantFrom('Effect', 'Action', 'Resource', 'Principal', 'Condition', 'Sid', 'NotAction'), fc.jsonValue()), { maxLength: 3 }) }),
      policyType,
    }),
  )
  await fc.assert(
    fc.asyncProperty(body, async (payload) => {
      const res = await post(a, payload)
      if (res.statusCode >= 500) throw new Error(`${res.statusCode} for ${JSON.stringify(payload)}: ${res.body}`)
      return res.statusCode === 200 || res.statusCode === 400
    }),
    { numRuns: 150 },
  )
})
