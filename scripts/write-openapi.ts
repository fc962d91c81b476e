// npm run openapi: writes openapi/openapi.json from the app's routes (the document GET /openapi.json serves).
// Deterministic (paths and components sorted, 2-space JSON, trailing newline), so the file only changes when
// a route or schema does. test/openapi/drift.test.ts fails when the committed file is out of date.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../src/app/build-app.js'
import { DEFAULTS } from '../src/app/config.js'
import { openApiText } from '../src/app/openapi.js'

const target = fileURLToPath(new URL('../openapi/openapi.json', import.meta.url))

const app = await buildApp({ ...DEFAULTS, logLevel: 'silent' })
try {
  const text = openApiText(app)
  const before = await readFile(target, 'utf8').catch(() => '')
  await mkdir(dirname(target), { recursive: true })
  await writeFile(target, text)
  const paths = Object.keys((JSON.parse(text) as { paths: object }).paths).length
  process.stdout.write(`${before === text ? 'unchanged' : 'wrote'} openapi/openapi.json (${paths} paths)\n`)
} finally {
  await app.close()
}
