// The OpenAPI document is usable by generated clients: types generated from openapi/openapi.json with
// openapi-typescript compile in a typed openapi-fetch program (with @ts-expect-error probes proving the
// types are specific), and that program then calls the running app through a real socket.
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import createClient from 'openapi-fetch'
import openapiTS, { astToString } from 'openapi-typescript'
import t from 'tap'
import ts from 'typescript'
import { openApiDocument } from '../../src/app/openapi.js'
import { testApp } from '../app/test-app.js'
import { judge } from '../app/test-routes.js'
import { accessWith, KEYS } from '../app/access-helpers.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

// Calls every documented operation the committed document has today (the v1 routes join through the loop
// in the test below). `paths` is generated from openapi/openapi.json.
const COMMITTED_PROGRAM = `
import createClient from 'openapi-fetch'
import type { paths } from './committed.js'

export async function run(baseUrl: string) {
  const client = createClient<paths>({ baseUrl })
  const health = await client.GET('/healthz', { headers: { 'x-request-id': 'generated-client-1' } })
  const healthStatus: 'ok' | undefined = health.data?.status
  const ready = await client.GET('/readyz')
  const readyStatus: 'ok' | undefined = ready.data?.status
  const cache: { ok: boolean; detail: string; backend?: string } | undefined = ready.data?.dependencies.cache
  const metrics = await client.GET('/metrics', { parseAs: 'text' })
  return {
    health: { status: health.response.status, body: healthStatus, requestId: health.response.headers.get('x-request-id') },
    ready: { status: ready.response.status, body: readyStatus, cache },
    metrics: { status: metrics.response.status, text: metrics.data },
  }
}

export async function typeProbes(client: ReturnType<typeof createClient<paths>>) {
  // @ts-expect-error no such path in the document
  void client.GET('/nowhere')
  // @ts-expect-error /healthz has no POST
  void client.POST('/healthz')
  const health = await client.GET('/healthz')
  // @ts-expect-error the status of /healthz is the literal 'ok'
  const wrong: 'fine' | undefined = health.data?.status
  return wrong
}
`

// A POST route with a body schema (test-only, so the generated problem types are checked before the v1
// routes exist): a typed body, a typed 200 and a typed problem with JSON Pointer paths.
const POST_PROGRAM = `
import createClient from 'openapi-fetch'
import type { paths, components } from './with-test-route.js'

type Problem = components['schemas']['Problem']

export async function run(baseUrl: string) {
  const client = createClient<paths>({ baseUrl })
  const ok = await client.POST('/test/judge', { body: { request: { principal: 'arn:aws:iam::111122223333:user/a', action: 's3:GetObject' } } })
  const action: string | undefined = ok.data?.action
  const bad = await client.POST('/test/judge', { body: { request: { principal: 'p' } } as never })
  const problem: Problem | undefined = bad.error
  const firstPath: string | undefined = problem?.errors?.[0]?.path
  return {
    ok: { status: ok.response.status, action },
    bad: { status: bad.response.status, contentType: bad.response.headers.get('content-type'), problem, firstPath },
  }
}

export function typeProbes(client: ReturnType<typeof createClient<paths>>) {
  // @ts-expect-error request.action is required by the generated body type
  void client.POST('/test/judge', { body: { request: { principal: 'p' } } })
  // @ts-expect-error detail is one of three literals
  void client.POST('/test/judge', { body: { request: { principal: 'p', action: 'a' }, detail: 'everything' } })
}
`

// Issue 7: the document declares the API-key schemes, so a generated client sends the key it is given.
const AUTH_PROGRAM = `
import createClient from 'openapi-fetch'
import type { paths } from './committed.js'

export async function run(baseUrl: string, key: string) {
  const body = { policyType: 'identity' as const, document: { Version: '2012-10-17', Statement: [] } }
  const anonymous = createClient<paths>({ baseUrl })
  const refused = await anonymous.POST('/v1/validate', { body })
  const keyed = createClient<paths>({ baseUrl, headers: { authorization: 'Bearer ' + key } })
  const accepted = await keyed.POST('/v1/validate', { body })
  const findings: string[] | undefined = accepted.data?.findings.map((f) => f.code)
  return {
    refused: { status: refused.response.status, type: refused.error?.type, challenge: refused.response.headers.get('www-authenticate') },
    accepted: { status: accepted.response.status, findings },
  }
}
`

type Results = Record<string, Record<string, unknown>>

t.test('a client generated from openapi/openapi.json type-checks and calls the app over a socket', async (t) => {
  const committedDoc = JSON.parse(await readFile(join(root, 'openapi/openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, { requestBody?: unknown }>>
  }

  // The second document: the app plus the test-only POST route, generated in memory the same way.
  const app = await testApp(t)
  const appWithPost = await testApp(t, {}, { extraRoutes: [judge] })
  const postDoc = openApiDocument(appWithPost)

  const dir = await mkdtemp(join(tmpdir(), 'iamdx-openapi-client-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir')
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n')
  const committedTypes = astToString(await openapiTS(committedDoc as never))
  const postTypes = astToString(await openapiTS(postDoc as never))
  t.match(committedTypes, /"\/healthz": \{/, 'generated types declare /healthz')
  t.match(committedTypes, /Problem: \{/, 'and the Problem schema')
  await writeFile(join(dir, 'committed.d.ts'), committedTypes)
  await writeFile(join(dir, 'with-test-route.d.ts'), postTypes)
  await writeFile(join(dir, 'committed-client.ts'), COMMITTED_PROGRAM)
  await writeFile(join(dir, 'post-client.ts'), POST_PROGRAM)
  await writeFile(join(dir, 'auth-client.ts'), AUTH_PROGRAM)

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
  }
  const program = ts.createProgram([join(dir, 'committed-client.ts'), join(dir, 'post-client.ts'), join(dir, 'auth-client.ts')], options)
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : ''
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
  })
  t.same(diagnostics, [], 'the typed client programs compile (and every @ts-expect-error probe is an error)')

  for (const name of ['committed-client', 'post-client', 'auth-client']) {
    const source = await readFile(join(dir, `${name}.ts`), 'utf8')
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } })
    await writeFile(join(dir, `${name}.mjs`), js.outputText)
  }

  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const basePost = await appWithPost.listen({ port: 0, host: '127.0.0.1' })
  const committed = (await import(pathToFileURL(join(dir, 'committed-client.mjs')).href)) as { run: (u: string) => Promise<Results> }
  const post = (await import(pathToFileURL(join(dir, 'post-client.mjs')).href)) as { run: (u: string) => Promise<Results> }

  const r = await committed.run(base)
  t.same(r.health, { status: 200, body: 'ok', requestId: 'generated-client-1' })
  t.match(r.ready, { status: 200, body: 'ok', cache: { ok: true, backend: 'memory' } })
  t.equal(r.metrics.status, 200)
  t.match(r.metrics.text, /iamdx_http_requests_total\{method="GET",route="\/healthz",status="200",caller="none"\} 1/)

  const p = await post.run(basePost)
  t.same(p.ok, { status: 200, action: 's3:GetObject' })
  t.equal(p.bad.status, 400)
  t.match(p.bad.contentType, /^application\/problem\+json/)
  t.equal(p.bad.firstPath, '/request/action')
  t.match(p.bad.problem, { type: 'urn:iamdx:problem:invalid-body', status: 400, errors: [{ path: '/request/action', message: 'is required' }] })

  // Every POST operation of the committed document answers a wrong-typed body with a located problem.
  const client = createClient<Record<string, never>>({ baseUrl: base })
  const posts = Object.entries(committedDoc.paths).filter(([path, item]) => item.post?.requestBody !== undefined && !path.includes('{'))
  t.comment(`POST operations in openapi/openapi.json: ${posts.map(([p]) => p).join(', ') || 'none yet'}`)
  for (const [path] of posts) {
    const res = await (client as unknown as { POST: (p: string, o: object) => Promise<{ error?: unknown; response: Response }> }).POST(
      path,
      { body: [] },
    )
    t.equal(res.response.status, 400, `POST ${path} with an array body`)
    t.match(res.error, { status: 400, errors: [{ path: String, message: String }] }, `POST ${path}: problem with paths`)
  }

  // The committed document declares the key schemes, and a generated client authenticates with a key.
  const schemes = (committedDoc as unknown as { components: { securitySchemes: Record<string, { type: string }> } }).components.securitySchemes
  t.same(Object.keys(schemes).sort(), ['apiKey', 'bearer'])
  const keyed = await testApp(t, { access: accessWith() })
  const baseKeyed = await keyed.listen({ port: 0, host: '127.0.0.1' })
  const auth = (await import(pathToFileURL(join(dir, 'auth-client.mjs')).href)) as { run: (u: string, key: string) => Promise<Results> }
  const a = await auth.run(baseKeyed, KEYS.evaluate)
  t.same(a.refused, { status: 401, type: 'urn:iamdx:problem:unauthorized', challenge: 'Bearer realm="iamdx"' })
  t.same(a.accepted, { status: 200, findings: ['no-statements'] })
})
