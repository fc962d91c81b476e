// Applies fixes to a PolicySet without touching it: the documents a fix changes are copied, everything else is
// shared. Results are kept while the set lives, so that a set explained again (the same object) reuses the
// engine's parsed and compiled policies instead of preparing new documents each time.
import type { PolicyInput, PolicySet } from '../engine/index.js'
import { documentObject, policyAt, statementsOf } from './policy-docs.js'
import type { Fix, JsonStatement } from './types.js'
import { merge } from './merge.js'

// set → statement object of the fix → { where the fix applies, the resulting set }. Keyed by object identity: a
// diagnosis builds each fix's statement once per policy set (session.ts, draft cache), so explaining the same set
// again finds the same sets here, and the engine finds them prepared.
const memo = new WeakMap<PolicySet, WeakMap<object, Applied>>()

/** Where a fix applied (compared field by field, no key text per lookup) and the resulting set. */
interface Applied {
  layer: Fix['layer']
  level: number | undefined
  policyIndex: number | undefined
  policyId: string
  action: Fix['action']
  index: number | undefined
  set: PolicySet
}

/** The set with every fix applied in order (a later fix of the same policy applies on top of an earlier one). */
export function applyFixes(set: PolicySet, fixes: readonly Fix[]): PolicySet {
  let out = set
  for (let i = 0; i < fixes.length; i++) {
    const f = fixes[i]
    let bySet = memo.get(out)
    if (!bySet) memo.set(out, (bySet = new WeakMap()))
    const hit = bySet.get(f.statement)
    if (hit && sameLocation(hit, f)) out = hit.set
    else {
      const next = applyOne(out, f)
      bySet.set(f.statement, { layer: f.layer, level: f.level, policyIndex: f.policyIndex, policyId: f.policyId, action: f.action, index: f.index, set: next })
      out = next
    }
  }
  return out
}

function sameLocation(a: Applied, f: Fix): boolean {
  return a.layer === f.layer && a.level === f.level && a.policyIndex === f.policyIndex && a.policyId === f.policyId && a.action === f.action && a.index === f.index
}

function applyOne(set: PolicySet, fix: Fix): PolicySet {
  if (fix.action === 'addPolicy' || fix.policyIndex === undefined) {
    return withPolicy(set, fix, { id: fix.policyId, document: { Version: '2012-10-17', Statement: [fix.statement] } }, 'append')
  }
  const input = policyAt(set, { layer: fix.layer, policyIndex: fix.policyIndex, level: fix.level })
  if (!input) return set
  const doc = documentObject(input.document) ?? { Version: '2012-10-17' }
  const statements = statementsOf(doc)
  const next: JsonStatement[] =
    fix.action === 'addStatement' ? [...statements, fix.statement] : statements.map((s, i) => (i === fix.index ? fix.statement : s))
  return withPolicy(set, fix, merge(input, { document: merge(doc, { Statement: next }) }), 'replace')
}

function withPolicy(set: PolicySet, fix: Fix, policy: PolicyInput, mode: 'append' | 'replace'): PolicySet {
  const out: PolicySet = merge(set, {})
  const i = fix.policyIndex ?? 0
  switch (fix.layer) {
    case 'identity':
    case 'session': {
      const list = [...(set[fix.layer] ?? [])]
      if (mode === 'append') list.push(policy)
      else list[i] = policy
      out[fix.layer] = list
      break
    }
    case 'resource':
    case 'permissionsBoundary':
      out[fix.layer] = policy
      break
    case 'vpcEndpoint':
      out.vpcEndpoint = merge(set.vpcEndpoint ?? {}, policy)
      break
    case 'scp':
    case 'rcp': {
      const level = fix.level ?? 0
      const levels = (set[fix.layer] ?? []).map((l) => [...l])
      while (levels.length <= level) levels.push([])
      if (mode === 'append') levels[level].push(policy)
      else levels[level][i] = policy
      out[fix.layer] = levels
      break
    }
  }
  return out
}
