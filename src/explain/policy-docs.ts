// Reading the PolicySet behind a decision record: which policy a StatementRef points at, its statement as written
// (for evidence and for fixes that copy a statement), and its normalized form (from the same cached parse the
// engine used).
import { decodePolicyInput, parsePolicyCached, type PolicyType, type Statement } from '../policy/index.js'
import type { Layer, PolicyInput, PolicySet, ResourceKind } from '../engine/index.js'

export interface PolicyPointer {
  layer: Layer
  level?: number
  policyIndex: number
}

export function policyAt(set: PolicySet, p: PolicyPointer): PolicyInput | undefined {
  switch (p.layer) {
    case 'identity': return set.identity?.[p.policyIndex]
    case 'session': return set.session?.[p.policyIndex]
    case 'resource': return p.policyIndex === 0 ? set.resource : undefined
    case 'permissionsBoundary': return p.policyIndex === 0 ? set.permissionsBoundary : undefined
    case 'vpcEndpoint': return p.policyIndex === 0 ? set.vpcEndpoint : undefined
    case 'scp':
    case 'rcp': return p.level === undefined ? undefined : set[p.layer]?.[p.level]?.[p.policyIndex]
  }
}

/** The policies of a layer (or of one SCP/RCP level) with their pointers. */
export function policiesOf(set: PolicySet, layer: Layer, level?: number): Array<{ input: PolicyInput; pointer: PolicyPointer; id: string }> {
  const out: Array<{ input: PolicyInput; pointer: PolicyPointer; id: string }> = []
  const push = (input: PolicyInput | undefined, policyIndex: number, lvl: number | undefined, fallback: string) => {
    if (!input) return
    const pointer: PolicyPointer = { layer, policyIndex }
    if (lvl !== undefined) pointer.level = lvl
    out.push({ input, pointer, id: input.id ?? fallback })
  }
  switch (layer) {
    case 'identity':
    case 'session':
      set[layer]?.forEach((p, i) => push(p, i, undefined, `${layer}/${i}`))
      break
    case 'resource':
    case 'permissionsBoundary':
    case 'vpcEndpoint':
      push(set[layer], 0, undefined, layer)
      break
    case 'scp':
    case 'rcp':
      set[layer]?.forEach((lvl, l) => {
        if (level === undefined || level === l) lvl.forEach((p, i) => push(p, i, l, `${layer}/${l}/${i}`))
      })
  }
  return out
}

/** The ids of the policies of a layer (or of one SCP/RCP level), as policiesOf names them (its `id`s, in order). */
export function policyIdsOf(set: PolicySet, layer: Layer, level?: number): string[] {
  const out: string[] = []
  switch (layer) {
    case 'identity':
    case 'session': {
      const list = set[layer]
      if (list) for (let i = 0; i < list.length; i++) if (list[i]) out.push(list[i].id ?? `${layer}/${i}`)
      break
    }
    case 'resource':
    case 'permissionsBoundary':
    case 'vpcEndpoint': {
      const p = set[layer]
      if (p) out.push(p.id ?? layer)
      break
    }
    case 'scp':
    case 'rcp': {
      const levels = set[layer]
      if (!levels) break
      for (let l = 0; l < levels.length; l++) {
        if (level !== undefined && level !== l) continue
        const lvl = levels[l]
        if (!lvl) continue
        for (let i = 0; i < lvl.length; i++) if (lvl[i]) out.push(lvl[i].id ?? `${layer}/${l}/${i}`)
      }
    }
  }
  return out
}

const decodedText = new Map<string, Record<string, unknown> | undefined>()

/** The document as a JSON object (documents given as JSON text or URL-encoded text are decoded). */
export function documentObject(doc: unknown): Record<string, unknown> | undefined {
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) return doc as Record<string, unknown>
  if (typeof doc !== 'string') return undefined
  if (decodedText.has(doc)) return decodedText.get(doc)
  const d = decodePolicyInput(doc)
  const v = d.ok ? d.value() : undefined
  const obj = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
  if (decodedText.size >= 256) decodedText.clear()
  decodedText.set(doc, obj)
  return obj
}

// Documents are not mutated once given (like the engine's parsed policies), so their statement lists are kept.
const statementLists = new WeakMap<object, Record<string, unknown>[]>()

/** `Statement` as an array (a single statement object counts as one). Shared: callers copy before changing it. */
export function statementsOf(doc: Record<string, unknown> | undefined): Record<string, unknown>[] {
  if (!doc) return []
  let list = statementLists.get(doc)
  if (!list) {
    const s = doc.Statement
    if (Array.isArray(s)) list = s.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
    else list = typeof s === 'object' && s !== null ? [s as Record<string, unknown>] : []
    statementLists.set(doc, list)
  }
  return list
}

/** The statement as written. */
export function rawStatement(set: PolicySet, p: PolicyPointer, index: number): Record<string, unknown> | undefined {
  return statementsOf(documentObject(policyAt(set, p)?.document))[index]
}

/** The policy type the engine parsed a layer's documents with. */
export function policyTypeOf(layer: Layer, kind: ResourceKind): PolicyType {
  if (layer === 'resource') return kind === 'roleTrust' ? 'trust' : 'resource'
  return layer
}

/** The normalized statement (the engine's own parse, served from the policy cache). */
export function normalizedStatement(set: PolicySet, p: PolicyPointer, index: number, kind: ResourceKind): Statement | undefined {
  const input = policyAt(set, p)
  if (!input) return undefined
  const parsed = parsePolicyCached(input.document, { policyType: policyTypeOf(p.layer, kind) })
  return parsed.policy?.statements.find((s) => s.index === index)
}

/** Policies that AWS manages cannot be edited: a fix goes into a policy of the customer's instead. */
export function isAwsManaged(policyId: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(policyId) || /^(FullAWSAccess|RCPFullAWSAccess|p-FullAWSAccess)$/.test(policyId)
}

/** Values of a JSON element as strings (`"a"` → ['a'], `["a","b"]` → both). */
export function asStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v]
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string')
  return []
}

/** Principal element as `Type:value` strings (`*` for everyone). */
export function principalStrings(p: unknown): string[] {
  if (p === '*') return ['*']
  if (typeof p !== 'object' || p === null) return []
  const out: string[] = []
  for (const [type, v] of Object.entries(p as Record<string, unknown>)) for (const s of asStrings(v)) out.push(`${type}:${s}`)
  return out
}
