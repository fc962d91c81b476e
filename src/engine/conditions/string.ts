// String family: StringEquals / StringNotEquals (case-sensitive, `*` is a literal character),
// *IgnoreCase (case-insensitive), StringLike / StringNotLike (case-sensitive glob: `*` any run, `?` one
// character). Policy variables are allowed (§5.1, §5.11) [OPS].
import { compileGlobParts, type Glob } from '../match/glob.js'
import { instantiateText, staticGlobParts } from '../variables.js'
import type { RequestContext } from '../request-context.js'
import { memoBySubstitution, parseValues, resolverOf, staticText, templatePolicy } from './templates.js'
import { NO_MATCH, type ValueMatcher } from './types.js'

/** Above this many static values, StringEquals looks values up in a map instead of a loop. */
const MAP_THRESHOLD = 8

function stringUnreadable(v: string): string {
  return `cannot read '${v}' as a string`
}

/** StringEquals / StringNotEquals (ignoreCase false) and their IgnoreCase forms. */
export function compileStringEquals(values: string[], variables: boolean, ignoreCase: boolean): ValueMatcher {
  // `*` and `?` are literal here (OPS: StringEquals treats `*` literally).
  const tpls = parseValues(values, variables, false)
  const norm = ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s
  const dynamic = tpls.some((t) => t.hasVariables)
  const policy = templatePolicy(tpls)

  if (!dynamic) {
    const texts = tpls.map((t) => norm(staticText(t)))
    let find: ValueMatcher['find']
    if (texts.length === 1) {
      const p = texts[0]
      find = ignoreCase ? (v) => (v.toLowerCase() === p ? 0 : NO_MATCH) : (v) => (v === p ? 0 : NO_MATCH)
    } else if (texts.length > MAP_THRESHOLD) {
      const index = new Map<string, number>()
      texts.forEach((p, i) => {
        if (!index.has(p)) index.set(p, i)
      })
      find = (v) => index.get(norm(v)) ?? NO_MATCH
    } else {
      find = (v) => {
        const s = norm(v)
        for (let i = 0; i < texts.length; i++) if (texts[i] === s) return i
        return NO_MATCH
      }
    }
    return { find, policy, unreadable: stringUnreadable }
  }

  const statics = tpls.map((t) => (t.hasVariables ? null : norm(staticText(t))))
  return {
    find(v, ctx) {
      const s = norm(v)
      const resolve = resolverOf(ctx)
      for (let i = 0; i < tpls.length; i++) {
        const fixed = statics[i]
        // An unresolved variable matches nothing (R6.6, VARS).
        const p = fixed ?? instantiateText(tpls[i], resolve)
        if (p !== null && (fixed !== null ? p : norm(p)) === s) return i
      }
      return NO_MATCH
    },
    policy,
    unreadable: stringUnreadable,
  }
}

/** StringLike / StringNotLike. */
export function compileStringLike(values: string[], variables: boolean): ValueMatcher {
  const tpls = parseValues(values, variables, true)
  const globs: Array<Glob | null> = tpls.map((t) => (t.hasVariables ? null : compileGlobParts(staticGlobParts(t))))
  const policy = templatePolicy(tpls)

  if (globs.every((g) => g !== null)) {
    const gs = globs as Glob[]
    if (gs.length === 1) {
      const g = gs[0]
      return { find: (v) => (g.test(v) ? 0 : NO_MATCH), policy, unreadable: stringUnreadable }
    }
    return {
      find(v) {
        for (let i = 0; i < gs.length; i++) if (gs[i].test(v)) return i
        return NO_MATCH
      },
      policy,
      unreadable: stringUnreadable,
    }
  }

  // Substituted text is literal: a `*` in a variable's value is not a wildcard (instantiateGlob).
  const dynamicGlobs = tpls.map((t) => (t.hasVariables ? memoBySubstitution(t, (parts) => compileGlobParts(parts)) : null))
  return {
    find(v, ctx) {
      const resolve = resolverOf(ctx)
      for (let i = 0; i < tpls.length; i++) {
        const g = globs[i] ?? dynamicGlobs[i]!(resolve)
        if (g === null) continue // unresolved variable: matches nothing (R6.6)
        if (g.test(v)) return i
      }
      return NO_MATCH
    },
    policy,
    unreadable: stringUnreadable,
  }
}
