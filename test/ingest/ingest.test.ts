// ingest(): exactly one input, and whatever arrives, a well-formed result and never an exception.
import t from 'tap'
import fc from 'fast-check'
import { loadCatalog } from '../../src/catalog/index.js'
import { givenInputs, ingest, INGEST_INPUTS, type IngestResult } from '../../src/ingest/index.js'

const catalog = await loadCatalog()

t.test('dispatch: none, several, not an object, null, a non-string message, CloudTrail without a catalog', async (t) => {
  t.same(INGEST_INPUTS, ['cloudTrailEvent', 'errorMessage', 'decodedAuthorizationMessage'])
  for (const body of [null, 42, 'text', [1]]) t.match(ingest(body, catalog), { ok: false, errors: [{ path: '', message: /JSON object/ }] })
  t.match(ingest({}, catalog), { ok: false, errors: [{ path: '', message: /exactly one/ }] })
  t.match(ingest({ errorMessage: null }, catalog), { ok: false, errors: [{ path: '' }] }, 'null is not given')
  t.same(givenInputs({ errorMessage: 'x', cloudTrailEvent: null, decodedAuthorizationMessage: {} }), ['errorMessage', 'decodedAuthorizationMessage'])
  const several = ingest({ errorMessage: 'x', cloudTrailEvent: {}, decodedAuthorizationMessage: {} }, catalog)
  t.match(several, { ok: false })
  if (!several.ok) t.same(several.errors.map((e) => e.path), ['/cloudTrailEvent', '/errorMessage', '/decodedAuthorizationMessage'])
  t.match(ingest({ errorMessage: 5 }, catalog), { ok: false, errors: [{ path: '/errorMessage', message: /a string/ }] })
  t.match(ingest({ cloudTrailEvent: {} }), { ok: false, errors: [{ path: '/cloudTrailEvent', message: /catalog/ }] })
  t.match(ingest({ errorMessage: 'User: arn:aws:iam::111122223333:user/a is not authorized to perform: s3:ListAllMyBuckets' }, catalog), {
    ok: true,
    request: { resource: '*' },
    inferred: [],
  })
})

function wellFormed(r: IngestResult): boolean {
  if (!r.ok) return r.errors.length > 0 && r.errors.every((e) => typeof e.path === 'string' && (e.path === '' || e.path.startsWith('/')) && e.message.length > 0)
  const req = r.request
  const strings = [req.principal, req.action, req.resource].every((s) => typeof s === 'string' && s.length > 0)
  const pointers = r.inferred.every((p) => p.startsWith('/request/'))
  const context = req.context === undefined || Object.values(req.context).every((v) => ['string', 'number', 'boolean'].includes(typeof v) || Array.isArray(v))
  return strings && pointers && context && typeof r.denied === 'boolean' && (r.requests === undefined || r.requests.length >= 1)
}

t.test('random JSON and text: a well-formed result, never an exception', async (t) => {
  const anyJson = fc.jsonValue({ maxDepth: 5 })
  const pieces = fc.constantFrom(
    'User: ', 'arn:aws:sts::111122223333:assumed-role/R/s', ' is not authorized to perform: ', 'kms:Decrypt', ' on resource: ', '"arn:aws:s3:::b/k"',
    ' because no ', ' with an explicit deny in the ', 'role trust policy', ' allows the x action', ': arn:aws:iam::aws:policy/P', ' (P)', '. ',
    'Encoded authorization failure message: abc', 'An error occurred (AccessDenied) when calling the GetObject operation: ', 'Access Denied', '\n\t', '<Message>', '{"message":"',
  )
  const recordish = fc.record(
    {
      eventSource: fc.oneof(fc.constantFrom('s3.amazonaws.com', 'kms.amazonaws.com', 'sts.amazonaws.com', 'monitoring.amazonaws.com'), fc.string()),
      eventName: fc.oneof(fc.constantFrom('GetObject', 'Decrypt', 'AssumeRole', 'ListObjects', 'Invoke'), fc.string()),
      userIdentity: fc.oneof(anyJson, fc.record({ type: fc.constantFrom('IAMUser', 'AssumedRole', 'Root', 'AWSAccount', 'AWSService', 'SAMLUser', 'WebIdentityUser', 'FederatedUser', 'x'), arn: fc.string(), accountId: fc.string(), invokedBy: fc.string() }, { requiredKeys: ['type'] })),
      requestParameters: anyJson,
      resources: anyJson,
      errorCode: fc.oneof(fc.constant('AccessDenied'), fc.string()),
      errorMessage: fc.array(pieces, { maxLength: 8 }).map((xs) => xs.join('')),
      sourceIPAddress: fc.string(),
      tlsDetails: anyJson,
      eventTime: fc.string(),
      vpcEndpointId: fc.string(),
    },
    { requiredKeys: ['eventSource', 'eventName'] },
  )
  const body = fc.oneof(
    anyJson,
    fc.record({ cloudTrailEvent: fc.oneof(anyJson, recordish, fc.record({ Records: fc.array(recordish, { maxLength: 3 }) }), recordish.map((r) => JSON.stringify(r))) }),
    fc.record({ errorMessage: fc.oneof(fc.string({ maxLength: 300 }), fc.array(pieces, { maxLength: 12 }).map((xs) => xs.join(''))) }),
    fc.record({ decodedAuthorizationMessage: fc.oneof(anyJson, fc.record({ allowed: fc.boolean(), explicitDeny: fc.boolean(), context: anyJson, matchedStatements: anyJson })) }),
  )
  fc.assert(fc.property(body, (b) => wellFormed(ingest(b, catalog))), { numRuns: 1500 })
  t.pass('1500 random bodies')
})
