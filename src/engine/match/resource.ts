// Resource / NotResource patterns. [RESOURCE, VARS in shared/docs/IAM-EVALUATION.md §4.4, §6]
//
// - Case-sensitive (R4.4.6).
// - One flat glob over the whole ARN (R4.4.10): `*` crosses `/` (R4.4.3) and `:`. The current RESOURCE page says a
//   `*` that ends an ARN segment "can expand to match beyond the colon boundaries" (R4.4.4), so `arn:aws:sqs:*`
//   matches every SQS ARN; and S3 object keys may themselves contain ':', which `arn:aws:s3:::bucket/*` must
//   cover. A per-segment matcher would get both wrong.
// - Policy variables only under Version 2012-10-17 (R6.1, VERSION); otherwise `${…}` is literal text.
//   Variables are substituted wherever they appear in the ARN: AWS's own managed policies put them in the
//   account segment (AmazonTimestreamInfluxDBServiceRolePolicy: `arn:*:kms:*:${aws:PrincipalAccount}:key/*`),
//   so R4.4.8's "resource part only" is not enforced here.
// - A variable with no value and no default makes that pattern match nothing (R6.6). Substituted values are
//   literal text (a `*` in a tag value is not a wildcard).
// - A request for resource "*" (actions without resource-level permissions, R4.4.7) is matched by the patterns
//   that match the text "*" — in practice `"Resource": "*"`; `arn:aws:s3:::*` does not cover it.
import type { PolicyVersion } from '../../policy/index.js'
import type { RequestContext } from '../request-context.js'
import { instantiateGlob, parseTemplate, staticGlobParts, type Template } from '../variables.js'
import { STAR, compileGlobParts, type Glob } from './glob.js'

export interface ResourceMatcher {
  /** True when some pattern uses a policy variable (its result depends on the request context). */
  readonly hasVariables: boolean
  /** The pattern (as written) that matches `resource`, or null. */
  match(resource: string, ctx: RequestContext): string | null
}

export function compileResourceMatcher(patterns: readonly string[], version: PolicyVersion): ResourceMatcher {
  const variables = version === '2012-10-17'
  /** Literal text → pattern as written (they differ when `${*}`, `${?}` or `${$}` were unescaped). */
  const exact = new Map<string, string>()
  let matchAll: string | null = null
  const globs: Glob[] = []
  const templates: VariablePattern[] = []

  for (const pattern of patterns) {
    const tpl = parseTemplate(pattern, { variables, wildcards: true })
    if (tpl.hasVariables) {
      templates.push(new VariablePattern(tpl))
      continue
    }
    const parts = staticGlobParts(tpl)
    if (parts.length > 0 && parts.every((p) => p === STAR)) {
      if (matchAll === null) matchAll = pattern
      continue
    }
    const g = compileGlobParts(parts, false, pattern)
    if (!g.hasWildcard) {
      const text = parts.length ? (parts as string[]).join('') : ''
      if (!exact.has(text)) exact.set(text, pattern)
    } else globs.push(g)
  }

  return {
    hasVariables: templates.length > 0,
    match(resource: string, ctx: RequestContext): string | null {
      if (exact.size) {
        const hit = exact.get(resource)
        if (hit !== undefined) return hit
      }
      for (let i = 0; i < globs.length; i++) if (globs[i].test(resource)) return globs[i].source
      if (matchAll !== null) return matchAll
      for (let i = 0; i < templates.length; i++) {
        const g = templates[i].glob(ctx)
        if (g !== null && g.test(resource)) return g.source
      }
      return null
    },
  }
}

/**
 * A pattern with variables. Its glob is rebuilt only when a variable's value changed since the last request
 * (consecutive requests usually come from the same principal), so the common case compiles nothing.
 */
class VariablePattern {
  private readonly vars: Array<{ keyLower: string; def?: string }>
  private readonly last: Array<string | undefined>
  private cached: Glob | null = null

  constructor(private readonly tpl: Template) {
    this.vars = []
    for (const p of tpl.parts) if (p.t === 'var') this.vars.push({ keyLower: p.keyLower, def: p.def })
    this.last = new Array<string | undefined>(this.vars.length).fill(undefined)
  }

  /** The glob for this request, or null when a variable has no value and no default (R6.6: matches nothing). */
  glob(ctx: RequestContext): Glob | null {
    let changed = this.cached === null
    for (let i = 0; i < this.vars.length; i++) {
      const v = ctx.resolve(this.vars[i].keyLower) ?? this.vars[i].def
      if (v === undefined) return null
      if (v !== this.last[i]) changed = true
    }
    if (!changed) return this.cached
    const parts = instantiateGlob(this.tpl, (k) => ctx.resolve(k))
    if (parts === null) return null
    for (let i = 0; i < this.vars.length; i++) this.last[i] = ctx.resolve(this.vars[i].keyLower) ?? this.vars[i].def
    this.cached = compileGlobParts(parts, false, this.tpl.source)
    return this.cached
  }
}
