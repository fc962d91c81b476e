// No Docker engine runs here, so the container files are checked by reading them, and what can run without
// Docker does run: the production build (tsc -p tsconfig.build.json, as the Dockerfile's build stage) starts
// with `node dist/src/server.js`, and the image's HEALTHCHECK command is executed against it.
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { parse } from 'yaml'
import { importsOf } from '../architecture/import-rules.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const read = (path: string) => readFile(join(root, path), 'utf8')

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('close', (code) => resolve({ code, out }))
  })
}

t.test('docker-compose.yml runs iamdx with a Redis that exists in it', async (t) => {
  const compose = parse(await read('docker-compose.yml')) as {
    services: Record<string, { build?: unknown; image?: string; environment?: Record<string, string>; ports?: string[]; depends_on?: Record<string, unknown>; healthcheck?: unknown }>
  }
  const iamdx = compose.services.iamdx
  t.ok(iamdx, 'a service named iamdx')
  t.equal(iamdx.build, '.', 'built from this directory')
  t.ok(iamdx.ports?.some((p) => p.endsWith(':8080')), 'publishes port 8080')
  const redisUrl = new URL(String(iamdx.environment?.REDIS_URL))
  t.equal(redisUrl.protocol, 'redis:')
  const redis = compose.services[redisUrl.hostname]
  t.ok(redis, `REDIS_URL names the service "${redisUrl.hostname}", which exists`)
  t.match(redis?.image, /^redis:/)
  t.equal(redisUrl.port || '6379', '6379')
  t.ok(iamdx.depends_on?.[redisUrl.hostname], 'iamdx starts after Redis')
  t.ok(redis?.healthcheck, 'Redis has a healthcheck (depends_on waits for it)')
})

t.test('the Dockerfile: build stage, production deps only, non-root, HOST=0.0.0.0, Node HEALTHCHECK', async (t) => {
  const text = await read('Dockerfile')
  const stages = [...text.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)].map((m) => m[2])
  t.same(stages, ['build', 'deps', 'runtime'], 'three stages, the runtime last')
  const runtime = text.slice(text.search(/^FROM\s+\S+\s+AS\s+runtime/im))
  t.match(text, /^RUN npm run build$/m, 'compiles with npm run build (tsc)')
  t.match(text, /npm ci --omit=dev/, 'production dependencies only')
  t.match(runtime, /COPY --from=deps \/app\/node_modules/, 'the runtime takes the production node_modules')
  t.notMatch(runtime, /npm ci(?! --omit=dev)/, 'no full install in the runtime stage')
  const user = /^USER\s+(\S+)/m.exec(runtime)?.[1]
  t.ok(user && user !== 'root' && user !== '0', `runs as a non-root user (${user})`)
  t.match(runtime, /HOST=0\.0\.0\.0/)
  t.match(runtime, /^HEALTHCHECK .*\n?.*CMD \["node", "-e", ".*\/healthz/m, 'HEALTHCHECK with node on /healthz')
  t.match(runtime, /^CMD \["node", "dist\/src\/server\.js"\]$/m)
  t.match(text, /^ARG NODE_IMAGE=node:20\.(19|[2-9]\d)/m, 'Node >= 20.19 (require(esm))')
  const ignore = await read('.dockerignore')
  for (const entry of ['node_modules', '.git', 'dist']) t.match(ignore, new RegExp(`^${entry.replace('.', '\\.')}$`, 'm'))
})

t.test('everything src/ and routes/ import at run time is a production dependency', async (t) => {
  const pkg = JSON.parse(await read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> }
  const builtins = new Set(builtinModules)
  const missing = new Set<string>()
  let checked = 0
  for (const dir of ['src', 'routes']) {
    const entries = await readdir(join(root, dir), { withFileTypes: true, recursive: true })
    for (const e of entries) {
      if (!e.isFile() || !e.name.endsWith('.ts')) continue
      const path = relative(root, join(e.parentPath, e.name)).split(sep).join('/')
      for (const ref of importsOf({ path, text: await read(path) })) {
        if (ref.typeOnly || ref.specifier.startsWith('.') || ref.specifier.startsWith('node:')) continue
        const name = ref.specifier.startsWith('@') ? ref.specifier.split('/').slice(0, 2).join('/') : ref.specifier.split('/')[0]
        if (builtins.has(name)) continue
        checked++
        if (!(name in pkg.dependencies)) missing.add(`${name} (${path})`)
      }
    }
  }
  t.ok(checked > 5, `${checked} run-time package imports`)
  t.same([...missing], [], 'in "dependencies", not only "devDependencies" (the image installs --omit=dev)')
})

t.test('the production build starts with node dist/src/server.js; the HEALTHCHECK command passes and fails', async (t) => {
  // Built inside node_modules/.cache so packages resolve and package.json is found above it, as in the image.
  const cache = join(root, 'node_modules', '.cache')
  await mkdir(cache, { recursive: true })
  const outDir = await mkdtemp(join(cache, 'iamdx-dist-'))
  t.teardown(() => rm(outDir, { recursive: true, force: true }))
  const tsc = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir])
  t.equal(tsc.code, 0, `npm run build compiles: ${tsc.out.slice(0, 2000)}`)

  const server = spawn(process.execPath, [join(outDir, 'src/server.js')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)))
  t.teardown(() => void server.kill('SIGKILL'))
  const address = await new Promise<string>((resolve, reject) => {
    let out = ''
    server.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /"address":"(http:\/\/[^"]+)".*"msg":"iamdx started"/.exec(out)
      if (m) resolve(m[1])
    })
    void exited.then(() => reject(new Error(`dist server exited: ${out}`)))
  })
  const port = new URL(address).port

  const res = await fetch(`${address}/openapi.json`)
  const doc = (await res.json()) as { info: { version: string } }
  const pkg = JSON.parse(await read('package.json')) as { version: string }
  t.equal(doc.info.version, pkg.version, 'the built app finds package.json')

  const healthcheck = /CMD \["node", "-e", "(.*)"\]\s*$/m.exec(await read('Dockerfile').then((d) => d.split('HEALTHCHECK')[1]))?.[1]
  t.ok(healthcheck, 'found the HEALTHCHECK script')
  const script = JSON.parse(`"${healthcheck}"`) as string
  t.equal((await run(process.execPath, ['-e', script], { PORT: port })).code, 0, 'HEALTHCHECK passes while the server runs')

  server.kill('SIGTERM')
  t.equal(await exited, 0, 'stops on SIGTERM with exit code 0')
  t.equal((await run(process.execPath, ['-e', script], { PORT: port })).code, 1, 'HEALTHCHECK fails when nothing answers')
})
