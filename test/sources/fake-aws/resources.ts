// Resource-policy reads of the fake AWS: KMS and Secrets Manager (awsJson1_1), SQS (awsJson1_0, query-compatible),
// SNS (awsQuery), S3 (restXml, path style), Lambda (restJson1). Resources are found in the caller's account.
import type { Doc, Fixture, FixtureAccount } from './fixture-types.js'
import type { JsonCtx } from './organizations.js'
import type { QueryCtx } from './iam.js'
import { ApiError, xmlEscape, type Reply, requestId } from './protocol.js'

function account(fixture: Fixture, id: string): FixtureAccount {
  return fixture.accounts[id] ?? {}
}

function str(body: Record<string, unknown>, name: string): string {
  const v = body[name]
  if (typeof v !== 'string' || v === '') throw new ApiError('ValidationException', `${name} is required`)
  return v
}

function sameAccount(arnOrId: string, caller: string): void {
  const parts = arnOrId.split(':')
  if (parts[0] === 'arn' && parts[4] !== caller) throw new ApiError('AccessDeniedException', `cross-account access to ${arnOrId} is not allowed`)
}

function kmsKey(ctx: JsonCtx) {
  const keyId = str(ctx.body, 'KeyId')
  sameAccount(keyId, ctx.account)
  const keys = account(ctx.fixture, ctx.account).keys ?? []
  const last = keyId.split(':').pop() as string // key/<id>, alias/<name>, <id>
  const key = keys.find((k) => last === k.id || last === `key/${k.id}` || k.aliases?.includes(last))
  if (key === undefined) throw new ApiError('NotFoundException', `Key '${keyId}' does not exist`)
  return key
}

export const KMS_OPERATIONS: Record<string, (ctx: JsonCtx) => unknown> = {
  DescribeKey: (ctx) => {
    const key = kmsKey(ctx)
    const arn = `arn:aws:kms:${ctx.fixture.region}:${ctx.account}:key/${key.id}`
    return { KeyMetadata: { AWSAccountId: ctx.account, KeyId: key.id, Arn: arn, Enabled: true, KeyState: 'Enabled', KeyManager: 'CUSTOMER', KeyUsage: 'ENCRYPT_DECRYPT' } }
  },
  GetKeyPolicy: (ctx) => {
    const key = kmsKey(ctx)
    return { Policy: JSON.stringify(key.policy, null, 2), PolicyName: typeof ctx.body.PolicyName === 'string' ? ctx.body.PolicyName : 'default' }
  },
  // Pages of Limit tags (default 50, as AWS), continued by Marker.
  ListResourceTags: (ctx) => {
    const tags = Object.entries(kmsKey(ctx).tags ?? {}).map(([TagKey, TagValue]) => ({ TagKey, TagValue }))
    const start = typeof ctx.body.Marker === 'string' ? Number(ctx.body.Marker) : 0
    const next = start + (typeof ctx.body.Limit === 'number' ? ctx.body.Limit : 50)
    return { Tags: tags.slice(start, next), Truncated: next < tags.length, ...(next < tags.length ? { NextMarker: String(next) } : {}) }
  },
}

export const SECRETS_OPERATIONS: Record<string, (ctx: JsonCtx) => unknown> = {
  GetResourcePolicy: (ctx) => {
    const id = str(ctx.body, 'SecretId')
    sameAccount(id, ctx.account)
    const secret = (account(ctx.fixture, ctx.account).secrets ?? []).find((s) => id === s.name || id.endsWith(`:secret:${s.name}-${s.suffix}`) || id.endsWith(`:secret:${s.name}`))
    if (secret === undefined) throw new ApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")
    const arn = `arn:aws:secretsmanager:${ctx.fixture.region}:${ctx.account}:secret:${secret.name}-${secret.suffix}`
    return { ARN: arn, Name: secret.name, ...(secret.policy ? { ResourcePolicy: JSON.stringify(secret.policy) } : {}) }
  },
}

export const SQS_OPERATIONS: Record<string, (ctx: JsonCtx) => unknown> = {
  GetQueueAttributes: (ctx) => {
    const url = str(ctx.body, 'QueueUrl')
    const [, owner, name] = new URL(url).pathname.split('/')
    if (owner !== ctx.account) throw new ApiError('AccessDeniedException', `cross-account access to ${url} is not allowed`)
    const queue = (account(ctx.fixture, ctx.account).queues ?? []).find((q) => q.name === name)
    if (queue === undefined) throw new ApiError('QueueDoesNotExist', 'The specified queue does not exist.')
    return { Attributes: queue.policy ? { Policy: JSON.stringify(queue.policy) } : {} }
  },
}

export const SNS_OPERATIONS: Record<string, (ctx: QueryCtx) => string> = {
  GetTopicAttributes: (ctx) => {
    const arn = ctx.params.TopicArn ?? ''
    const [, , , , owner, name] = arn.split(':')
    if (owner !== ctx.account) throw new ApiError('AuthorizationError', `not authorized to access ${arn}`, 403)
    const topic = (account(ctx.fixture, ctx.account).topics ?? []).find((x) => x.name === name)
    if (topic === undefined) throw new ApiError('NotFound', 'Topic does not exist', 404)
    const entries: Array<[string, string]> = [
      ['TopicArn', arn],
      ['Owner', ctx.account],
      ...(topic.policy ? [['Policy', JSON.stringify(topic.policy)] as [string, string]] : []),
    ]
    return `<Attributes>${entries.map(([k, v]) => `<entry><key>${k}</key><value>${xmlEscape(v)}</value></entry>`).join('')}</Attributes>`
  },
}

/** S3 GET /<bucket>?policy (path style). Buckets are global: found in any account. */
export function s3Request(fixture: Fixture, method: string, url: URL): { op: string; reply: () => Reply } {
  const bucket = decodeURIComponent(url.pathname.split('/')[1] ?? '')
  if (method !== 'GET' || !url.searchParams.has('policy')) return { op: `s3:${method} ${url.pathname}`, reply: () => { throw new ApiError('NotImplemented', 'only GetBucketPolicy', 501) } }
  return {
    op: 's3:GetBucketPolicy',
    reply: () => {
      const found = Object.values(fixture.accounts)
        .flatMap((a) => a.buckets ?? [])
        .find((b) => b.name === bucket)
      if (found === undefined) throw new ApiError('NoSuchBucket', 'The specified bucket does not exist', 404)
      if (found.policy === undefined) throw new ApiError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404)
      return { status: 200, headers: { 'content-type': 'application/json', 'x-amz-request-id': requestId() }, body: JSON.stringify(found.policy) }
    },
  }
}

/** Lambda GET /2015-03-31/functions/<name or ARN>/policy[?Qualifier=]. */
export function lambdaRequest(fixture: Fixture, caller: string, method: string, url: URL): { op: string; reply: () => Reply } {
  const m = /^\/2015-03-31\/functions\/([^/]+)\/policy$/.exec(url.pathname)
  if (method !== 'GET' || m === null) return { op: `lambda:${method} ${url.pathname}`, reply: () => { throw new ApiError('NotImplemented', 'only GetPolicy', 501) } }
  return {
    op: 'lambda:GetPolicy',
    reply: () => {
      const fn = decodeURIComponent(m[1])
      const parts = fn.split(':')
      if (parts[0] === 'arn' && parts[4] !== caller) throw new ApiError('AccessDeniedException', `cross-account access to ${fn} is not allowed`, 403)
      const name = parts[0] === 'arn' ? parts[6] : fn
      const found = (account(fixture, caller).functions ?? []).find((f) => f.name === name)
      if (found === undefined) throw new ApiError('ResourceNotFoundException', `Function not found: ${fn}`, 404)
      if (found.policy === undefined) throw new ApiError('ResourceNotFoundException', 'The resource you requested does not exist.', 404)
      const policy: Doc = found.policy
      return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId() }, body: JSON.stringify({ Policy: JSON.stringify(policy), RevisionId: 'rev-1' }) }
    },
  }
}
