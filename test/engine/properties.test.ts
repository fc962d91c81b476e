// Properties of the decision that must hold for every input (ARCHITECTURE.md "Tests"; IAM-EVALUATION.md §1).
import t from 'tap'
import fc from 'fast-check'
import { evaluateRequest, type Evaluation, type PolicySet, type Request } from '../../src/engine/index.js'
import { policySet, request, doc } from './arbitraries.js'

const NOW = new Date('2026-11-30T12:00:00Z')
const run = (r: Request, p: PolicySet): Evaluation => {
  const out = evaluateRequest(r, p, { now: NOW })
  if (!out.evaluation) throw new Error(`unexpected input errors: ${JSON.stringify(out.errors)}`)
  return out.evaluation
}
const denyAll = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] })
const denyAllWithPrincipal = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: action, Resource: '*' }] })
const allowAll = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] })

t.test('a matching Deny in an identity policy always wins (R1.1.2)', async (t) => {
  fc.assert(fc.property(request, policySet, (r, p) => {
    if (r.principal.endsWith('.amazonaws.com')) return true // services have no identity policies
    const withDeny = { ...p, identity: [...(p.identity ?? []), { id: 'deny', document: denyAll(r.action) }] }
    const e = run(r, withDeny)
    return e.decision === 'explicitDeny' && e.decidedBy.some((d) => d.policyId === 'deny')
  }), { numRuns: 300 })
  t.pass('held')
})

t.test('a matching Deny in the resource policy always wins, whoever asks (R1.1.2)', async (t) => {
  fc.assert(fc.property(request, policySet, (r, p) => {
    const e = run(r, { ...p, resource: { id: 'deny', document: denyAllWithPrincipal(r.action) } })
    return e.decision === 'explicitDeny'
  }), { numRuns: 300 })
  t.pass('held')
})

t.test('adding an Allow statement to an identity policy never removes access', async (t) => {
  fc.assert(fc.property(request, policySet, doc(false), (r, p, extra) => {
    const before = run(r, p).decision
    const after = run(r, { ...p, identity: [...(p.identity ?? []), { id: 'extra', document: { ...extra, Statement: extra.Statement.map((s) => ({ ...s, Effect: 'Allow', NotAction: undefined, Action: s.Action ?? s.NotAction })) } }] }).decision
    return before !== 'allowed' || after === 'allowed'
  }), { numRuns: 300 })
  t.pass('held')
})

t.test('a boundary, SCP, RCP, session or endpoint policy never adds access', async (t) => {
  const filters: Array<(p: PolicySet, d: unknown) => PolicySet> = [
    (p, d) => ({ ...p, permissionsBoundary: { id: 'b2', document: d } }),
    (p, d) => ({ ...p, scp: [...(p.scp ?? []), [{ id: 'scp-extra', document: d }]] }),
    (p, d) => ({ ...p, rcp: [[{ id: 'rcp', document: withoutNotAction(addPrincipal(d)) }]] }),
    (p, d) => ({ ...p, session: [{ id: 'session', document: d }] }),
    (p, d) => ({ ...p, vpcEndpoint: { id: 'vpce', document: addPrincipal(d) } }),
  ]
  fc.assert(fc.property(request, policySet, doc(false), fc.integer({ min: 0, max: filters.length - 1 }), (r, p, d, which) => {
    if (p.permissionsBoundary && which === 0) return true // replacing a boundary is not adding one
    const before = run(r, p).decision
    const after = run(r, filters[which](p, d)).decision
    return before === 'allowed' || after !== 'allowed'
  }), { numRuns: 500 })
  t.pass('held')
})

t.test('the same input gives the same record, traced or not', async (t) => {
  fc.assert(fc.property(request, policySet, (r, p) => {
    const a = run(r, p)
    const b = run(r, JSON.parse(JSON.stringify(p)))
    const fast = evaluateRequest(r, p, { now: NOW, trace: false }).evaluation!
    return JSON.stringify(a) === JSON.stringify(b) && fast.decision === a.decision &&
      JSON.stringify(fast.decidedBy) === JSON.stringify(a.decidedBy) &&
      JSON.stringify(fast.missingContextKeys) === JSON.stringify(a.missingContextKeys)
  }), { numRuns: 300 })
  t.pass('held')
})

function addPrincipal(d: unknown): unknown {
  const doc = d as { Version: string; Statement: Array<Record<string, unknown>> }
  return { ...doc, Statement: doc.Statement.map((s) => ({ ...s, Principal: '*' })) }
}

/** RCPs do not accept NotAction (R1.4.5, RCPSYN). */
function withoutNotAction(d: unknown): unknown {
  const doc = d as { Version: string; Statement: Array<Record<string, unknown>> }
  return { ...doc, Statement: doc.Statement.map(({ NotAction, ...s }) => (NotAction ? { ...s, Action: NotAction } : s)) }
}
