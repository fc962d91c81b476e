// Condition keys and their types: global `aws:` keys and each service's keys, including templated ones
// (`aws:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/<key>`, `kms:EncryptionContext:${Key}`). Key
// names are case-insensitive [CONDITION]; multivalued keys are the ArrayOf… types [SVMV].

import type { ConditionKeyData, ConditionKeyInfo } from './types.js'
import { compilePieces, isTemplate, piecesOfTemplate, type Wildcard } from './wildcard.js'

interface Entry {
  key: string
  type: string
  global: boolean
  templated: boolean
  services: string[]
}

interface Template {
  entry: Entry
  match: Wildcard
}

export interface ConditionKeyIndex {
  lookup(key: string): ConditionKeyInfo | undefined
  /** Every key as the reference writes it (templates included). */
  keys(): string[]
}

function info(e: Entry, templated: boolean): ConditionKeyInfo {
  const multivalued = e.type.startsWith('ArrayOf')
  return {
    key: e.key,
    type: e.type,
    valueType: multivalued ? e.type.slice('ArrayOf'.length) : e.type,
    multivalued,
    global: e.key.toLowerCase().startsWith('aws:'),
    templated,
    services: e.services,
  }
}

/** The part of a key before its first ':' (the service prefix, or an identity provider host). */
function keyPrefix(key: string): string {
  const at = key.indexOf(':')
  return at < 0 ? '' : key.slice(0, at).toLowerCase()
}

export function buildConditionKeyIndex(
  globals: readonly ConditionKeyData[],
  perService: ReadonlyArray<{ prefix: string; keys: readonly ConditionKeyData[] }>,
): ConditionKeyIndex {
  const exact = new Map<string, Entry>()
  const add = (k: ConditionKeyData, service: string | null, global: boolean): void => {
    const lower = k.key.toLowerCase()
    let e = exact.get(lower)
    if (!e) {
      e = { key: k.key, type: k.type, global, templated: isTemplate(k.key), services: [] }
      exact.set(lower, e)
    }
    if (service && !e.services.includes(service)) e.services.push(service)
  }
  // Global keys first: their type wins over a service file that lists the same key.
  for (const k of globals) add(k, null, true)
  for (const s of perService) for (const k of s.keys) add(k, s.prefix, false)

  // Templates grouped by the literal prefix before ':'; templates with a placeholder in that prefix
  // (identity-provider keys such as `agent.${Domain}.buildkite.dev:…`) go to a shared list.
  const byPrefix = new Map<string, Template[]>()
  const loose: Template[] = []
  for (const e of exact.values()) {
    if (!e.templated) continue
    const t: Template = { entry: e, match: compilePieces(piecesOfTemplate(e.key), true) }
    const p = keyPrefix(e.key)
    if (!p || isTemplate(p)) loose.push(t)
    else {
      const list = byPrefix.get(p)
      if (list) list.push(t)
      else byPrefix.set(p, [t])
    }
  }
  // Most specific template first: longer literal text wins (`s3:ExistingObjectTag/<key>` before a bare `s3:${X}`).
  for (const list of byPrefix.values()) list.sort((a, b) => b.match.literalLength - a.match.literalLength)
  loose.sort((a, b) => b.match.literalLength - a.match.literalLength)

  const cache = new Map<string, ConditionKeyInfo | null>()
  const CACHE_MAX = 4096

  const find = (key: string): ConditionKeyInfo | undefined => {
    const lower = key.toLowerCase()
    const hit = exact.get(lower)
    if (hit) return info(hit, hit.templated)
    const candidates = byPrefix.get(keyPrefix(key))
    if (candidates) for (const t of candidates) if (t.match.test(key)) return info(t.entry, true)
    for (const t of loose) if (t.match.test(key)) return info(t.entry, true)
    return undefined
  }

  return {
    lookup(key: string): ConditionKeyInfo | undefined {
      const lower = key.toLowerCase()
      const c = cache.get(lower)
      if (c !== undefined) return c ?? undefined
      const r = find(key)
      if (cache.size >= CACHE_MAX) cache.clear()
      cache.set(lower, r ?? null)
      return r
    },
    keys: () => [...exact.values()].map((e) => e.key),
  }
}
