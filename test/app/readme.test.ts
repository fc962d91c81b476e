// The README keeps up with the code: the two set-up commands, every environment variable, a curl example for
// every documented path.
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { ENV_VARS } from '../../src/app/config.js'

const read = (path: string) => readFile(new URL(`../../${path}`, import.meta.url), 'utf8')

t.test('README: quick start, configuration, a curl per route', async (t) => {
  const readme = await read('README.md')
  t.match(readme, /^npm ci && npm start\b/m, 'the command that starts the service')
  t.match(readme, /^npm ci && npm test\b/m, 'the command that runs every test')
  t.match(readme, /curl localhost:8080\/healthz/)
  for (const name of ENV_VARS) t.match(readme, new RegExp(`^\\| \`${name}\` \\|`, 'm'), `configuration table has ${name}`)

  const doc = JSON.parse(await read('openapi/openapi.json')) as { paths: Record<string, unknown> }
  for (const path of Object.keys(doc.paths)) {
    const shown = path.replace(/\{[^}]+\}/g, '[^ ]+').replace(/\//g, '\\/')
    t.match(readme, new RegExp(`curl[^\\n]*localhost:8080${shown}(?:[ ?'"\\n]|$)`), `a curl example for ${path}`)
  }
  t.match(readme, /docker compose up/)
  t.match(readme, /npm run bench/)
})
