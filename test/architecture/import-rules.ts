// The checker behind dependency-rule.test.ts: ARCHITECTURE.md's "Who may import whom" as code. It reads
// every import of a TypeScript file from its syntax tree (static imports and exports, `import type`,
// dynamic import(), require(), import types) and reports each one the table forbids.
import { builtinModules } from 'node:module'
import { posix } from 'node:path'
import ts from 'typescript'

export type Folder = 'policy' | 'catalog' | 'engine' | 'explain' | 'diff' | 'validate' | 'ingest' | 'sources' | 'app' | 'routes'

export interface SourceFile {
  /** Repository-relative, with forward slashes: 'src/engine/evaluate.ts'. */
  path: string
  text: string
}

export interface ImportRef {
  specifier: string
  typeOnly: boolean
  line: number
}

export interface Violation {
  file: string
  line: number
  specifier: string
  message: string
}

/** The folders each folder may import, besides itself (ARCHITECTURE.md). */
export const ALLOWED: Record<Folder, readonly Folder[]> = {
  policy: [],
  catalog: ['policy'],
  engine: ['policy', 'catalog'],
  explain: ['engine', 'policy', 'catalog'],
  diff: ['engine', 'policy', 'catalog'],
  validate: ['engine', 'policy', 'catalog'],
  ingest: ['policy', 'catalog'],
  sources: ['policy'],
  // Routes may use the sources' ports for types only; checked separately below.
  routes: ['engine', 'explain', 'diff', 'validate', 'ingest', 'policy', 'catalog', 'sources'],
  app: ['policy', 'catalog', 'engine', 'explain', 'diff', 'validate', 'ingest', 'sources', 'routes'],
}

/** The library: no I/O, no framework, no AWS SDK, no Redis, no process, no clock or randomness. */
export const PURE: ReadonlySet<Folder> = new Set(['policy', 'catalog', 'engine', 'explain', 'diff', 'validate', 'ingest'])

const NODE_BUILTINS = new Set(builtinModules)

/** Packages a folder must not import, with the reason. */
function forbiddenPackage(folder: Folder, pkg: string): string | undefined {
  const isNode = pkg.startsWith('node:') || NODE_BUILTINS.has(pkg.split('/')[0])
  const isHttp = pkg === 'fastify' || pkg.startsWith('@fastify/') || pkg === 'pino' || pkg === 'prom-client'
  const isAws = pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/')
  const isRedis = pkg === 'ioredis'
  if (PURE.has(folder)) {
    if (isNode) return `src/${folder} is pure: no Node.js built-in modules`
    if (isHttp) return `src/${folder} is pure: no HTTP framework, logging or metrics`
    if (isAws) return `src/${folder} is pure: no AWS SDK (fetching belongs to src/sources)`
    if (isRedis) return `src/${folder} is pure: no Redis (caching belongs to src/sources)`
    if (pkg.startsWith('@cloud-copilot/') && folder !== 'catalog') {
      return 'the service authorization data is read through src/catalog only'
    }
  }
  if (folder === 'sources' && isHttp) return 'src/sources must not depend on the HTTP layer'
  if (folder === 'routes' && (isAws || isRedis)) return 'routes reach AWS and Redis only through what the app decorates'
  return undefined
}

export function folderOf(path: string): Folder | undefined {
  if (path.startsWith('routes/')) return 'routes'
  if (path === 'src/server.ts') return 'app'
  const m = /^src\/([^/]+)\//.exec(path)
  if (m === null) return undefined
  const name = m[1] as Folder
  return name in ALLOWED ? name : undefined
}

/** Every module reference in a file, from its syntax tree. Computed dynamic specifiers are reported as '<computed>'. */
export function importsOf(file: SourceFile): ImportRef[] {
  const sf = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const refs: ImportRef[] = []
  const add = (node: ts.Node, spec: ts.Expression | undefined, typeOnly: boolean) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1
    const specifier = spec !== undefined && ts.isStringLiteralLike(spec) ? spec.text : '<computed>'
    refs.push({ specifier, typeOnly, line })
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause
      let typeOnly = false
      if (clause !== undefined) {
        const named = clause.namedBindings
        typeOnly =
          clause.isTypeOnly ||
          (clause.name === undefined &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly))
      }
      add(node, node.moduleSpecifier, typeOnly)
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      const clause = node.exportClause
      const typeOnly =
        node.isTypeOnly ||
        (clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly))
      add(node, node.moduleSpecifier, typeOnly)
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly)
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0], false)
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') add(node, node.arguments[0], false)
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument
      if (ts.isLiteralTypeNode(arg)) add(node, arg.literal as ts.Expression, true)
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return refs
}

/** Uses of the process, the clock or randomness in a pure folder (they must be passed in). */
export function impureGlobalsOf(file: SourceFile): { line: number; what: string }[] {
  const sf = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const found: { line: number; what: string }[] = []
  const at = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const object = node.expression.text
      const name = node.name.text
      if (object === 'process' || (object === 'globalThis' && name === 'process')) found.push({ line: at(node), what: 'process' })
      else if (object === 'Date' && name === 'now') found.push({ line: at(node), what: 'Date.now()' })
      else if (object === 'Math' && name === 'random') found.push({ line: at(node), what: 'Math.random()' })
      else if (object === 'performance' && name === 'now') found.push({ line: at(node), what: 'performance.now()' })
      else if (object === 'crypto' && (name === 'randomUUID' || name === 'getRandomValues')) {
        found.push({ line: at(node), what: `crypto.${name}()` })
      }
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date') {
      if ((node.arguments?.length ?? 0) === 0) found.push({ line: at(node), what: 'new Date() (the current time)' })
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date') {
      found.push({ line: at(node), what: 'Date() (the current time)' })
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return found
}

function resolveRelative(from: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier))
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.mjs$/, '.mts'),
    base.replace(/\.cjs$/, '.cts'),
    `${base}.ts`,
    `${base}/index.ts`,
  ]
  return candidates.find((c) => known.has(c))
}

function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

/** The entry points of a folder other folders may import. */
function isEntryPoint(target: string, folder: Folder): boolean {
  if (folder === 'routes') return true // only src/app imports routes, and it loads each plugin file
  if (target === `src/${folder}/index.ts`) return true
  // src/sources is a set of adapters (cache/, aws/, snapshot): each adapter's index.ts is an entry point.
  return folder === 'sources' && /^src\/sources\/[^/]+\/index\.ts$/.test(target)
}

function isSourcesPort(target: string): boolean {
  return /^src\/sources\/(?:[^/]+\/)?ports\.ts$/.test(target)
}

/**
 * Checks files against the table. `known` is every file path that exists (for resolving relative imports);
 * it defaults to the checked files themselves.
 */
export function checkFiles(files: readonly SourceFile[], known: ReadonlySet<string> = new Set(files.map((f) => f.path))): Violation[] {
  const violations: Violation[] = []
  for (const file of files) {
    const from = folderOf(file.path)
    const report = (line: number, specifier: string, message: string) =>
      violations.push({ file: file.path, line, specifier, message })
    if (from === undefined) {
      report(1, '', 'is outside the folders of ARCHITECTURE.md (src/<folder>/, src/server.ts, routes/)')
      continue
    }
    if (PURE.has(from)) {
      for (const use of impureGlobalsOf(file)) {
        report(use.line, use.what, `src/${from} is pure: ${use.what} must be passed in, not read`)
      }
    }
    for (const ref of importsOf(file)) {
      if (ref.specifier === '<computed>') {
        report(ref.line, ref.specifier, 'an import with a computed specifier cannot be checked; use a string literal')
        continue
      }
      if (!ref.specifier.startsWith('.') && !ref.specifier.startsWith('/')) {
        const why = forbiddenPackage(from, packageName(ref.specifier))
        if (why !== undefined) report(ref.line, ref.specifier, why)
        continue
      }
      const target = resolveRelative(file.path, ref.specifier, known)
      if (target === undefined) {
        report(ref.line, ref.specifier, 'does not resolve to a file in src/ or routes/')
        continue
      }
      const to = folderOf(target)
      if (to === undefined) {
        report(ref.line, ref.specifier, `imports ${target}, outside src/<folder>/ and routes/`)
        continue
      }
      if (to === from) continue
      if (from === 'routes' && to === 'sources') {
        if (!isSourcesPort(target)) report(ref.line, ref.specifier, 'routes may import only the ports of src/sources (for types)')
        else if (!ref.typeOnly) report(ref.line, ref.specifier, 'routes may import the ports of src/sources with `import type` only')
        continue
      }
      if (!ALLOWED[from].includes(to)) {
        const where = from === 'routes' ? 'routes' : `src/${from}`
        report(ref.line, ref.specifier, `${where} may not import ${to === 'routes' ? 'routes' : `src/${to}`}`)
        continue
      }
      if (!isEntryPoint(target, to) && !(ref.typeOnly && to === 'sources' && isSourcesPort(target))) {
        report(ref.line, ref.specifier, `imports ${target}: import src/${to} through its index.ts`)
      }
    }
  }
  return violations
}
