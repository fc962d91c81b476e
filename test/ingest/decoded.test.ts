// Decoded authorization messages: the {"items": [...]} wrappers, the CLI's DecodedMessage wrapper and JSON text,
// actions without their prefix, the pseudo-keys, typed values and AWS's verdict.
import t from 'tap'
import { loadCatalog } from '../../src/catalog/index.js'
import { ingestDecodedMessage } from '../../src/ingest/index.js'

const catalog = await loadCatalog()
const item = (key: string, ...values: string[]) => ({ key, values: { items: values.map((value) => ({ value })) } })
const message = (context: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  allowed: false,
  explicitDeny: false,
  matchedStatements: { items: [] },
  failures: { items: [] },
  context: { principal: { id: 'AIDAX', arn: 'arn:aws:iam::111122223333:user/u' }, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', ...context },
  ...extra,
})

t.test('wrappers: object, JSON text, JSON text twice, the CLI output', async (t) => {
  const m = message({})
  for (const input of [m, JSON.stringify(m), JSON.stringify(JSON.stringify(m)), { DecodedMessage: JSON.stringify(m) }, JSON.stringify({ DecodedMessage: JSON.stringify(m) })]) {
    const r = ingestDecodedMessage(input, catalog)
    t.match(r, { ok: true, request: { principal: 'arn:aws:iam::111122223333:user/u', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' } })
  }
})

t.test('the action: prefixed, from aws:Service, unique across services, or a 400', async (t) => {
  const viaService = ingestDecodedMessage(message({ action: 'GetObject', conditions: { items: [item('aws:Service', 's3')] } }), catalog)
  t.match(viaService, { ok: true, request: { action: 's3:GetObject' }, inferred: [] })
  const unique = ingestDecodedMessage(message({ action: 'GetSecretValue', resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:s-AbCdEf' }), catalog)
  t.match(unique, { ok: true, request: { action: 'secretsmanager:GetSecretValue' } })
  if (unique.ok) t.same(unique.inferred, ['/request/action'], 'guessed from the name alone: inferred')
  const ambiguous = ingestDecodedMessage(message({ action: 'GetObject' }), catalog)
  t.match(ambiguous, { ok: false, errors: [{ path: '/decodedAuthorizationMessage/context/action', message: /no service prefix/ }] })
  t.match(ingestDecodedMessage(message({ action: undefined }), catalog), { ok: false, errors: [{ message: /names no action/ }] })
  t.match(ingestDecodedMessage(message({ action: 'GetObject' }), undefined), { ok: false }, 'no catalog: no guess')
})

t.test('resource: context.resource, else aws:ARN, else * with the gap listed', async (t) => {
  const arnKey = ingestDecodedMessage(message({ resource: undefined, conditions: { items: [item('aws:ARN', 'arn:aws:s3:::b/x')] } }), catalog)
  t.match(arnKey, { ok: true, request: { resource: 'arn:aws:s3:::b/x' } })
  const none = ingestDecodedMessage(message({ resource: undefined }), catalog)
  t.match(none, { ok: true, request: { resource: '*' }, inferred: ['/request/resource'] })
  const notArn = ingestDecodedMessage(message({ resource: 'instance/*' }), catalog)
  t.match(notArn, { ok: true, request: { resource: '*' } })
  if (notArn.ok) t.ok(notArn.missing.some((m) => m.includes('"instance/*", which is not an ARN')))
})

t.test('context: pseudo-keys skipped, values typed, several values are a list, existing RequestedRegion kept', async (t) => {
  const r = ingestDecodedMessage(
    message({
      conditions: {
        items: [
          item('aws:Resource', 'b/k'),
          item('aws:Type', 'object'),
          item('aws:Region', 'us-east-1'),
          item('aws:RequestedRegion', 'eu-west-1'),
          item('aws:SecureTransport', 'TRUE'),
          item('s3:max-keys', '10'),
          item('s3:max-keys-odd', 'ten'),
          item('aws:CalledVia', 'athena.amazonaws.com'),
          item('s3:x-amz-acl', 'private', 'public-read'),
          { key: '', values: {} },
          'junk',
        ],
      },
    }),
    catalog,
  )
  t.ok(r.ok)
  if (!r.ok) return
  t.same(r.request.context, {
    'aws:RequestedRegion': 'eu-west-1',
    'aws:SecureTransport': true,
    's3:max-keys': 10,
    's3:max-keys-odd': 'ten',
    'aws:CalledVia': ['athena.amazonaws.com'],
    's3:x-amz-acl': ['private', 'public-read'],
  })
  t.same(r.inferred, [], 'the request said its region itself')
})

t.test('verdict: allowed, explicit with statements, failures noted', async (t) => {
  const allowed = ingestDecodedMessage(message({}, { allowed: true }), catalog)
  t.match(allowed, { ok: true, denied: false, reportedCause: { decision: 'allowed' } })
  const explicit = ingestDecodedMessage(
    message({}, { explicitDeny: true, matchedStatements: { items: [{ effect: 'DENY', actions: { items: [{ value: 's3:*' }] } }, 'junk'] }, failures: { items: [{ value: 'x' }] } }),
    catalog,
  )
  t.ok(explicit.ok)
  if (!explicit.ok) return
  t.same(explicit.reportedCause?.matchedStatements, [{ sid: null, effect: 'DENY', actions: ['s3:*'], resources: [], principals: [], principalGroups: [], conditions: [] }])
  t.ok(explicit.notes.some((n) => n.includes('(no Sid)')))
  t.ok(explicit.notes.some((n) => n.includes('1 failure')))
})

t.test('400s: not JSON, not an object, no context, no principal ARN', async (t) => {
  t.match(ingestDecodedMessage('{', catalog), { ok: false, errors: [{ path: '/decodedAuthorizationMessage', message: /not JSON/ }] })
  t.match(ingestDecodedMessage(42, catalog), { ok: false, errors: [{ message: /JSON object/ }] })
  t.match(ingestDecodedMessage([], catalog), { ok: false, errors: [{ message: /JSON object/ }] })
  t.match(ingestDecodedMessage({ allowed: false }, catalog), { ok: false, errors: [{ path: '/decodedAuthorizationMessage/context', message: /no context/ }] })
  t.match(ingestDecodedMessage(JSON.stringify({ allowed: false }), catalog), { ok: false, errors: [{ path: '/decodedAuthorizationMessage' }] }, 'inside JSON text the pointer stops at the field')
  t.match(ingestDecodedMessage({}, catalog), { ok: false, errors: [{ message: /found an empty object/ }] })
  const noArn = ingestDecodedMessage(message({ principal: {} }), catalog)
  t.match(noArn, { ok: false, errors: [{ path: '/decodedAuthorizationMessage/context/principal/arn' }] })
  if (!noArn.ok) t.ok(noArn.recognised.some((r) => r.includes('the action s3:GetObject')))
})
