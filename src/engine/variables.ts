// Policy variables: `${key}`, `${key, 'default'}`, and the escapes `${*}`, `${?}`, `${$}`.
// They are substituted only when the policy's Version is 2012-10-17; otherwise the text is literal.
// A variable whose key is absent (and has no default) leaves the pattern unresolvable: in Resource it
// matches nothing; in a condition a positive operator fails and a negated one succeeds.
// [VARS, VERSION: shared/docs/IAM-EVALUATION.md §6, R4.1.1]
import { QMARK, STAR, type GlobPart } from './match/glob.js'

export type TemplatePart =
  | { t: 'lit'; v: string }
  | { t: 'star' }
  | { t: 'q' }
  | { t: 'var'; key: string; keyLower: string; def?: string }

export interface Template {
  source: string
  parts: TemplatePart[]
  hasVariables: boolean
}

/** Resolves a single-valued context key (lower-cased name) to its value, or undefined when absent. */
export type Resolve = (keyLower: string) => string | undefined

const VAR_RE_DEFAULT = /^\s*([^,]+?)\s*,\s*'([^']*)'\s*$/

/**
 * Parse a pattern into literal text, wildcards (when `wildcards`), and variables (when `variables`).
 * Without `wildcards`, `*` and `?` are literal characters (StringEquals treats `*` literally, OPS).
 */
export function parseTemplate(raw: string, opts: { variables: boolean; wildcards: boolean }): Template {
  const parts: TemplatePart[] = []
  let lit = ''
  let hasVariables = false
  const flush = () => {
    if (lit) parts.push({ t: 'lit', v: lit })
    lit = ''
  }
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]
    if (opts.variables && c === '$' && raw[i + 1] === '{') {
      const close = raw.indexOf('}', i + 2)
      if (close > 0) {
        const body = raw.slice(i + 2, close)
        i = close
        if (body === '*' || body === '?' || body === '$') {
          lit += body
          continue
        }
        flush()
        const withDefault = VAR_RE_DEFAULT.exec(body)
        const key = (withDefault ? withDefault[1] : body).trim()
        parts.push({ t: 'var', key, keyLower: key.toLowerCase(), def: withDefault ? withDefault[2] : undefined })
        hasVariables = true
        continue
      }
    }
    if (opts.wildcards && (c === '*' || c === '?')) {
      flush()
      parts.push({ t: c === '*' ? 'star' : 'q' })
      continue
    }
    lit += c
  }
  flush()
  return { source: raw, parts, hasVariables }
}

/** Substitute variables; null when a variable has no value and no default. */
export function instantiateGlob(tpl: Template, resolve: Resolve): GlobPart[] | null {
  const out: GlobPart[] = []
  for (const p of tpl.parts) {
    if (p.t === 'lit') out.push(p.v)
    else if (p.t === 'star') out.push(STAR)
    else if (p.t === 'q') out.push(QMARK)
    else {
      const v = resolve(p.keyLower) ?? p.def
      if (v === undefined) return null
      out.push(v)
    }
  }
  return out
}

/** Substitute variables into plain text (no wildcards); null when a variable has no value and no default. */
export function instantiateText(tpl: Template, resolve: Resolve): string | null {
  let out = ''
  for (const p of tpl.parts) {
    if (p.t === 'lit') out += p.v
    else if (p.t === 'star') out += '*'
    else if (p.t === 'q') out += '?'
    else {
      const v = resolve(p.keyLower) ?? p.def
      if (v === undefined) return null
      out += v
    }
  }
  return out
}

/** The pattern's glob parts when it has no variables (to compile once). */
export function staticGlobParts(tpl: Template): GlobPart[] {
  return instantiateGlob(tpl, () => undefined) as GlobPart[]
}
