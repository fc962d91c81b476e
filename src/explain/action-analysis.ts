// How a statement's Action patterns miss the requested action: a misspelt action (one the Service Authorization
// Reference does not know, close to the requested one), the right name under another service prefix, an unknown
// requested action, patterns that simply do not cover it, or NotAction excluding it (R4.3, ACTION, NOTACTION).
import type { Catalog } from '../catalog/index.js'
import { hasWildcard } from './glob.js'
import type { ActionEvidence } from './types.js'

export interface ActionComparison {
  evidence: ActionEvidence
  /** Lower is closer (for ranking near misses). */
  distance: number
  /** The pattern the explanation names (the misspelt one, or the NotAction pattern). */
  pattern?: string
}

const nameOf = (a: string): string => a.slice(a.indexOf(':') + 1).toLowerCase()
const prefixOf = (a: string): string => a.slice(0, Math.max(0, a.indexOf(':'))).toLowerCase()

export function compareAction(catalog: Catalog, requested: string, patterns: readonly string[], element: 'Action' | 'NotAction', excludedBy?: string, canonicalKnown?: string | null): ActionComparison {
  // canonicalKnown: the caller's lookup of the requested action (null: unknown), to spare a catalog lookup.
  const canonical = canonicalKnown === undefined ? catalog.canonicalAction(requested) : canonicalKnown ?? undefined
  const known = canonical !== undefined
  const shown = canonical ?? requested
  const evidence = (difference: ActionEvidence['difference'], suggestions: string[]): ActionEvidence => ({ patterns: [...patterns], requested: shown, known, suggestions, difference })
  if (element === 'NotAction') {
    const out: ActionComparison = { evidence: evidence('excluded', []), distance: 4 }
    if (excludedBy) out.pattern = excludedBy
    return out
  }
  const wanted = requested.toLowerCase()
  const wantedPrefix = prefixOf(wanted)
  const wantedName = nameOf(wanted)
  let sameService = false
  for (const p of patterns) {
    const lower = p.toLowerCase()
    const prefix = prefixOf(lower)
    if (prefix === wantedPrefix || lower === '*') sameService = true
    if (hasWildcard(lower) || catalog.canonicalAction(lower) !== undefined) continue
    // A pattern that names no action: is it the requested one misspelt (the catalog's nearest actions, a typo in the
    // name or in the service prefix), or the right name under another, real service prefix?
    if (prefix === wantedPrefix || nameOf(lower) === wantedName) {
      const near = catalog.nearestActions(lower, 5).find((n) => n.action.toLowerCase() === wanted)
      if (near && near.reason !== 'otherService') return { evidence: evidence('typo', [shown]), distance: 1, pattern: p }
      if (near) return { evidence: evidence('otherService', [shown]), distance: 2, pattern: p }
    }
  }
  if (!known) {
    const suggestions = catalog.nearestActions(requested, 3).map((n) => n.action)
    return { evidence: evidence('unknownAction', suggestions), distance: 3 }
  }
  return { evidence: evidence('notCovered', []), distance: sameService ? 3 : 6 }
}
