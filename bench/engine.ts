// Engine throughput: warm (compiled policies reused) and cold (new documents every time), fast path (decision,
// deciding statements, missing keys) and full trace (every statement of every layer, as /v1/evaluate returns).
import { evaluateRequest } from '../src/engine/index.js'
import { measure, type Figure } from './measure.js'
import { sevenLayerPolicies, sevenLayerRequest, simplePolicies, simpleRequest, statementCount } from './fixtures.js'

const now = new Date('2026-11-30T12:00:00Z')

export function engineFigures(): Figure[] {
  const simple = simplePolicies()
  const seven = sevenLayerPolicies()
  const check = (r: typeof simpleRequest, p: typeof simple, expected: string) => {
    const d = evaluateRequest(r, p, { now }).evaluation?.decision
    if (d !== expected) throw new Error(`benchmark fixture gives ${d}, expected ${expected}`)
  }
  check(simpleRequest, simple, 'allowed')
  check(sevenLayerRequest, seven, 'allowed')
  let salt = 0
  return [
    measure('(a) one identity policy, warm, decision', () => evaluateRequest(simpleRequest, simple, { now, trace: false }), { target: 300_000 }),
    measure('(a) one identity policy, warm, full trace', () => evaluateRequest(simpleRequest, simple, { now })),
    measure('(a) one identity policy, cold (new document each time)', () => {
      const p = simplePolicies()
      ;(p.identity![0].document as { Id?: string }).Id = `v${salt++}`
      evaluateRequest(simpleRequest, p, { now, trace: false })
    }),
    measure(`(b) seven layers, ${statementCount(seven)} statements, warm, decision`, () => evaluateRequest(sevenLayerRequest, seven, { now, trace: false }), { target: 100_000 }),
    measure(`(b) seven layers, ${statementCount(seven)} statements, warm, full trace`, () => evaluateRequest(sevenLayerRequest, seven, { now })),
    measure('(b) seven layers, cold (new documents each time)', () => evaluateRequest(sevenLayerRequest, sevenLayerPolicies(String(salt++)), { now, trace: false })),
  ]
}
