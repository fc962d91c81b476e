// Bad input as a new user would send it: every answer is a problem+json 4xx with a request id, never a 5xx.
import { connect } from 'node:net'
import t, { type Test } from 'tap'
import { testApp } from '../app/test-app.js'
import { judge } from '../app/test-routes.js'

const json = { 'content-type': 'application/json' }
const valid = { request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject' } }

async function setup(t: Test, bodyLimitBytes?: number) {
  return testApp(t, bodyLimitBytes !== undefined ? { bodyLimitBytes } : {}, { extraRoutes: [judge] })
}

function problemOf(t: Test, res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  t.equal(res.statusCode, status, `status ${status}`)
  t.match(String(res.headers['content-type']), /^application\/problem\+json/, 'problem+json')
  const id = res.headers['x-request-id']
  t.type(id, 'string', 'x-request-id header')
  const body = JSON.parse(res.body) as Record<string, unknown>
  t.equal(body.status, status, 'status in body')
  t.type(body.type, 'string')
  t.match(body.type, /^urn:iamdx:problem:[a-z-]+$/)
  t.type(body.title, 'string')
  t.type(body.detail, 'string')
  t.equal(body.requestId, id, 'requestId in body = x-request-id')
  t.notMatch(res.body, /at .*\.(ts|js):\d+/, 'no stack trace')
  return body as { type: string; title: string; detail: string; errors?: { path: string; message: string }[] }
}

t.test('the valid request passes (the route works)', async (t) => {
  const app = await setup(t)
  const res = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: valid })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { action: 's3:GetObject' })
})

t.test('invalid JSON → 400 with the parser message and path ""', async (t) => {
  const app = await setup(t)
  const res = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: '{"request": {"action": "s3:GetObject",}}' })
  const p = problemOf(t, res, 400)
  t.equal(p.type, 'urn:iamdx:problem:malformed-json')
  t.match(p.detail, /^The body is not valid JSON: /)
  t.same(p.errors?.map((e) => e.path), [''])

  const multi = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: '{"a": 1,\n  "b" 2}' })
  t.match(problemOf(t, multi, 400).detail, /line 2 column 7/, 'position turned into line and column')

  const truncated = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: '{"request": ' })
  t.equal(problemOf(t, truncated, 400).type, 'urn:iamdx:problem:malformed-json')
})

t.test('an empty body or no body at all → 400', async (t) => {
  const app = await setup(t)
  const empty = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: '' })
  t.match(problemOf(t, empty, 400).detail, /empty/)
  const none = await app.inject({ method: 'POST', url: '/test/judge' })
  const p = problemOf(t, none, 400)
  t.same(p.errors, [{ path: '', message: 'must be an object' }])
})

t.test('a missing property points at where it belongs', async (t) => {
  const app = await setup(t)
  const res = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: { request: { principal: 'p' } } })
  const p = problemOf(t, res, 400)
  t.equal(p.type, 'urn:iamdx:problem:invalid-body')
  t.same(p.errors, [{ path: '/request/action', message: 'is required' }])
  t.equal(p.detail, 'Invalid request body: /request/action is required')
})

t.test('wrong types are not coerced: a number is not a string, an object is not an array', async (t) => {
  const app = await setup(t)
  const num = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: { request: { principal: 'p', action: 5 } } })
  t.same(problemOf(t, num, 400).errors, [{ path: '/request/action', message: 'must be a string' }])

  const obj = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: { ...valid, requests: { action: 'x' } } })
  t.same(problemOf(t, obj, 400).errors, [{ path: '/requests', message: 'must be an array' }])

  const arr = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: [valid] })
  t.same(problemOf(t, arr, 400).errors, [{ path: '', message: 'must be an object' }])

  const str = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: '"hello"' })
  t.same(problemOf(t, str, 400).errors, [{ path: '', message: 'must be an object' }])
})

t.test('enums and unions say what is allowed; array items are located by index', async (t) => {
  const app = await setup(t)
  const detail = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: { ...valid, detail: 'everything' } })
  t.same(problemOf(t, detail, 400).errors, [{ path: '/detail', message: 'must be "decision" or "summary" or "full"' }])

  const ctx = await app.inject({
    method: 'POST',
    url: '/test/judge',
    headers: json,
    payload: { request: { ...valid.request, context: { 'aws:SourceIp': { ip: 1 } } } },
  })
  t.same(problemOf(t, ctx, 400).errors, [
    { path: '/request/context/aws:SourceIp', message: 'must be a string or a number or a boolean' },
  ])

  const item = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: { ...valid, requests: [{ action: 'a' }, {}] } })
  t.same(problemOf(t, item, 400).errors, [{ path: '/requests/1/action', message: 'is required' }])

  const many = await app.inject({
    method: 'POST',
    url: '/test/judge',
    headers: json,
    payload: { ...valid, requests: [{ action: 'a' }, { action: 'b' }, { action: 'c' }, { action: 'd' }] },
  })
  t.same(problemOf(t, many, 400).errors, [{ path: '/requests', message: 'must NOT have more than 3 items' }])
})

t.test('an unknown property is reported (a typo is not silently dropped); "/" and "~" are escaped', async (t) => {
  const app = await setup(t)
  const res = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: { ...valid, 'detail/x~y': 1 } })
  t.same(problemOf(t, res, 400).errors, [{ path: '/detail~1x~0y', message: 'is not a known property' }])
  const typo = await app.inject({
    method: 'POST',
    url: '/test/judge',
    headers: json,
    payload: { request: { ...valid.request, resourceAcount: '1' } },
  })
  t.same(problemOf(t, typo, 400).errors, [{ path: '/request/resourceAcount', message: 'is not a known property' }])
})

t.test('a __proto__ key is refused (prototype poisoning)', async (t) => {
  const app = await setup(t)
  const res = await app.inject({
    method: 'POST',
    url: '/test/judge',
    headers: json,
    payload: '{"request": {"principal": "p", "action": "a", "__proto__": {"admin": true}}}',
  })
  const p = problemOf(t, res, 400)
  t.same(p.errors, [{ path: '/request/__proto__', message: 'is a forbidden property name' }])
  const escaped = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: '{"\\u005f_proto__": {}}' })
  t.same(problemOf(t, escaped, 400).errors, [{ path: '/__proto__', message: 'is a forbidden property name' }])
  const ctor = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: '{"constructor": {"prototype": {}}}' })
  t.equal(problemOf(t, ctor, 400).type, 'urn:iamdx:problem:forbidden-property')
})

t.test('a deeply nested body is judged, not crashed on', async (t) => {
  const app = await setup(t)
  const deep = '['.repeat(5000) + ']'.repeat(5000)
  const res = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: deep })
  t.same(problemOf(t, res, 400).errors, [{ path: '', message: 'must be an object' }])
})

t.test('a body over BODY_LIMIT_BYTES → 413', async (t) => {
  const app = await setup(t, 4096)
  const big = JSON.stringify({ ...valid, pad: 'x'.repeat(5000) })
  const res = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: big })
  const p = problemOf(t, res, 413)
  t.equal(p.type, 'urn:iamdx:problem:payload-too-large')
  t.match(p.detail, /4096 bytes \(BODY_LIMIT_BYTES\)/)
  t.same(p.errors, [{ path: '', message: 'exceeds 4096 bytes' }])
})

t.test('the default limit takes a 9 MB batch and refuses 11 MB', async (t) => {
  const app = await setup(t)
  const ok = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: JSON.stringify({ ...valid }) + ' '.repeat(9 * 1024 * 1024) })
  t.equal(ok.statusCode, 200)
  const tooBig = await app.inject({ method: 'POST', url: '/test/judge', headers: json, payload: ' '.repeat(11 * 1024 * 1024) })
  problemOf(t, tooBig, 413)
})

t.test('a body that is not JSON → 415 saying what to send', async (t) => {
  const app = await setup(t)
  for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'application/xml']) {
    const res = await app.inject({ method: 'POST', url: '/test/judge', headers: { 'content-type': type }, payload: 'a=b' })
    const p = problemOf(t, res, 415)
    t.equal(p.type, 'urn:iamdx:problem:unsupported-media-type', type)
    t.match(p.detail, /Content-Type: application\/json/)
  }
  const charset = await app.inject({
    method: 'POST',
    url: '/test/judge',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    payload: JSON.stringify(valid),
  })
  t.equal(charset.statusCode, 200, 'application/json with a charset is JSON')
})

t.test('an unknown route → 404; a known path with another method → 405 with Allow', async (t) => {
  const app = await setup(t)
  const missing = await app.inject({ method: 'GET', url: '/v1/nothing-here?x=1' })
  const p = problemOf(t, missing, 404)
  t.equal(p.type, 'urn:iamdx:problem:not-found')
  t.match(p.detail, /No route matches GET \/v1\/nothing-here;/)

  const postMissing = await app.inject({ method: 'POST', url: '/v1/nothing-here', headers: json, payload: '{not json' })
  t.equal(postMissing.statusCode, 404, 'an unknown path is a 404 even with a malformed body')

  const wrong = await app.inject({ method: 'GET', url: '/test/judge' })
  const w = problemOf(t, wrong, 405)
  t.equal(wrong.headers.allow, 'POST')
  t.match(w.detail, /\/test\/judge does not accept GET; it accepts POST/)

  const post = await app.inject({ method: 'POST', url: '/healthz', headers: json, payload: '{not json' })
  problemOf(t, post, 405)
  t.equal(post.headers.allow, 'GET, HEAD', 'answered before the body is parsed')

  const del = await app.inject({ method: 'DELETE', url: '/readyz' })
  t.equal(del.statusCode, 405)

  const trailing = await app.inject({ method: 'GET', url: '/healthz/' })
  t.equal(trailing.statusCode, 200, 'a trailing slash is ignored')
})

t.test('a malformed URL → 400 problem with a request id', async (t) => {
  const app = await setup(t)
  const res = await app.inject({ method: 'GET', url: '/v1/%zz' })
  t.equal(problemOf(t, res, 400).type, 'urn:iamdx:problem:bad-url')
})

t.test('a request the HTTP parser rejects → 400 problem on the raw socket', async (t) => {
  const app = await setup(t)
  const address = new URL(await app.listen({ port: 0, host: '127.0.0.1' }))
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(address.port), '127.0.0.1', () => socket.write('THIS IS NOT HTTP\r\n\r\n'))
    let data = ''
    socket.on('data', (d: Buffer) => (data += d.toString()))
    socket.on('end', () => resolve(data))
    socket.on('error', reject)
  })
  t.match(reply, /^HTTP\/1\.1 400 Bad Request\r\n/)
  t.match(reply, /\r\nContent-Type: application\/problem\+json; charset=utf-8\r\n/)
  t.match(reply, /\r\nx-request-id: [0-9a-f-]{36}\r\n/)
  const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>
  t.match(body, { type: 'urn:iamdx:problem:malformed-http', status: 400, detail: 'The HTTP request could not be parsed' })
})
