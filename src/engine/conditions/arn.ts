// ARN family: ArnEquals ≡ ArnLike, ArnNotEquals ≡ ArnNotLike (§5.7, OPS). Case-sensitive; each of the six
// colon-separated components (arn:partition:service:region:account:resource) is matched on its own with
// `*` / `?`, so a `*` never consumes a colon — except in the sixth component, which is the rest of the ARN
// including any colons (R4.4.5). A request value with fewer than six components is not an ARN: it is
// recorded as an issue and satisfies nothing. Policy variables are allowed (OPS); they are substituted
// before the pattern is split, so `${aws:PrincipalArn}` as a whole pattern works.
import { compileGlobParts, STAR, QMARK, type Glob, type GlobPart } from '../match/glob.js'
import { parseTemplate, staticGlobParts, type Template } from '../variables.js'
import { memoBySubstitution, parseValues, resolverOf, templatePolicy } from './templates.js'
import { NO_MATCH, UNREADABLE, type ValueMatcher } from './types.js'

const COMPONENTS = 6

/** Split pattern parts at the first five colons of their literal text; null when there are fewer. */
export function splitArnPattern(parts: readonly GlobPart[]): GlobPart[][] | null {
  const out: GlobPart[][] = [[]]
  for (const p of parts) {
    if (p === STAR || p === QMARK) {
      out[out.length - 1].push(p)
      continue
    }
    let start = 0
    while (out.length < COMPONENTS) {
      const c = p.indexOf(':', start)
      if (c < 0) break
      if (c > start) out[out.length - 1].push(p.slice(start, c))
      out.push([])
      start = c + 1
    }
    if (start < p.length) out[out.length - 1].push(start === 0 ? p : p.slice(start))
  }
  return out.length === COMPONENTS ? out : null
}

/** One component's matcher: anything, a fixed text, or a glob. */
type Component = { any: true } | { any: false; text: string; glob: null } | { any: false; text: null; glob: Glob }
type ArnMatcher = Component[]

function compileComponent(parts: GlobPart[]): Component {
  if (parts.length === 1 && parts[0] === STAR) return { any: true }
  const glob = compileGlobParts(parts)
  if (!glob.hasWildcard) return { any: false, text: parts.length === 0 ? '' : (parts as string[]).join(''), glob: null }
  return { any: false, text: null, glob }
}

function compileArnPattern(parts: readonly GlobPart[]): ArnMatcher | null {
  const split = splitArnPattern(parts)
  return split && split.map(compileComponent)
}

/** Start of each component of the request value, and its end (+1 slot); reused between calls. */
const bounds = new Int32Array(COMPONENTS + 1)

/** Find the components of v; false when v has fewer than six. */
function splitArn(v: string): boolean {
  let start = 0
  for (let k = 0; k < COMPONENTS - 1; k++) {
    bounds[k] = start
    const c = v.indexOf(':', start)
    if (c < 0) return false
    start = c + 1
  }
  bounds[COMPONENTS - 1] = start
  bounds[COMPONENTS] = v.length + 1
  return true
}

/** Does v (split into `bounds`) match? Fixed texts are compared in place; only globs need a substring. */
function matches(m: ArnMatcher, v: string): boolean {
  for (let k = 0; k < COMPONENTS; k++) {
    const c = m[k]
    if (c.any) continue
    const start = bounds[k]
    const end = bounds[k + 1] - 1
    if (c.text !== null) {
      if (end - start !== c.text.length || !v.startsWith(c.text, start)) return false
    } else if (!c.glob.test(v.slice(start, end))) return false
  }
  return true
}

function notAnArn(v: string): string {
  return `not an ARN (arn:partition:service:region:account:resource): '${v}'`
}

function notAnArnPattern(v: string): string {
  return `not an ARN pattern (six colon-separated parts): '${v}'`
}

/** Problem with a pattern after substitution (shown in the trace). */
function patternIssue(text: string): string | undefined {
  return compileArnPattern(staticGlobParts(parseTemplate(text, { variables: false, wildcards: true })))
    ? undefined
    : notAnArnPattern(text)
}

/** For validate: a pattern with variables can only be checked once they are substituted. */
export function arnIssue(v: string, variables = false): string | undefined {
  const tpl: Template = parseTemplate(v, { variables, wildcards: true })
  if (tpl.hasVariables) return undefined
  return compileArnPattern(staticGlobParts(tpl)) ? undefined : notAnArnPattern(v)
}

export function compileArn(values: string[], variables: boolean): ValueMatcher {
  const tpls = parseValues(values, variables, true)
  // null: an invalid pattern (matches nothing); patterns with variables are compiled per substitution.
  const fixed = tpls.map((t) => (t.hasVariables ? null : compileArnPattern(staticGlobParts(t))))
  const dynamic = tpls.map((t) => (t.hasVariables ? memoBySubstitution(t, compileArnPattern) : null))
  const anyDynamic = dynamic.some((d) => d !== null)
  return {
    find(v, ctx) {
      if (!splitArn(v)) return UNREADABLE
      const resolve = anyDynamic ? resolverOf(ctx) : null
      for (let i = 0; i < tpls.length; i++) {
        const d = dynamic[i]
        // An unresolved variable (memo gives null) matches nothing (R6.6).
        const m = d === null ? fixed[i] : d(resolve!)
        if (m !== null && matches(m, v)) return i
      }
      return NO_MATCH
    },
    policy: templatePolicy(tpls, patternIssue),
    unreadable: notAnArn,
  }
}
