// Runs every case of test/corpus/evaluate/*.json through the engine. The expected answers come from AWS's
// documented rules (each case cites a rule of IAM-EVALUATION.md), not from the engine: where the two disagree,
// AWS's documentation decides which one is wrong. Format and conventions: test/corpus/README.md.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { evaluateRequest } from '../../src/engine/index.js'
import type { Decision, Layer, PolicySet, Request } from '../../src/engine/types.js'

interface ExpectedRef {
  layer: Layer
  policyId: string
  index: number
}

interface CorpusCase {
  name: string
  rule: string
  source: string
  description: string
  request: Request
  policies: PolicySet
  now?: string
  expect: {
    decision: Decision
    deniedBy?: { layer: Layer; level?: number; kind: 'explicit' | 'implicit' }
    decidedBy?: ExpectedRef[]
    missingContextKeys?: string[]
  }
}

const DEFAULT_NOW = '2026-11-30T12:00:00Z'
const corpusDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'evaluate')
const files = readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort()

for (const file of files) {
  const cases = JSON.parse(readFileSync(path.join(corpusDir, file), 'utf8')) as CorpusCase[]
  for (const c of cases) {
    t.test(`${file}/${c.name}`, (t) => {
      const why = `[${c.rule}, ${c.source}] ${c.description}`
      const result = evaluateRequest(c.request, c.policies, { now: new Date(c.now ?? DEFAULT_NOW) })
      if ('errors' in result) {
        t.fail(`the engine rejected the case's input: ${JSON.stringify(result.errors)} — ${why}`)
        t.end()
        return
      }
      const ev = result.evaluation
      const exp = c.expect
      t.equal(ev.decision, exp.decision, `decision — ${why}`)
      if (exp.deniedBy) {
        t.equal(ev.deniedBy?.layer, exp.deniedBy.layer, `deniedBy.layer — ${why}`)
        t.equal(ev.deniedBy?.kind, exp.deniedBy.kind, `deniedBy.kind — ${why}`)
        if (exp.deniedBy.level !== undefined) t.equal(ev.deniedBy?.level, exp.deniedBy.level, `deniedBy.level — ${why}`)
      } else {
        t.equal(ev.deniedBy, undefined, `no deniedBy on an allow — ${why}`)
      }
      for (const ref of exp.decidedBy ?? []) {
        const found = ev.decidedBy.some((r) => r.layer === ref.layer && r.policyId === ref.policyId && r.index === ref.index)
        t.ok(found, `decidedBy includes ${ref.layer}/${ref.policyId}#${ref.index} (got ${JSON.stringify(ev.decidedBy.map((r) => `${r.layer}/${r.policyId}#${r.index}`))}) — ${why}`)
      }
      if (exp.missingContextKeys) {
        const actual = ev.missingContextKeys.map((k) => k.toLowerCase())
        for (const key of exp.missingContextKeys)
          t.ok(actual.includes(key.toLowerCase()), `missingContextKeys includes ${key} (got ${JSON.stringify(ev.missingContextKeys)}) — ${why}`)
      }
      t.end()
    })
  }
}
