// A small wildcard matcher for the catalog's own needs: IAM action patterns (`*` any run, `?` one
// character; ACTION, IAM-EVALUATION.md §4.3) and the placeholders of ARN formats and templated condition
// keys (a placeholder is one or more characters). No regular expression is built from the pattern.
//
// A pattern is cut at its `*`s into runs of fixed length (literal characters and `?`). The first run
// must sit at the start, the last at the end, and each middle run takes its leftmost fit; leftmost is
// always optimal for fixed-length runs, so there is no backtracking.

interface Run {
  chars: string
  /** Positions that accept any character (`?`), or null when the run is all literal. */
  any: boolean[] | null
}

export interface Wildcard {
  readonly hasWildcard: boolean
  /** Literal characters of the pattern (placeholders excluded). */
  readonly literalLength: number
  test(text: string): boolean
}

/** Pattern pieces: literal text, '*' (any run, empty too) or '?' (exactly one character). */
export type Piece = { lit: string } | '*' | '?'

/** IAM pattern syntax: `*` and `?` are wildcards, everything else literal. */
export function piecesOfPattern(pattern: string): Piece[] {
  const out: Piece[] = []
  let lit = ''
  for (const c of pattern) {
    if (c === '*' || c === '?') {
      if (lit) out.push({ lit })
      lit = ''
      out.push(c)
    } else lit += c
  }
  if (lit) out.push({ lit })
  return out
}

/**
 * Template syntax of the reference: `${Name}` and `<name>` are placeholders of one or more characters.
 * `*` and `?` in a template are literal.
 */
export function piecesOfTemplate(template: string): Piece[] {
  const out: Piece[] = []
  let lit = ''
  let i = 0
  while (i < template.length) {
    const c = template[i]
    let end = -1
    if (c === '$' && template[i + 1] === '{') end = template.indexOf('}', i + 2)
    else if (c === '<') end = template.indexOf('>', i + 1)
    if (end > i) {
      if (lit) out.push({ lit })
      lit = ''
      out.push('?', '*')
      i = end + 1
    } else {
      lit += c
      i++
    }
  }
  if (lit) out.push({ lit })
  return out
}

/** True when the template contains a placeholder. */
export function isTemplate(template: string): boolean {
  return /\$\{[^}]*\}|<[^>]*>/.test(template)
}

export function compilePieces(pieces: readonly Piece[], ignoreCase: boolean): Wildcard {
  const runs: Run[] = []
  let cur: Run = { chars: '', any: null }
  let stars = 0
  let literalLength = 0
  let hasOne = false
  for (const p of pieces) {
    if (p === '*') {
      runs.push(cur)
      cur = { chars: '', any: null }
      stars++
    } else if (p === '?') {
      hasOne = true
      if (!cur.any) cur.any = Array.from(cur.chars, () => false)
      cur.chars += '?'
      cur.any.push(true)
    } else {
      const t = ignoreCase ? p.lit.toLowerCase() : p.lit
      literalLength += t.length
      if (cur.any) for (let k = 0; k < t.length; k++) cur.any.push(false)
      cur.chars += t
    }
  }
  runs.push(cur)
  const hasWildcard = stars > 0 || hasOne
  const norm = ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s

  if (!hasWildcard) {
    const exact = runs[0].chars
    return { hasWildcard, literalLength, test: (s) => norm(s) === exact }
  }
  if (stars === 0) {
    const only = runs[0]
    return { hasWildcard, literalLength, test: (s) => { const t = norm(s); return t.length === only.chars.length && fits(t, only, 0) } }
  }
  const first = runs[0]
  const last = runs[runs.length - 1]
  const middle = runs.slice(1, -1)
  const minLength = runs.reduce((n, r) => n + r.chars.length, 0)
  const test = (s: string): boolean => {
    const t = norm(s)
    if (t.length < minLength || !fits(t, first, 0)) return false
    const end = t.length - last.chars.length
    if (!fits(t, last, end)) return false
    let pos = first.chars.length
    for (const run of middle) {
      const at = leftmost(t, run, pos, end)
      if (at < 0) return false
      pos = at + run.chars.length
    }
    return pos <= end
  }
  return { hasWildcard, literalLength, test }
}

export function compilePattern(pattern: string, ignoreCase = true): Wildcard {
  return compilePieces(piecesOfPattern(pattern), ignoreCase)
}

function fits(s: string, run: Run, at: number): boolean {
  if (!run.any) return s.startsWith(run.chars, at)
  for (let k = 0; k < run.chars.length; k++) {
    if (!run.any[k] && s.charCodeAt(at + k) !== run.chars.charCodeAt(k)) return false
  }
  return true
}

/** Leftmost position >= from where the run fits and ends at or before limit; -1 if none. */
function leftmost(s: string, run: Run, from: number, limit: number): number {
  const len = run.chars.length
  if (!run.any) {
    const at = s.indexOf(run.chars, from)
    return at >= 0 && at + len <= limit ? at : -1
  }
  for (let at = from; at + len <= limit; at++) if (fits(s, run, at)) return at
  return -1
}
