// POST /v1/evaluate and /v1/evaluate/batch over app.inject: the wire shape of API.md, bad input as 400s that
// point at the field, and never a 500 whatever JSON arrives.
import t from 'tap'
import fc from 'fast-check'
import { testApp } from '../app/test-app.js'

const alice = 'arn:aws:iam::111122223333:user/alice'
const readBucket = {
  id: 'deploy',
  document: { Version: '2012-10-17', Statement: [{ Sid: 'ReadBucket', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket' }] },
}
const readObjects = { id: 'read', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*' }] } }

t.test('POST /v1/evaluate answers with the decision, every layer and statement, and what decided', async (t) => {
  const app = await testApp(t)
  const res = await app.inject({
    method: 'POST',
    url: '/v1/evaluate',
    payload: {
      request: { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::my-bucket/reports/q3.csv', context: { 'aws:SourceIp': '203.0.113.7' } },
      policies: {
        identity: [readBucket],
        scp: [[{ id: 'FullAWSAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }]],
      },
    },
  })
  t.equal(res.statusCode, 200)
  t.ok(res.headers['x-request-id'])
  const body = res.json()
  t.equal(body.decision, 'implicitDeny')
  t.same(body.deniedBy, { layer: 'identity', kind: 'implicit' })
  t.same(body.layers.map((l: { layer: string }) => l.layer), ['scp', 'identity'], 'layers in AWS order, only those that apply')
  t.equal(body.layers[0].decision, 'allowed')
  t.same(body.layers[0].levels, [{ level: 0, decision: 'allowed' }])
  const st = body.layers[1].statements[0]
  t.match(st, { policyId: 'deploy', index: 0, sid: 'ReadBucket', effect: 'Allow', matched: false, action: true, resource: false, principal: true, conditions: true })
  t.match(st.reasons[0], /matches none of arn:aws:s3:::my-bucket/)
  t.same(body.matchedStatements, [])
  t.same(body.missingContextKeys, [])
})

t.test('an allowed request names the statements that allowed it, and condition results carry the compared values', async (t) => {
  const app = await testApp(t)
  const res = await app.inject({
    method: 'POST',
    url: '/v1/evaluate',
    payload: {
      request: { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::my-bucket/a.txt', context: { 'aws:SourceIp': '203.0.113.7' } },
      policies: { identity: [{ id: 'ip', document: { Version: '2012-10-17', Statement: [{ Sid: 'Office', Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::my-bucket/*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }] } }] },
    },
  })
  const body = res.json()
  t.equal(body.decision, 'allowed')
  t.match(body.matchedStatements, [{ layer: 'identity', policyId: 'ip', index: 0, sid: 'Office', effect: 'Allow' }])
  t.match(body.layers[0].statements[0].conditionResults[0], { operator: 'IpAddress', key: 'aws:SourceIp', policyValues: ['203.0.113.0/24'], requestValues: ['203.0.113.7'], matched: true })
})

t.test('missing context keys are reported', async (t) => {
  const app = await testApp(t)
  const res = await app.inject({
    method: 'POST',
    url: '/v1/evaluate',
    payload: {
      request: { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::my-bucket/a.txt' },
      policies: { identity: [{ id: 'vpce', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }] } }] },
    },
  })
  t.same(res.json().missingContextKeys, ['aws:SourceVpce'])
})

t.test('bad input is a 400 problem that points at every offending field', async (t) => {
  const app = await testApp(t)
  const cases: Array<{ name: string; payload: unknown; paths: string[] }> = [
    { name: 'unparseable principal', payload: { request: { principal: 'alice', action: 's3:GetObject', resource: '*' }, policies: {} }, paths: ['/request/principal'] },
    { name: 'action without a service prefix', payload: { request: { principal: alice, action: 'GetObject', resource: '*' }, policies: {} }, paths: ['/request/action'] },
    { name: 'a pattern as action', payload: { request: { principal: alice, action: 's3:Get*', resource: '*' }, policies: {} }, paths: ['/request/action'] },
    { name: 'resource that is not an ARN', payload: { request: { principal: alice, action: 's3:GetObject', resource: 'my-bucket' }, policies: {} }, paths: ['/request/resource'] },
    { name: 'context value of an unsupported type', payload: { request: { principal: alice, action: 's3:GetObject', resource: '*', context: { 'aws:SourceIp': { ip: 1 } } }, policies: {} }, paths: ['/request/context/aws:SourceIp'] },
    { name: 'missing action', payload: { request: { principal: alice, resource: '*' }, policies: {} }, paths: ['/request/action'] },
    { name: 'a policy that is not a policy', payload: { request: { principal: alice, action: 's3:GetObject', resource: '*' }, policies: { identity: [{ id: 'x', document: 'hello' }] } }, paths: ['/policies/identity/0/document'] },
    {
      name: 'grammar error inside a policy names policy, statement and element',
      payload: { request: { principal: alice, action: 's3:GetObject', resource: '*' }, policies: { identity: [readObjects, { id: 'bad', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'allow', Action: 's3:GetObject', Resource: '*' }] } }] } },
      paths: ['/policies/identity/1/document/Statement/1/Effect'],
    },
    { name: 'unknown layer', payload: { request: { principal: alice, action: 's3:GetObject', resource: '*' }, policies: { identities: [] } }, paths: ['/policies/identities'] },
    { name: 'request and policy errors together', payload: { request: { principal: alice, action: 'nope', resource: '*' }, policies: { permissionsBoundary: { document: { Statement: [{ Effect: 'Allow', Action: 's3:*' }] } } } }, paths: ['/request/action', '/policies/permissionsBoundary/document/Statement/0'] },
  ]
  for (const c of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/evaluate', payload: c.payload as object })
    t.equal(res.statusCode, 400, `${c.name}: 400`)
    t.match(res.headers['content-type'], /application\/problem\+json/, `${c.name}: problem+json`)
    const body = res.json()
    const paths: string[] = (body.errors ?? []).map((e: { path: string }) => e.path)
    for (const p of c.paths) t.ok(paths.some((x) => x === p || x.startsWith(p)), `${c.name}: error at ${p} (got ${paths.join(', ')})`)
    t.ok(body.detail.length > 0)
  }
})

t.test('batch answers in order, trims by detail, and compiles the policies once', async (t) => {
  const app = await testApp(t)
  const requests = [
    { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::my-bucket/a.txt' },
    { principal: alice, action: 's3:PutObject', resource: 'arn:aws:s3:::my-bucket/a.txt' },
    { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::other/a.txt' },
  ]
  const run = async (detail?: string) => {
    const res = await app.inject({ method: 'POST', url: '/v1/evaluate/batch', payload: { policies: { identity: [readObjects] }, requests, ...(detail ? { detail } : {}) } })
    t.equal(res.statusCode, 200)
    return res.json().results
  }
  const decisions = await run('decision')
  t.same(decisions, [{ decision: 'allowed' }, { decision: 'implicitDeny' }, { decision: 'implicitDeny' }])
  const summary = await run()
  t.same(summary.map((r: { decision: string }) => r.decision), ['allowed', 'implicitDeny', 'implicitDeny'])
  t.match(summary[0], { matchedStatements: [{ policyId: 'read' }], missingContextKeys: [] })
  t.notOk(summary[0].layers, 'summary has no layers')
  const full = await run('full')
  t.equal(full[1].layers[0].statements[0].action, false)
})

t.test('batch: a bad request is a 400 pointing into requests[]; more than 10,000 requests is refused', async (t) => {
  const app = await testApp(t)
  const bad = await app.inject({ method: 'POST', url: '/v1/evaluate/batch', payload: { policies: {}, requests: [{ principal: alice, action: 's3:GetObject', resource: '*' }, { principal: alice, action: 'x', resource: '*' }] } })
  t.equal(bad.statusCode, 400)
  t.equal(bad.json().errors[0].path, '/requests/1/action')
  const many = Array.from({ length: 10_001 }, () => ({ principal: alice, action: 's3:GetObject', resource: '*' }))
  const big = await app.inject({ method: 'POST', url: '/v1/evaluate/batch', payload: { policies: {}, requests: many } })
  t.equal(big.statusCode, 400)
  t.match(big.json().errors[0].path, /^\/requests/)
})

t.test('random JSON never makes either route answer 5xx', async (t) => {
  const app = await testApp(t)
  const policyish = fc.oneof(fc.json().map((j) => JSON.parse(j)), fc.record({ Version: fc.constantFrom('2012-10-17', '2008-10-17', 'x'), Statement: fc.anything() }))
  const body = fc.oneof(
    fc.anything(),
    fc.record({ request: fc.anything(), policies: fc.anything() }),
    fc.record({
      request: fc.record({ principal: fc.oneof(fc.string(), fc.constant(alice)), action: fc.oneof(fc.string(), fc.constant('s3:GetObject')), resource: fc.oneof(fc.string(), fc.constant('*')), context: fc.dictionary(fc.string(), fc.anything()) }, { requiredKeys: [] }),
      policies: fc.record({ identity: fc.array(fc.record({ id: fc.string(), document: policyish })), resource: fc.record({ document: policyish }), scp: fc.array(fc.array(fc.record({ document: policyish }))) }, { requiredKeys: [] }),
    }),
  )
  await fc.assert(
    fc.asyncProperty(body, fc.boolean(), async (payload, batch) => {
      const b = batch && payload && typeof payload === 'object' && 'request' in payload
        ? { policies: (payload as unknown as { policies: unknown }).policies, requests: [(payload as unknown as { request: unknown }).request] }
        : payload
      const res = await app.inject({ method: 'POST', url: batch ? '/v1/evaluate/batch' : '/v1/evaluate', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(b) ?? 'null' })
      if (res.statusCode >= 500) throw new Error(`${res.statusCode} for ${JSON.stringify(b).slice(0, 300)}: ${res.body}`)
      return true
    }),
    { numRuns: 400 },
  )
  t.pass('no 5xx')
})

t.test('RCPs apply only to the services that support them (R1.4.4), per the catalog', async (t) => {
  const app = await testApp(t)
  const rcp = [[{ id: 'deny-all', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] } }]]
  const identity = [{ id: 'admin', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }]
  const ask = async (action: string, resource: string) =>
    (await app.inject({ method: 'POST', url: '/v1/evaluate', payload: { request: { principal: alice, action, resource }, policies: { identity, rcp } } })).json()
  const s3 = await ask('s3:GetObject', 'arn:aws:s3:::my-bucket/a.txt')
  t.equal(s3.decision, 'explicitDeny', 'S3 supports RCPs: the deny applies')
  t.same(s3.deniedBy, { layer: 'rcp', level: 0, kind: 'explicit' })
  const ec2 = await ask('ec2:DescribeInstances', '*')
  t.equal(ec2.decision, 'allowed', 'EC2 does not support RCPs: the RCP layer does not apply')
  t.notOk(ec2.layers.some((l: { layer: string }) => l.layer === 'rcp'), 'no rcp layer in the trace')
})
