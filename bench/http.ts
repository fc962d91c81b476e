// Batch evaluation over HTTP: POST /v1/evaluate/batch with 1,000 requests per call against the seven-layer
// policy set, the server running compiled (dist-bench) in its own process, autocannon as the client.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import autocannon from 'autocannon'
import type { Request } from '../src/engine/index.js'
import { sevenLayerPolicies, sevenLayerRequest } from './fixtures.js'
import { fmt } from './measure.js'

const here = path.dirname(fileURLToPath(import.meta.url))

export interface HttpFigure {
  name: string
  requestsPerSec: number
  evaluationsPerSec: number
  p50: number
  p99: number
  errors: number
  target?: number
}

export function batchBody(n: number, detail: 'decision' | 'summary' | 'full' = 'summary'): string {
  const actions = ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 'ec2:DescribeInstances', 'logs:GetLogEvents', 'iam:CreateUser', 'sqs:SendMessage']
  const requests: Request[] = Array.from({ length: n }, (_, i) => ({
    ...sevenLayerRequest,
    action: actions[i % actions.length],
    resource: actions[i % actions.length].startsWith('s3:') ? `arn:aws:s3:::artifacts-bucket/builds/${i % 50}/app-${i}.zip` : `arn:aws:ec2:us-east-1:111122223333:thing/${i % 20}/x`,
  }))
  return JSON.stringify({ policies: sevenLayerPolicies(), requests, detail })
}

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

export async function startServer(env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(process.execPath, [path.join(here, '../src/server.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', REDIS_URL: '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`${url}/healthz`)
      if (r.ok) return { url, child }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill()
  throw new Error('the server did not start')
}

async function cannon(url: string, body: string, connections: number, seconds: number) {
  return autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json' }, connections, duration: seconds })
}

export async function httpFigures(): Promise<HttpFigure[]> {
  const { url, child } = await startServer()
  try {
    const figures: HttpFigure[] = []
    for (const detail of ['decision', 'summary'] as const) {
      const body = batchBody(1000, detail)
      const warm = await fetch(`${url}/v1/evaluate/batch`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
      if (warm.status !== 200) throw new Error(`batch answered ${warm.status}: ${await warm.text()}`)
      const r = await cannon(`${url}/v1/evaluate/batch`, body, 4, 6)
      figures.push({
        name: `POST /v1/evaluate/batch, 1,000 requests/call, detail=${detail}`,
        requestsPerSec: r.requests.average,
        evaluationsPerSec: r.requests.average * 1000,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.errors + r.non2xx,
        target: 50_000,
      })
    }
    const single = JSON.stringify({ request: sevenLayerRequest, policies: sevenLayerPolicies() })
    const r = await cannon(`${url}/v1/evaluate`, single, 20, 5)
    figures.push({ name: 'POST /v1/evaluate, seven layers, full trace', requestsPerSec: r.requests.average, evaluationsPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx })
    return figures
  } finally {
    child.kill('SIGTERM')
  }
}

export function reportHttp(figures: HttpFigure[]): void {
  console.log(`${'benchmark'.padEnd(58)} ${'calls/s'.padStart(9)} ${'evals/s'.padStart(10)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(6)}  vs target`)
  for (const f of figures) {
    const ratio = f.target ? `${(f.evaluationsPerSec / f.target).toFixed(2)}x of ${fmt(f.target)}/s` : ''
    console.log(`${f.name.padEnd(58)} ${fmt(f.requestsPerSec).padStart(9)} ${fmt(f.evaluationsPerSec).padStart(10)} ${String(f.p50).padStart(7)} ${String(f.p99).padStart(7)} ${String(f.errors).padStart(6)}  ${ratio}`)
  }
}
