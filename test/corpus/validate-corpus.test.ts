// Runs every case of test/corpus/validate/*.json through validateDocument with the real service authorization
// reference (loaded once for this process). Each case names the findings that must appear (code, severity and,
// where it matters, path), the codes that must not, or with `only` the exact set of codes. The expected
// findings come from AWS's documentation (the rulebook alias or page in `source`), not from the validator.
// Format: test/corpus/validate/README.md.
import t from 'tap'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadCatalog, type Catalog } from '../../src/catalog/index.js'
import { FINDING_CODES, decodePolicyInput } from '../../src/policy/index.js'
import { SEVERITIES, VALIDATION_CODES, validateDocument, type Finding, type ValidatePolicyType } from '../../src/validate/index.js'

interface ExpectedFinding {
  code: string
  severity: string
  path?: string
}

interface ValidateCase {
  name: string
  source: string
  description: string
  policyType: ValidatePolicyType
  document: unknown
  expect: ExpectedFinding[]
  absent?: string[]
  only?: string[]
}

const here = path.dirname(fileURLToPath(import.meta.url))
const corpusDir = path.join(here, 'validate')
const rulebookPath = path.resolve(here, '../../../shared/docs/IAM-EVALUATION.md')
const MIN_CASES = 65
const POLICY_TYPES = ['identity', 'resource', 'scp', 'rcp', 'permissionsBoundary', 'trust', 'session', 'vpcEndpoint']
const KNOWN_CODES = new Set<string>([...FINDING_CODES, ...Object.keys(VALIDATION_CODES)])

const files = readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort()
const corpus = files.map((file) => ({ file, cases: JSON.parse(readFileSync(path.join(corpusDir, file), 'utf8')) as ValidateCase[] }))

let catalog: Catalog
t.before(async () => {
  catalog = await loadCatalog()
})

/** The value a JSON Pointer points at, or undefined when it does not resolve. */
function resolvePointer(doc: unknown, pointer: string): { found: boolean } {
  if (pointer === '') return { found: true }
  let cur: unknown = doc
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(cur) && /^\d+$/.test(token) && Number(token) < cur.length) cur = cur[Number(token)]
    else if (typeof cur === 'object' && cur !== null && !Array.isArray(cur) && Object.prototype.hasOwnProperty.call(cur, token)) cur = (cur as Record<string, unknown>)[token]
    else return { found: false }
  }
  return { found: true }
}

t.test('the corpus is well formed', async (t) => {
  const all = corpus.flatMap((c) => c.cases.map((k) => ({ file: c.file, k })))
  t.ok(all.length >= MIN_CASES, `${all.length} cases (at least ${MIN_CASES})`)
  const names = new Set<string>()
  const aliases = existsSync(rulebookPath) ? new Set([...readFileSync(rulebookPath, 'utf8').matchAll(/^\| ([A-Z0-9]+) \| https?:/gm)].map((m) => m[1])) : undefined
  for (const { file, k } of all) {
    const at = `${file}/${k.name}`
    t.match(k.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${at}: kebab-case name`)
    t.notOk(names.has(k.name), `${at}: unique name`)
    names.add(k.name)
    t.ok(typeof k.description === 'string' && k.description.length > 10, `${at}: description`)
    t.ok(POLICY_TYPES.includes(k.policyType), `${at}: policyType`)
    t.ok(/^https:\/\//.test(k.source) || /^[A-Z0-9]+$/.test(k.source), `${at}: source is a rulebook alias or a URL`)
    if (aliases && !k.source.startsWith('https://')) t.ok(aliases.has(k.source), `${at}: ${k.source} is an alias of the rulebook`)
    for (const e of k.expect) {
      t.ok(KNOWN_CODES.has(e.code), `${at}: ${e.code} is a known code`)
      t.ok((SEVERITIES as readonly string[]).includes(e.severity), `${at}: ${e.severity} is a severity`)
    }
    for (const code of [...(k.absent ?? []), ...(k.only ?? [])]) t.ok(KNOWN_CODES.has(code), `${at}: ${code} is a known code`)
  }
  // Every validation check has a case that shows it.
  const shown = new Set(all.flatMap(({ k }) => k.expect.map((e) => e.code)))
  const unshown = Object.keys(VALIDATION_CODES).filter((c) => !shown.has(c))
  t.same(unshown, [], 'every validation code is expected by some case')
})

for (const { file, cases } of corpus) {
  for (const c of cases) {
    t.test(`${file}/${c.name}`, async (t) => {
      const why = `[${c.source}] ${c.description}`
      const { findings } = validateDocument(c.document, c.policyType, catalog)
      const shown = findings.map((f: Finding) => `${f.severity} ${f.code} ${f.path}`).join('\n  ')
      for (const e of c.expect) {
        const hit = findings.find((f) => f.code === e.code && f.severity === e.severity && (e.path === undefined || f.path === e.path))
        t.ok(hit, `${e.severity} ${e.code}${e.path !== undefined ? ` at ${JSON.stringify(e.path)}` : ''} — ${why}\n  got:\n  ${shown}`)
      }
      for (const code of c.absent ?? []) {
        t.notOk(findings.some((f) => f.code === code), `no ${code} — ${why}\n  got:\n  ${shown}`)
      }
      if (c.only) {
        t.same([...new Set(findings.map((f) => f.code))].sort(), [...c.only].sort(), `exactly these codes — ${why}\n  got:\n  ${shown}`)
      }
      // Every finding points into the document.
      const decoded = decodePolicyInput(c.document)
      if (decoded.ok) {
        const doc = decoded.value()
        for (const f of findings) t.ok(resolvePointer(doc, f.path).found, `${f.code} path ${JSON.stringify(f.path)} resolves in the document`)
      }
      for (const f of findings) t.ok(f.message.length > 0, 'a message')
    })
  }
}
