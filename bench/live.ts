// Live sources: (1) warm POST /v1/explain with source aws (target 5,000 req/s) and GET /v1/principals/{arn}/policies over HTTP (server in its own process, autocannon client)
// against the fake AWS, with the cache in Redis and in process; (2) the AWS calls of a cold diagnosis of a role in a
// three-level OU path (target: one call per policy it must read, none repeated). Run alone: `npx tsx bench/live.ts`.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath, pathToFileURL } from 'node:url'
import autocannon from 'autocannon'
import { createCache } from '../src/sources/cache/index.js'
import { FAKE_CREDENTIALS, startFakeAws, type FakeAws } from '../test/sources/fake-aws/server.js'
import { ALICE, APP_ROLE, fixture, KEY_ARN, REGION } from '../test/sources/fake-aws/org-fixture.js'
import { awsSourceOn, ORG_ROLE_ARN } from '../test/sources/helpers/live.js'
import { fmt } from './measure.js'

export interface LiveHttpFigure {
  name: string
  requestsPerSec: number
  /** Requests per second of the server process's CPU time (stable on a shared machine; Linux only, else 0). */
  cpuRequestsPerSec: number
  p50: number
  p99: number
  errors: number
  target?: number
}

export interface ColdFigure {
  name: string
  /** Every AWS call, AssumeRole included. */
  calls: number
  byOperation: Record<string, number>
  /** Policy documents in the answer that had to be read (distinct). */
  policies: number
  /** Calls that read a policy document (GetRolePolicy, GetPolicyVersion, DescribePolicy, GetKeyPolicy, …). */
  documentCalls: number
  repeated: string[]
}

export interface LiveFigures {
  warm: LiveHttpFigure[]
  cold: ColdFigure
}

const DOCUMENT_CALLS = new Set(['iam:GetRolePolicy', 'iam:GetUserPolicy', 'iam:GetGroupPolicy', 'iam:GetPolicyVersion', 'organizations:DescribePolicy', 'kms:GetKeyPolicy', 's3:GetBucketPolicy'])

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

function liveEnv(fake: FakeAws): Record<string, string> {
  return {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    IAMDX_AWS_ENDPOINT: fake.endpoint,
    IAMDX_AWS_FORCE_PATH_STYLE: 'true',
    IAMDX_ASSUME_ROLE_NAME: 'iamdx-reader',
    IAMDX_ORG_ROLE_ARN: ORG_ROLE_ARN,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  }
}

async function startLiveServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort()
  const ts = import.meta.url.endsWith('.ts')
  // The service itself (src/server.ts), as production runs it: the sources come from the environment.
  const script = fileURLToPath(new URL(`../src/server.${ts ? 'ts' : 'js'}`, import.meta.url))
  const child = spawn(process.execPath, [...process.execArgv, script], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill()
  throw new Error('the live server did not start')
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

/** One request to repeat: a GET path, or a POST with a JSON body. */
interface Call {
  path: string
  body?: unknown
}

async function send(url: string, call: Call): Promise<Response> {
  if (call.body === undefined) return fetch(`${url}${call.path}`)
  return fetch(`${url}${call.path}`, { method: 'POST', body: JSON.stringify(call.body), headers: { 'content-type': 'application/json' } })
}

async function warmFigure(fake: FakeAws, name: string, env: Record<string, string>, call: Call, target?: number): Promise<LiveHttpFigure> {
  const { url, child } = await startLiveServer({ ...liveEnv(fake), ...env })
  try {
    // Ready: Redis connected (when used), then one cold read fills the cache.
    for (let i = 0; i < 100 && !(await fetch(`${url}/readyz`)).ok; i++) await new Promise((r) => setTimeout(r, 100))
    const first = await send(url, call)
    if (first.status !== 200) throw new Error(`${call.path} answered ${first.status}: ${await first.text()}`)
    const before = fake.total()
    const cpu0 = cpuSeconds(child.pid)
    const post = call.body === undefined ? {} : { method: 'POST' as const, body: JSON.stringify(call.body), headers: { 'content-type': 'application/json' } }
    const r = await autocannon({ url: `${url}${call.path}`, connections: 20, duration: 5, ...post })
    const cpu1 = cpuSeconds(child.pid)
    const cpuRequestsPerSec = cpu0 !== undefined && cpu1 !== undefined && cpu1 > cpu0 ? r.requests.total / (cpu1 - cpu0) : 0
    if (fake.total() !== before) throw new Error(`warm requests called AWS ${fake.total() - before} times`)
    await fetch(`${url}/v1/cache/invalidate`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })
    return { name, requestsPerSec: r.requests.average, cpuRequestsPerSec, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, ...(target ? { target } : {}) }
  } finally {
    child.kill('SIGTERM')
  }
}

async function coldFigure(fake: FakeAws): Promise<ColdFigure> {
  const cache = createCache({ ttlSeconds: 300 })
  const source = awsSourceOn(fake, cache, { maxAttempts: 1 })
  try {
    fake.resetCounts()
    const r = await source.policiesFor({ principal: APP_ROLE, resource: KEY_ARN, action: 'kms:Decrypt' })
    if (!r.ok || r.answer.unavailable.length > 0) throw new Error('the cold diagnosis did not read everything')
    const byOperation = fake.counts()
    const policies = new Set(r.answer.provenance.map((p) => `${p.layer === 'scp' || p.layer === 'rcp' ? p.layer : 'iam'}:${p.policyId}`)).size
    const documentCalls = Object.entries(byOperation).reduce((n, [op, c]) => n + (DOCUMENT_CALLS.has(op) ? c : 0), 0)
    return {
      name: 'cold diagnosis: role in a three-level OU path + KMS key policy (SCPs and RCPs)',
      calls: fake.total(),
      byOperation,
      policies,
      documentCalls,
      repeated: fake.repeated(),
    }
  } finally {
    await source.close()
    await cache.close()
  }
}

export async function liveFigures(): Promise<LiveFigures> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  const fake = await startFakeAws(fixture)
  try {
    const path = `/v1/principals/${encodeURIComponent(APP_ROLE)}/policies?resource=${encodeURIComponent(KEY_ARN)}&action=kms:Decrypt`
    const get = { path }
    // The incident: alice is denied kms:Decrypt on the key (22 policies in five layers; diagnosis with verified fixes).
    const denied = { path: '/v1/explain', body: { source: 'aws', request: { principal: ALICE, action: 'kms:Decrypt', resource: KEY_ARN } } }
    const allowed = { path: '/v1/explain', body: { source: 'aws', request: { principal: APP_ROLE, action: 'kms:Decrypt', resource: KEY_ARN } } }
    const warm: LiveHttpFigure[] = []
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
    const redis = { REDIS_URL: redisUrl, CACHE_KEY_PREFIX: `iamdx-bench-${process.pid}:` }
    warm.push(await warmFigure(fake, 'POST /v1/explain source aws, denied, warm, Redis', redis, denied, 5000))
    warm.push(await warmFigure(fake, 'POST /v1/explain source aws, allowed, warm, Redis', redis, allowed, 5000))
    warm.push(await warmFigure(fake, 'GET …/policies, warm, Redis, answer memo (default)', redis, get))
    warm.push(await warmFigure(fake, 'GET …/policies, warm, Redis, memo off (a read per policy)', { ...redis, IAMDX_ANSWER_TTL_MS: '0' }, get))
    warm.push(await warmFigure(fake, 'GET …/policies, warm, in-process cache, memo off', { REDIS_URL: '', IAMDX_ANSWER_TTL_MS: '0' }, get))
    return { warm, cold: await coldFigure(fake) }
  } finally {
    await fake.close()
  }
}

export function reportLive(f: LiveFigures): void {
  console.log(`${'benchmark'.padEnd(58)} ${'req/s'.padStart(9)} ${'cpu req/s'.padStart(10)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(6)}  target`)
  for (const w of f.warm) {
    const ratio = w.target ? `  ${fmt(w.target)}: ${(w.requestsPerSec / w.target).toFixed(2)}x wall, ${(w.cpuRequestsPerSec / w.target).toFixed(2)}x cpu` : ''
    console.log(`${w.name.padEnd(58)} ${fmt(w.requestsPerSec).padStart(9)} ${fmt(w.cpuRequestsPerSec).padStart(10)} ${String(w.p50).padStart(7)} ${String(w.p99).padStart(7)} ${String(w.errors).padStart(6)}${ratio}`)
  }
  const c = f.cold
  console.log(`\n${c.name}`)
  console.log(`  ${c.calls} AWS calls for ${c.policies} policy documents: ${c.documentCalls} document reads (one per policy), ` + `${c.calls - c.documentCalls} lookups (credentials, lists, default versions, OU path); repeated: ${c.repeated.length === 0 ? 'none' : c.repeated.join(', ')}`)
  console.log(`  ${Object.entries(c.byOperation).sort(([a], [b]) => a.localeCompare(b)).map(([op, n]) => `${op} ${n}`).join(', ')}`)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  reportLive(await liveFigures())
}
