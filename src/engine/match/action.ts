// Action / NotAction patterns. Actions are case-insensitive (R4.3.1, ACTION): patterns arrive lower-cased from
// the policy model and the request's action is lower-cased once, so matching is plain case-sensitive text.
// `*` and `?` are wildcards (R4.3.2); `"*"` alone matches every action of every service. No variables (R4.3.5).
// NotAction semantics (match → excluded) belong to the caller (R4.3.3).
import { compileGlob, type Glob } from './glob.js'

export interface ActionMatcher {
  /**
   * The pattern (as written, lower-cased) that matches `actionLower`, or null. `serviceLower` is the request's
   * service prefix when the caller has it (RequestContext.service); it saves cutting it out of the action.
   */
  match(actionLower: string, serviceLower?: string): string | null
  /** False when no action of this service prefix can match (every pattern names another literal prefix): a
   *  statement's Action can be skipped for such a request without calling match. */
  mayMatchService(serviceLower: string): boolean
}

/** Patterns are expected lower-cased (Statement.action / notAction). */
export function compileActionMatcher(patterns: readonly string[]): ActionMatcher {
  const exact = new Set<string>()
  let matchAll: string | null = null
  // Globs whose service prefix is literal, by prefix: a request for s3:GetObject never tests ec2 globs.
  const byService = new Map<string, Glob[]>()
  // Globs whose prefix has a wildcard (`*:Get*`, `s?:*`) or that have no colon at all.
  const general: Glob[] = []
  // `s3:*`: every action of one service, answered by the prefix alone.
  const wholeService = new Map<string, string>()

  for (const pattern of patterns) {
    const g = compileGlob(pattern)
    if (!g.hasWildcard) {
      exact.add(pattern)
      continue
    }
    if (isStarOnly(pattern)) {
      if (matchAll === null) matchAll = pattern
      continue
    }
    const colon = pattern.indexOf(':')
    const prefix = colon < 0 ? null : pattern.slice(0, colon)
    if (prefix !== null && !/[*?]/.test(prefix)) {
      if (isStarOnly(pattern.slice(colon + 1))) {
        if (!wholeService.has(prefix)) wholeService.set(prefix, pattern)
        continue
      }
      let list = byService.get(prefix)
      if (!list) byService.set(prefix, (list = []))
      list.push(g)
    } else general.push(g)
  }

  const noGlobs = byService.size === 0 && general.length === 0 && wholeService.size === 0
  // The service prefixes some pattern can match; null when a pattern's prefix has a wildcard (or "*" alone).
  let services: Set<string> | null = null
  if (general.length === 0 && matchAll === null) {
    services = new Set([...byService.keys(), ...wholeService.keys()])
    for (const e of exact) {
      const colon = e.indexOf(':')
      services.add(colon < 0 ? e : e.slice(0, colon))
    }
  }
  return {
    mayMatchService(serviceLower: string): boolean {
      return services === null || services.has(serviceLower)
    },
    match(actionLower: string, serviceLower?: string): string | null {
      if (exact.has(actionLower)) return actionLower
      if (!noGlobs) {
        if (byService.size || wholeService.size) {
          const svc = serviceLower ?? serviceOf(actionLower)
          const all = wholeService.get(svc)
          if (all !== undefined) return all
          const list = byService.get(svc)
          if (list) for (let i = 0; i < list.length; i++) if (list[i].test(actionLower)) return list[i].source
        }
        for (let i = 0; i < general.length; i++) if (general[i].test(actionLower)) return general[i].source
      }
      return matchAll
    },
  }
}

// One request is matched against many statements: cut its service prefix once, not once per matcher.
/** Key of no group: an action without a colon has no service prefix. */
const NO_SERVICE = '\u0000'
let lastAction = ''
let lastService = ''
function serviceOf(actionLower: string): string {
  if (actionLower !== lastAction) {
    const colon = actionLower.indexOf(':')
    lastService = colon < 0 ? NO_SERVICE : actionLower.slice(0, colon)
    lastAction = actionLower
  }
  return lastService
}

/** `*`, `**`, …: matches everything. */
function isStarOnly(p: string): boolean {
  if (p.length === 0) return false
  for (let i = 0; i < p.length; i++) if (p.charCodeAt(i) !== 42) return false
  return true
}
