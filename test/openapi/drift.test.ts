// openapi/openapi.json is generated (npm run openapi) and committed; it must equal what GET /openapi.json
// serves, and every operation must document its errors the same way.
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { openApiText } from '../../src/app/openapi.js'
import { testApp } from '../app/test-app.js'

const committedPath = new URL('../../openapi/openapi.json', import.meta.url)
const HOW_TO_FIX = 'openapi/openapi.json is out of date: run `npm run openapi` and commit the file'

type Doc = {
  openapi: string
  info: { title: string; version: string }
  tags?: { name: string }[]
  paths: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, unknown> }
}
type Operation = {
  operationId?: string
  tags?: string[]
  requestBody?: unknown
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }>; headers?: Record<string, unknown> }>
}

t.test('the committed document equals what the app serves', async (t) => {
  const app = await testApp(t)
  const committed = await readFile(committedPath, 'utf8').catch(() => '')
  const res = await app.inject({ url: '/openapi.json' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  const served = `${JSON.stringify(res.json(), null, 2)}\n`
  t.equal(served, openApiText(app), 'GET /openapi.json serves the canonical document')
  t.equal(committed, served, HOW_TO_FIX)
})

t.test('the document is complete and consistent', async (t) => {
  const doc = JSON.parse(await readFile(committedPath, 'utf8')) as Doc
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  t.equal(doc.openapi, '3.1.0')
  t.equal(doc.info.title, 'iamdx')
  t.equal(doc.info.version, pkg.version, 'version from package.json')
  t.ok(doc.components?.schemas?.Problem, 'the shared Problem schema')
  for (const path of ['/healthz', '/readyz', '/metrics']) t.ok(doc.paths[path]?.get, `GET ${path} documented`)
  t.notOk(doc.paths['/openapi.json'] ?? doc.paths['/docs'], 'the docs routes themselves are not operations')

  const tags = new Set((doc.tags ?? []).map((tag) => tag.name))
  const ids = new Set<string>()
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`
      t.type(op.operationId, 'string', `${where} has an operationId`)
      t.notOk(ids.has(op.operationId ?? ''), `${where}: operationId is unique`)
      ids.add(op.operationId ?? '')
      t.ok(op.tags?.length && op.tags.every((tag) => tags.has(tag)), `${where}: tagged with a declared tag`)
      t.ok(op.responses['500'], `${where} documents 500`)
      if (op.requestBody !== undefined) {
        for (const status of ['400', '413', '415']) t.ok(op.responses[status], `${where} documents ${status}`)
      }
      for (const [status, response] of Object.entries(op.responses)) {
        t.ok(response.headers?.['x-request-id'], `${where} ${status} documents x-request-id`)
        if (Number(status) >= 400 && !(path === '/readyz' && status === '503')) {
          t.equal(
            response.content?.['application/problem+json']?.schema?.$ref,
            '#/components/schemas/Problem',
            `${where} ${status} is a Problem`,
          )
        }
      }
    }
  }
})
