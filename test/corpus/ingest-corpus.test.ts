// Runs every case of test/corpus/ingest/*.json through src/ingest. The inputs are written from AWS's documented
// formats (each case cites the page: the CloudTrail userIdentity and record pages, IAM's and S3's AccessDenied
// troubleshooting pages, the decode-authorization-message example) and the expected requests were written
// from those formats, not from the code. Format: test/corpus/ingest/README.md.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadCatalog } from '../../src/catalog/index.js'
import { ingest, type IngestRequest, type ReportedCause } from '../../src/ingest/index.js'

interface SuccessExpect {
  request: IngestRequest
  reportedCause: ReportedCause | null
  denied: boolean
  /** Exact set (order-insensitive) of the inferred JSON Pointers. */
  inferred: string[]
  /** Each must be a substring of some `missing` entry. */
  missingIncludes?: string[]
  /** Each must be a substring of some note. */
  notesInclude?: string[]
  /** Multi-record inputs. */
  requests?: number
  records?: number
}

interface FailureExpect {
  error: true
  errorPaths: string[]
  /** Each must be a substring of some recognised entry. */
  recognisedIncludes?: string[]
  /** Each must be a substring of some error message. */
  errorsInclude?: string[]
}

interface IngestCase {
  name: string
  source: string
  description: string
  input: Record<string, unknown>
  expect: SuccessExpect | FailureExpect
}

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ingest')
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
const catalog = await loadCatalog()

const all: Array<{ file: string; c: IngestCase }> = []
for (const file of files) for (const c of JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as IngestCase[]) all.push({ file, c })

t.test('the corpus is large enough and well formed', async (t) => {
  t.ok(all.length >= 45, `${all.length} cases`)
  const names = new Set<string>()
  for (const { file, c } of all) {
    t.match(c.name, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, `${file}/${c.name}: kebab-case name`)
    t.notOk(names.has(c.name), `${c.name} is unique`)
    names.add(c.name)
    t.ok(c.source && c.description, `${c.name} cites a source and says what it shows`)
    t.equal(Object.keys(c.input).length, 1, `${c.name}: one input`)
  }
  const kinds = (k: string) => all.filter(({ c }) => k in c.input).length
  t.ok(kinds('cloudTrailEvent') >= 20, `${kinds('cloudTrailEvent')} CloudTrail inputs`)
  t.ok(kinds('errorMessage') >= 20, `${kinds('errorMessage')} error messages`)
  t.ok(kinds('decodedAuthorizationMessage') >= 5, `${kinds('decodedAuthorizationMessage')} decoded messages`)
  // Every identity type CTUID documents, and at least ten services.
  const types = new Set<string>()
  const services = new Set<string>()
  for (const { c } of all) {
    const rec = c.input.cloudTrailEvent as Record<string, unknown> | undefined
    const records = rec && Array.isArray(rec.Records) ? rec.Records : rec ? [rec] : []
    for (const r of records as Array<Record<string, unknown>>) {
      const ui = r.userIdentity as Record<string, unknown> | undefined
      if (typeof ui?.type === 'string') types.add(ui.type)
      if (typeof r.eventSource === 'string') services.add(r.eventSource)
    }
  }
  for (const type of ['IAMUser', 'AssumedRole', 'FederatedUser', 'Root', 'AWSAccount', 'AWSService', 'SAMLUser', 'WebIdentityUser', 'IdentityCenterUser']) {
    t.ok(types.has(type), `a CloudTrail case with userIdentity.type ${type}`)
  }
  t.ok(services.size >= 10, `${services.size} services: ${[...services].sort().join(', ')}`)
})

for (const { file, c } of all) {
  t.test(`${file}/${c.name}`, async (t) => {
    const why = `[${c.source}] ${c.description}`
    const out = ingest(c.input, catalog)
    const exp = c.expect
    if ('error' in exp) {
      t.equal(out.ok, false, `rejected — ${why}`)
      if (out.ok) return
      t.same(out.errors.map((e) => e.path).sort(), [...exp.errorPaths].sort(), `error paths (got ${JSON.stringify(out.errors)}) — ${why}`)
      for (const r of exp.recognisedIncludes ?? []) t.ok(out.recognised.some((x) => x.includes(r)), `recognised mentions "${r}" (got ${JSON.stringify(out.recognised)})`)
      for (const r of exp.errorsInclude ?? []) t.ok(out.errors.some((e) => e.message.includes(r)), `an error says "${r}" (got ${JSON.stringify(out.errors)})`)
      return
    }
    if (!out.ok) {
      t.fail(`expected a request, got errors ${JSON.stringify(out.errors)}; recognised ${JSON.stringify(out.recognised)} — ${why}`)
      return
    }
    t.same(out.request, exp.request, `request — ${why}`)
    t.same(out.reportedCause ?? null, exp.reportedCause, `reportedCause — ${why}`)
    t.equal(out.denied, exp.denied, `denied — ${why}`)
    t.same([...out.inferred].sort(), [...exp.inferred].sort(), `inferred — ${why}`)
    for (const m of exp.missingIncludes ?? []) t.ok(out.missing.some((x) => x.includes(m)), `missing mentions "${m}" (got ${JSON.stringify(out.missing)})`)
    for (const n of exp.notesInclude ?? []) t.ok(out.notes.some((x) => x.includes(n)), `a note mentions "${n}" (got ${JSON.stringify(out.notes)})`)
    if (exp.requests !== undefined) t.equal(out.requests?.length, exp.requests, 'requests')
    if (exp.records !== undefined) t.equal(out.records?.length, exp.records, 'records')
  })
}
