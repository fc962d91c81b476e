// The large routes serialize with JSON.stringify (routes/plain-json.ts). This proves that sends exactly what the
// schema-compiled serializer would have sent: every explain and evaluate corpus case goes through HTTP, and its body,
// serialized again by fast-json-stringify from the route's response schema (which drops what the schema does not
// name), must come back unchanged. A field added to a response object but not to its schema fails here.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import fastJsonStringify from 'fast-json-stringify'
import { testApp } from '../app/test-app.js'

interface Case {
  name: string
  request: unknown
  policies: unknown
}

const casesOf = (dir: string): Case[] => {
  const root = new URL(`../corpus/${dir}/`, import.meta.url)
  return readdirSync(root)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => JSON.parse(readFileSync(new URL(f, root), 'utf8')) as Case[])
}

t.test('explain and evaluate bodies are what their response schemas say, field for field', async (t) => {
  const app = await testApp(t)
  await app.ready()
  const schemas = app.getSchemas() as Record<string, object>
  const schemaOf = (id: string) => fastJsonStringify({ $ref: `${id}#` } as never, { schema: schemas as never })
  const explainSchema = schemaOf('ExplainResponse')
  const evaluateSchema = schemaOf('EvaluateResponse')
  let checked = 0
  for (const [dir, url, stringify] of [
    ['explain', '/v1/explain', explainSchema],
    ['evaluate', '/v1/evaluate', evaluateSchema],
  ] as const) {
    for (const c of casesOf(dir)) {
      const res = await app.inject({ method: 'POST', url, payload: { request: c.request, policies: c.policies } })
      if (res.statusCode !== 200) continue // input-error cases: problem+json has its own serializer
      const body = res.json()
      const again = JSON.parse(stringify(body))
      if (JSON.stringify(again) !== JSON.stringify(body)) t.same(again, body, `${dir}: ${c.name}`)
      checked++
    }
  }
  t.ok(checked > 400, `${checked} bodies checked`)
})
