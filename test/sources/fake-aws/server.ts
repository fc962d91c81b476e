// A fake AWS for the tests: ONE node:http server on 127.0.0.1 (port 0) that speaks the real wire protocols of the
// operations iamdx uses, so the real SDK v3 clients reach it through `endpoint` (with fake credentials). It serves
// the organization of a fixture, counts calls per operation (`iam:GetRole`), records each call with its parameters,
// and can be told to fail an operation (AccessDenied, throttling, not found), always or a number of times.
//
// Which account a call is made in comes from the SigV4 access key: the base key is the fixture's homeAccount; the
// keys AssumeRole hands out are `ASIAFAKE<account>`. The service comes from the SigV4 credential scope.

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Fixture } from './fixture-types.js'
import { IAM_OPERATIONS, STS_OPERATIONS, type QueryCtx } from './iam.js'
import { ORGANIZATIONS_OPERATIONS, type JsonCtx } from './organizations.js'
import { ApiError, jsonError, jsonReply, queryError, queryReply, restJsonError, restXmlError, type Kind, type Reply } from './protocol.js'
import { KMS_OPERATIONS, SECRETS_OPERATIONS, SNS_OPERATIONS, SQS_OPERATIONS, lambdaRequest, s3Request } from './resources.js'

export const BASE_ACCESS_KEY = 'AKIAFAKEBASE00000000'
export const FAKE_CREDENTIALS = { accessKeyId: BASE_ACCESS_KEY, secretAccessKey: 'fake-base-secret' }

export interface CallRecord {
  /** `service:Operation`, e.g. iam:GetRole. */
  op: string
  account: string
  /** The request's parameters (form fields, JSON body, or path and query), for "no call repeated" checks. */
  params: string
}

export interface FailRule {
  /** `service:Operation`; '*' for every operation. */
  op: string
  kind: Kind
  account?: string
  /** How many matching calls fail; default: all. */
  times?: number
}

export interface FakeAws {
  readonly endpoint: string
  readonly fixture: Fixture
  readonly calls: CallRecord[]
  counts(): Record<string, number>
  count(op: string): number
  total(): number
  /** Calls made with the same operation, account and parameters more than once. */
  repeated(): string[]
  fail(op: string, kind: Kind, opts?: { account?: string; times?: number }): void
  /** Answers every call of op ms later (to hold a load open while another replica arrives). */
  delay(op: string, ms: number): void
  clearFailures(): void
  resetCounts(): void
  close(): Promise<void>
}

const NS = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  sns: 'http://sns.amazonaws.com/doc/2010-03-31/',
}

/** Each service's own error code and status for an injected failure. */
const INJECTED: Record<string, Record<Kind, [string, number]>> = {
  iam: { accessDenied: ['AccessDenied', 403], throttled: ['Throttling', 400], notFound: ['NoSuchEntity', 404] },
  sts: { accessDenied: ['AccessDenied', 403], throttled: ['Throttling', 400], notFound: ['NoSuchEntity', 404] },
  sns: { accessDenied: ['AuthorizationError', 403], throttled: ['Throttling', 400], notFound: ['NotFound', 404] },
  organizations: { accessDenied: ['AccessDeniedException', 400], throttled: ['TooManyRequestsException', 400], notFound: ['TargetNotFoundException', 400] },
  kms: { accessDenied: ['AccessDeniedException', 400], throttled: ['ThrottlingException', 400], notFound: ['NotFoundException', 400] },
  secretsmanager: { accessDenied: ['AccessDeniedException', 400], throttled: ['ThrottlingException', 400], notFound: ['ResourceNotFoundException', 400] },
  sqs: { accessDenied: ['AccessDeniedException', 400], throttled: ['RequestThrottled', 400], notFound: ['QueueDoesNotExist', 400] },
  s3: { accessDenied: ['AccessDenied', 403], throttled: ['SlowDown', 503], notFound: ['NoSuchBucket', 404] },
  lambda: { accessDenied: ['AccessDeniedException', 403], throttled: ['TooManyRequestsException', 429], notFound: ['ResourceNotFoundException', 404] },
}

const JSON_TARGETS: Record<string, { service: string; version: '1.0' | '1.1'; ops: Record<string, (ctx: JsonCtx) => unknown> }> = {
  AWSOrganizationsV20161128: { service: 'organizations', version: '1.1', ops: ORGANIZATIONS_OPERATIONS },
  TrentService: { service: 'kms', version: '1.1', ops: KMS_OPERATIONS },
  secretsmanager: { service: 'secretsmanager', version: '1.1', ops: SECRETS_OPERATIONS },
  AmazonSQS: { service: 'sqs', version: '1.0', ops: SQS_OPERATIONS },
}

const QUERY_SERVICES: Record<string, Record<string, (ctx: QueryCtx) => string>> = { iam: IAM_OPERATIONS, sts: STS_OPERATIONS, sns: SNS_OPERATIONS }

export async function startFakeAws(fixture: Fixture, opts: { pageSize?: number } = {}): Promise<FakeAws> {
  const pageSize = opts.pageSize ?? 100
  const calls: CallRecord[] = []
  let rules: FailRule[] = []
  const delays = new Map<string, number>()

  const accountOfKey = (key: string): string => (key.startsWith('ASIAFAKE') ? key.slice(8) : fixture.homeAccount)

  const injected = (op: string, account: string): Kind | undefined => {
    const rule = rules.find((r) => (r.op === op || r.op === '*') && (r.account === undefined || r.account === account) && (r.times === undefined || r.times > 0))
    if (rule === undefined) return undefined
    if (rule.times !== undefined) rule.times--
    return rule.kind
  }

  const handle = (req: http.IncomingMessage, body: string): Reply => {
    const auth = String(req.headers.authorization ?? '')
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth)
    if (scope === null) return { status: 403, headers: {}, body: 'missing SigV4 authorization' }
    const account = accountOfKey(scope[1])
    const signingService = scope[3]
    const url = new URL(req.url ?? '/', 'http://fake')
    const target = req.headers['x-amz-target']

    // Runs one operation: record, inject failures, answer, render errors in the protocol's shape.
    const run = (service: string, op: string, params: string, answer: () => Reply, error: (e: ApiError) => Reply): Reply => {
      const name = `${service}:${op}`
      calls.push({ op: name, account, params })
      const kind = injected(name, account)
      try {
        if (kind !== undefined) {
          const [code, status] = INJECTED[service][kind]
          throw new ApiError(code, kind === 'accessDenied' ? `User: arn:aws:sts::${account}:assumed-role/iamdx-reader/iamdx is not authorized to perform: ${name} because no identity-based policy allows the ${name} action` : `${code} (injected)`, status)
        }
        return answer()
      } catch (e) {
        if (e instanceof ApiError) return error(e)
        throw e
      }
    }

    if (typeof target === 'string') {
      const [prefix, op] = target.split('.')
      const svc = JSON_TARGETS[prefix]
      if (svc === undefined || svc.ops[op] === undefined) return jsonError('1.1', new ApiError('UnknownOperationException', `unknown target ${target}`))
      const parsed = body === '' ? {} : (JSON.parse(body) as Record<string, unknown>)
      const queryCompat = svc.service === 'sqs' ? (e: ApiError) => ({ 'x-amzn-query-error': `${e.code};Sender` }) : () => ({})
      return run(
        svc.service,
        op,
        body,
        () => jsonReply(svc.version, svc.ops[op]({ account, body: parsed, fixture, pageSize })),
        (e) => jsonError(svc.version, e, queryCompat(e)),
      )
    }
    if (signingService === 's3') {
      const r = s3Request(fixture, req.method ?? 'GET', url)
      return run('s3', r.op.slice(3), `${url.pathname}${url.search}`, r.reply, (e) => restXmlError(e))
    }
    if (signingService === 'lambda') {
      const r = lambdaRequest(fixture, account, req.method ?? 'GET', url)
      return run('lambda', r.op.slice(7), `${url.pathname}${url.search}`, r.reply, (e) => restJsonError(e))
    }
    const ops = QUERY_SERVICES[signingService]
    if (ops !== undefined) {
      const form = new URLSearchParams(body)
      const op = form.get('Action') ?? ''
      const params: Record<string, string> = {}
      for (const [k, v] of form) if (k !== 'Action' && k !== 'Version') params[k] = v
      const ns = NS[signingService as keyof typeof NS]
      if (ops[op] === undefined) return queryError(ns, new ApiError('InvalidAction', `unknown action ${op}`))
      const sorted = new URLSearchParams(Object.entries(params).sort(([a], [b]) => a.localeCompare(b))).toString()
      return run(signingService, op, sorted, () => queryReply(op, ns, ops[op]({ account, params, fixture, pageSize })), (e) => queryError(ns, e))
    }
    return { status: 400, headers: {}, body: `the fake AWS does not speak ${signingService}` }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      let reply: Reply
      const before = calls.length
      try {
        reply = handle(req, Buffer.concat(chunks).toString('utf8'))
      } catch (e) {
        reply = { status: 500, headers: { 'content-type': 'text/plain' }, body: `fake AWS bug: ${e instanceof Error ? e.stack : String(e)}` }
      }
      const send = () => {
        res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) })
        res.end(reply.body)
      }
      const op = calls.length > before ? calls[calls.length - 1].op : ''
      const ms = delays.get(op) ?? 0
      if (ms > 0) setTimeout(send, ms)
      else send()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  const counts = (): Record<string, number> => {
    const out: Record<string, number> = {}
    for (const c of calls) out[c.op] = (out[c.op] ?? 0) + 1
    return out
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    fixture,
    calls,
    counts,
    count: (op) => calls.filter((c) => c.op === op).length,
    total: () => calls.length,
    repeated: () => {
      const seen = new Map<string, number>()
      for (const c of calls) {
        const key = `${c.op} ${c.account} ${c.params}`
        seen.set(key, (seen.get(key) ?? 0) + 1)
      }
      return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`)
    },
    fail: (op, kind, o = {}) => {
      rules.push({ op, kind, ...o })
    },
    delay: (op, ms) => {
      delays.set(op, ms)
    },
    clearFailures: () => {
      rules = []
      delays.clear()
    },
    resetCounts: () => {
      calls.length = 0
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
