// Checks the shape of the evaluation corpus (test/corpus/evaluate/*.json) without running the engine:
// required fields, unique names, policy documents that look like policies, rule ids that exist in
// IAM-EVALUATION.md, deniedBy present exactly for denies, decidedBy pointing at real statements.
import t from 'tap'
import type { Test } from 'tap'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../..')
const corpusDir = path.join(here, 'evaluate')
// CI runs in a clean clone where ../shared is a sibling of the repository.
const rulebookPath = path.resolve(repoRoot, '../shared/docs/IAM-EVALUATION.md')

const MIN_CASES = 250
const DECISIONS = ['allowed', 'explicitDeny', 'implicitDeny']
const LAYERS = ['identity', 'resource', 'permissionsBoundary', 'session', 'scp', 'rcp', 'vpcEndpoint']
const CASE_KEYS = ['name', 'rule', 'source', 'description', 'request', 'policies', 'now', 'expect']
const REQUEST_KEYS = ['principal', 'action', 'resource', 'resourceAccount', 'context']
const EXPECT_KEYS = ['decision', 'deniedBy', 'decidedBy', 'missingContextKeys']

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Obj = { [k: string]: Json }

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0

interface Loaded {
  file: string
  cases: unknown[]
}

function loadCorpus(): Loaded[] {
  return readdirSync(corpusDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed: unknown = JSON.parse(readFileSync(path.join(corpusDir, file), 'utf8'))
      return { file, cases: Array.isArray(parsed) ? parsed : [parsed] }
    })
}

/** Statements of a policy document, or a problem description. */
function statementsOf(doc: unknown): Obj[] | string {
  if (!isObj(doc)) return 'document is not a JSON object'
  const st = doc.Statement
  const list = Array.isArray(st) ? st : isObj(st) ? [st] : null
  if (!list || list.length === 0) return 'document has no Statement'
  for (const [i, s] of list.entries()) {
    if (!isObj(s)) return `Statement[${i}] is not an object`
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return `Statement[${i}].Effect must be Allow or Deny`
    if (!('Action' in s) && !('NotAction' in s)) return `Statement[${i}] has neither Action nor NotAction`
  }
  if ('Version' in doc && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') return `unknown Version ${String(doc.Version)}`
  return list as Obj[]
}

/** All policies of a PolicySet by layer, each with its id and statements; problems collected in `errs`. */
function policiesByLayer(policies: Obj, errs: string[]): Map<string, { id: string | undefined; statements: Obj[] }[]> {
  const out = new Map<string, { id: string | undefined; statements: Obj[] }[]>()
  const add = (layer: string, where: string, input: unknown) => {
    if (!isObj(input)) return errs.push(`${where} is not an object`)
    if ('id' in input && typeof input.id !== 'string') errs.push(`${where}.id must be a string`)
    const st = statementsOf(input.document)
    if (typeof st === 'string') return errs.push(`${where}: ${st}`)
    const list = out.get(layer) ?? []
    list.push({ id: typeof input.id === 'string' ? input.id : undefined, statements: st })
    out.set(layer, list)
  }
  for (const [layer, value] of Object.entries(policies)) {
    if (!LAYERS.includes(layer)) {
      errs.push(`policies.${layer} is not a layer`)
      continue
    }
    if (layer === 'identity' || layer === 'session') {
      if (!Array.isArray(value)) errs.push(`policies.${layer} must be an array`)
      else value.forEach((p, i) => add(layer, `policies.${layer}[${i}]`, p))
    } else if (layer === 'scp' || layer === 'rcp') {
      if (!Array.isArray(value) || value.length === 0) errs.push(`policies.${layer} must be a non-empty array of levels`)
      else
        value.forEach((level, l) => {
          if (!Array.isArray(level) || level.length === 0) errs.push(`policies.${layer}[${l}] must be a non-empty array`)
          else level.forEach((p, i) => add(layer, `policies.${layer}[${l}][${i}]`, p))
        })
    } else add(layer, `policies.${layer}`, value)
  }
  return out
}

function isContextValue(v: unknown): boolean {
  const scalar = (x: unknown) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean'
  return scalar(v) || (Array.isArray(v) && v.every(scalar))
}

/** Every problem with one case (empty when it is well formed). */
function problemsOf(c: unknown): string[] {
  const errs: string[] = []
  if (!isObj(c)) return ['case is not an object']
  for (const k of Object.keys(c)) if (!CASE_KEYS.includes(k)) errs.push(`unknown field ${k}`)
  if (!isStr(c.name) || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(c.name)) errs.push('name must be kebab-case')
  if (!isStr(c.rule) || !/^(R\d+(\.\d+)+|§\d+(\.\d+)*)$/.test(c.rule)) errs.push('rule must look like R1.6.3 or §5.10')
  if (!isStr(c.source)) errs.push('source is required')
  if (!isStr(c.description)) errs.push('description is required')
  if ('now' in c && (typeof c.now !== 'string' || Number.isNaN(Date.parse(c.now)))) errs.push('now must be an ISO date')

  const r = c.request
  if (!isObj(r)) errs.push('request must be an object')
  else {
    for (const k of Object.keys(r)) if (!REQUEST_KEYS.includes(k)) errs.push(`unknown request field ${k}`)
    for (const k of ['principal', 'action', 'resource']) if (!isStr(r[k])) errs.push(`request.${k} is required`)
    if ('resourceAccount' in r && !(typeof r.resourceAccount === 'string' && /^\d{12}$/.test(r.resourceAccount)))
      errs.push('request.resourceAccount must be a 12-digit account id')
    if ('context' in r) {
      if (!isObj(r.context)) errs.push('request.context must be an object')
      else for (const [k, v] of Object.entries(r.context)) if (!isContextValue(v)) errs.push(`context ${k} has an unsupported value`)
    }
  }

  const layers = isObj(c.policies) ? policiesByLayer(c.policies, errs) : (errs.push('policies must be an object'), new Map())

  const e = c.expect
  if (!isObj(e)) return [...errs, 'expect must be an object']
  for (const k of Object.keys(e)) if (!EXPECT_KEYS.includes(k)) errs.push(`unknown expect field ${k}`)
  if (typeof e.decision !== 'string' || !DECISIONS.includes(e.decision)) errs.push('expect.decision must be allowed, explicitDeny or implicitDeny')
  const isDeny = e.decision === 'explicitDeny' || e.decision === 'implicitDeny'
  if (isDeny !== ('deniedBy' in e)) errs.push('expect.deniedBy must be present exactly when the decision is a deny')
  if ('deniedBy' in e) {
    const d = e.deniedBy
    if (!isObj(d) || typeof d.layer !== 'string' || !LAYERS.includes(d.layer)) errs.push('expect.deniedBy.layer must be a layer')
    else if (d.kind !== (e.decision === 'explicitDeny' ? 'explicit' : 'implicit')) errs.push('expect.deniedBy.kind does not fit the decision')
    if (isObj(d) && 'level' in d && !(Number.isInteger(d.level) && (d.layer === 'scp' || d.layer === 'rcp'))) errs.push('expect.deniedBy.level is an integer, for scp and rcp only')
  }
  if ('decidedBy' in e) {
    if (!Array.isArray(e.decidedBy) || e.decidedBy.length === 0) errs.push('expect.decidedBy must be a non-empty array')
    else
      for (const ref of e.decidedBy) {
        if (!isObj(ref) || typeof ref.layer !== 'string' || !isStr(ref.policyId) || typeof ref.index !== 'number') {
          errs.push('expect.decidedBy entries need layer, policyId and index')
          continue
        }
        const pol = (layers.get(ref.layer) ?? []).find((p: { id: string | undefined }) => p.id === ref.policyId)
        if (!pol) errs.push(`decidedBy names ${ref.layer}/${ref.policyId}, which is not in policies`)
        else if (!Number.isInteger(ref.index) || ref.index < 0 || ref.index >= pol.statements.length)
          errs.push(`decidedBy ${ref.layer}/${ref.policyId} index ${ref.index} is not a statement`)
        else if (e.decision === 'explicitDeny' && pol.statements[ref.index].Effect !== 'Deny')
          errs.push(`decidedBy ${ref.layer}/${ref.policyId}#${ref.index} of an explicit deny is not a Deny statement`)
        else if (e.decision === 'allowed' && pol.statements[ref.index].Effect !== 'Allow')
          errs.push(`decidedBy ${ref.layer}/${ref.policyId}#${ref.index} of an allow is not an Allow statement`)
      }
  }
  if ('missingContextKeys' in e && !(Array.isArray(e.missingContextKeys) && e.missingContextKeys.every(isStr)))
    errs.push('expect.missingContextKeys must be an array of key names')
  return errs
}

const corpus = loadCorpus()
const all = corpus.flatMap(({ file, cases }) => cases.map((c) => ({ file, c })))
const label = (file: string, c: unknown) => `${file}/${isObj(c) && typeof c.name === 'string' ? c.name : '?'}`

t.test('every corpus file is a non-empty JSON array', async (t) => {
  t.ok(corpus.length > 0, 'test/corpus/evaluate holds JSON files')
  for (const { file } of corpus) {
    const parsed: unknown = JSON.parse(readFileSync(path.join(corpusDir, file), 'utf8'))
    t.ok(Array.isArray(parsed) && parsed.length > 0, `${file} is a non-empty array`)
  }
})

t.test('every case is well formed', async (t) => {
  for (const { file, c } of all) t.same(problemsOf(c), [], label(file, c))
})

t.test('case names are unique across files', async (t) => {
  const seen = new Map<string, string>()
  const dups: string[] = []
  for (const { file, c } of all) {
    const name = isObj(c) && typeof c.name === 'string' ? c.name : ''
    if (seen.has(name)) dups.push(`${name} (${seen.get(name)} and ${file})`)
    else seen.set(name, file)
  }
  t.same(dups, [], 'no duplicate names')
})

t.test(`the corpus holds at least ${MIN_CASES} cases`, async (t) => {
  t.ok(all.length >= MIN_CASES, `${all.length} cases`)
})

const RULEBOOK_TEST = 'rule ids and source aliases exist in IAM-EVALUATION.md'
const checkRulebook = async (t: Test) => {
  const book = readFileSync(rulebookPath, 'utf8')
  const aliases = new Set([...book.matchAll(/^\| ([A-Z0-9]+) \| https?:\/\//gm)].map((m) => m[1]))
  t.ok(aliases.size > 20, 'source alias table found')
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  for (const { file, c } of all) {
    if (!isObj(c) || typeof c.rule !== 'string' || typeof c.source !== 'string') continue
    const rule = c.rule
    const found = rule.startsWith('§')
      ? new RegExp(`^#{2,4} ${esc(rule.slice(1))}(\\.|\\s)`, 'm').test(book)
      : new RegExp(`${esc(rule)}(?![.\\d])`).test(book)
    t.ok(found, `${label(file, c)}: rule ${rule} is in the rulebook`)
    const src = c.source
    t.ok(aliases.has(src) || /^https:\/\/(docs\.)?aws\.amazon\.com\//.test(src), `${label(file, c)}: source ${src} is an alias or an AWS page`)
  }
}
// The rulebook lives outside the repository; without it this one check is skipped, the others still run.
if (existsSync(rulebookPath)) t.test(RULEBOOK_TEST, checkRulebook)
else t.skip(`${RULEBOOK_TEST} (not found at ${rulebookPath})`, checkRulebook)
