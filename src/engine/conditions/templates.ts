// Policy values that may hold policy variables (String, Arn and Bool families, §5.11). Variables are read
// only under Version 2012-10-17 (R6.1); otherwise `${...}` is literal text. An unresolved variable (no
// value, no default) makes that one policy value match nothing (R6.6, VARS).
import { instantiateGlob, instantiateText, parseTemplate, type Resolve, type Template } from '../variables.js'
import type { GlobPart } from '../match/glob.js'
import type { RequestContext } from '../request-context.js'
import type { PolicyView } from './types.js'

export function parseValues(values: string[], variables: boolean, wildcards: boolean): Template[] {
  return values.map((v) => parseTemplate(v, { variables, wildcards }))
}

/** ctx.resolve as a plain function (it may rely on `this`). */
export function resolverOf(ctx: RequestContext): Resolve {
  return (keyLower) => ctx.resolve(keyLower)
}

/** Static text of a template without variables (`${*}` etc. already turned into their characters). */
export function staticText(tpl: Template): string {
  return instantiateText(tpl, () => undefined) as string
}

/**
 * The trace's view of templated policy values: substituted where possible, as written otherwise.
 * `check` reads a substituted value as the operator's type and returns a problem, if any.
 */
export function templateView(
  tpls: Template[],
  ctx: RequestContext,
  check?: (text: string) => string | undefined,
): PolicyView {
  const resolve = resolverOf(ctx)
  const values: string[] = []
  const issues: string[] = []
  const unresolved: string[] = []
  for (const tpl of tpls) {
    const text = tpl.hasVariables ? instantiateText(tpl, resolve) : staticText(tpl)
    if (text === null) {
      values.push(tpl.source)
      unresolved.push(tpl.source)
      continue
    }
    values.push(text)
    const problem = check?.(text)
    if (problem) issues.push(problem)
  }
  return { values, issues, unresolved }
}

/**
 * The `policy` of a ValueMatcher over templated values: templateView per request when some value has a variable;
 * otherwise the view does not depend on the request and is computed once (the same values and issues every time,
 * as the static families give theirs, staticView).
 */
export function templatePolicy(tpls: Template[], check?: (text: string) => string | undefined): (ctx: RequestContext) => PolicyView {
  if (tpls.some((t) => t.hasVariables)) return (ctx) => templateView(tpls, ctx, check)
  let view: PolicyView | undefined
  return (ctx) => (view ??= templateView(tpls, ctx, check))
}

/**
 * A per-template memo for values compiled from substituted glob parts (a Glob, an ARN matcher): the values
 * of the template's variables are the key, so a request that resolves them as the previous one did reuses
 * the compiled value instead of compiling it again. Returns null when a variable is unresolved (R6.6).
 */
export function memoBySubstitution<T>(tpl: Template, build: (parts: GlobPart[]) => T): (resolve: Resolve) => T | null {
  let lastKey: string | null = null
  let last: T | null = null
  const single = tpl.parts.filter((p) => p.t === 'var').length === 1
  return (resolve) => {
    // One variable: its value is the key; several: length-prefixed values (no ambiguous joins).
    let key = ''
    for (const p of tpl.parts) {
      if (p.t !== 'var') continue
      const v = resolve(p.keyLower) ?? p.def
      if (v === undefined) return null
      key = single ? v : `${key}${v.length}:${v}`
    }
    if (key === lastKey && last !== null) return last
    const parts = instantiateGlob(tpl, resolve)
    if (parts === null) return null
    last = build(parts)
    lastKey = key
    return last
  }
}
