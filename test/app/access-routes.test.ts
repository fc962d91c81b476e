// Who may call what (issue 7): every route with no key, a wrong key, a key lacking the scope, and the right key.
// The table below is the access decision of every route; it must list exactly the routes the app serves, so a new
// route added without a decision here fails this test (and one without config.access stops the app from starting).
import t from 'tap'
import { buildApp } from '../../src/app/build-app.js'
import { testApp, testConfig } from '../app/test-app.js'
import { accessWith, bearer, keyWith, keyWithout } from './access-helpers.js'

type Scope = 'open' | 'evaluate' | 'live' | 'admin'
interface Row {
  method: 'GET' | 'POST' | 'PUT'
  path: string
  url: string
  scope: Scope
  body?: object
}

const R = { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }
const ROLE = encodeURIComponent('arn:aws:iam::111122223333:role/app')
const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }

const TABLE: Row[] = [
  { method: 'GET', path: '/healthz', url: '/healthz', scope: 'open' },
  { method: 'GET', path: '/readyz', url: '/readyz', scope: 'open' },
  { method: 'GET', path: '/metrics', url: '/metrics', scope: 'open' },
  { method: 'POST', path: '/v1/evaluate', url: '/v1/evaluate', scope: 'evaluate', body: { request: R, policies: { identity: [{ id: 'p', document: doc }] } } },
  { method: 'POST', path: '/v1/evaluate/batch', url: '/v1/evaluate/batch', scope: 'evaluate', body: { requests: [R], policies: {} } },
  { method: 'POST', path: '/v1/explain', url: '/v1/explain', scope: 'evaluate', body: { request: R, policies: {} } },
  { method: 'POST', path: '/v1/validate', url: '/v1/validate', scope: 'evaluate', body: { policyType: 'identity', document: doc } },
  { method: 'POST', path: '/v1/ingest', url: '/v1/ingest', scope: 'evaluate', body: { errorMessage: `User: ${R.principal} is not authorized to perform: s3:GetObject on resource: ${R.resource}` } },
  { method: 'GET', path: '/v1/principals/{arn}/policies', url: `/v1/principals/${ROLE}/policies?source=snapshot`, scope: 'live' },
  { method: 'GET', path: '/v1/snapshots', url: '/v1/snapshots', scope: 'live' },
  { method: 'POST', path: '/v1/cache/invalidate', url: '/v1/cache/invalidate', scope: 'admin', body: { account: '111122223333' } },
  { method: 'PUT', path: '/v1/snapshots/organization', url: '/v1/snapshots/organization', scope: 'admin', body: { managementAccountId: '111111111111', root: { id: 'r-ab12' }, accounts: [], policies: [] } },
  { method: 'PUT', path: '/v1/snapshots/{account}', url: '/v1/snapshots/111122223333', scope: 'admin', body: {} },
]

// Naming a source makes evaluate and explain live look-ups.
const WITH_SOURCE: Row[] = [
  { method: 'POST', path: '/v1/evaluate', url: '/v1/evaluate', scope: 'live', body: { request: R, source: 'snapshot' } },
  { method: 'POST', path: '/v1/explain', url: '/v1/explain', scope: 'live', body: { request: R, source: 'snapshot' } },
]

t.test('the table names every route the app serves', async (t) => {
  const app = await testApp(t, { access: accessWith() })
  const doc = app.swagger() as { paths: Record<string, Record<string, { security?: unknown[] }>> }
  const served = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort()
  t.same(served, TABLE.map((r) => `${r.method} ${r.path}`).sort(), 'a route missing here needs its access decision added to the table')
  for (const row of TABLE) {
    const security = doc.paths[row.path][row.method.toLowerCase()].security
    t.same(security, row.scope === 'open' ? [] : [{ bearer: [row.scope] }, { apiKey: [row.scope] }], `${row.method} ${row.path} documents its scope`)
  }
})

t.test('a route without an access decision stops the app from starting', async (t) => {
  await t.rejects(
    buildApp(testConfig(), { extraRoutes: [async (app) => void app.get('/v1/undecided', async () => ({}))] }),
    /route GET \/v1\/undecided has no access decision/,
  )
})

t.test('every route: no key, wrong key, key lacking the scope, right key', async (t) => {
  const app = await testApp(t, { access: accessWith() })
  for (const row of [...TABLE, ...WITH_SOURCE]) {
    const name = `${row.method} ${row.url}${row.body && 'source' in row.body ? ' (source)' : ''}`
    const call = (headers: Record<string, string>) => app.inject({ method: row.method, url: row.url, headers, ...(row.body ? { payload: row.body } : {}) })
    if (row.scope === 'open') {
      const res = await call({})
      t.ok(res.statusCode === 200 || res.statusCode === 503, `${name}: open (${res.statusCode})`)
      continue
    }
    const none = await call({})
    t.equal(none.statusCode, 401, `${name}: no key`)
    t.equal(none.headers['www-authenticate'], 'Bearer realm="iamdx"')
    t.match(none.json(), { type: 'urn:iamdx:problem:unauthorized', status: 401 })
    const wrong = await call(bearer('not-a-key-of-anyone'))
    t.equal(wrong.statusCode, 401, `${name}: wrong key`)
    t.equal(wrong.json().detail, 'The API key was not accepted.', 'never says which keys exist')
    const lacking = await call(bearer(keyWithout(row.scope)))
    t.equal(lacking.statusCode, 403, `${name}: key without ${row.scope}`)
    t.match(lacking.json(), { type: 'urn:iamdx:problem:missing-scope', detail: new RegExp(`needs the \`${row.scope}\` scope`) })
    const right = await call({ 'x-api-key': keyWith(row.scope) })
    t.notOk([401, 403].includes(right.statusCode), `${name}: right key (x-api-key) → ${right.statusCode}`)
    const rightBearer = await call(bearer(keyWith(row.scope)))
    t.equal(rightBearer.statusCode, right.statusCode, `${name}: right key (Bearer)`)
  }
  // Fastify answers HEAD on every GET route: it needs the same key.
  for (const row of TABLE.filter((r) => r.method === 'GET' && r.scope !== 'open')) {
    t.equal((await app.inject({ method: 'HEAD', url: row.url })).statusCode, 401, `HEAD ${row.url}: no key`)
    t.equal((await app.inject({ method: 'HEAD', url: row.url, headers: bearer(keyWithout(row.scope as 'live')) })).statusCode, 403, `HEAD ${row.url}: key without ${row.scope}`)
  }
  const unknown = await app.inject({ url: '/v1/nothing-here' })
  t.equal(unknown.statusCode, 404, 'an unknown path is a 404 with or without a key')
})

t.test('without keys every route is open, as the caller anonymous', async (t) => {
  const app = await testApp(t)
  const res = await app.inject({ method: 'POST', url: '/v1/validate', payload: { policyType: 'identity', document: doc } })
  t.equal(res.statusCode, 200)
  const metrics = (await app.inject({ url: '/metrics' })).body
  t.match(metrics, /iamdx_http_requests_total\{method="POST",route="\/v1\/validate",status="200",caller="anonymous"\} 1/)
})
