// Wildcard matching for IAM patterns: `*` is any run of characters (including none, crossing `/` and `:`),
// `?` is exactly one character. Used for Action, Resource and the *Like condition operators.
// [ACTION, RESOURCE, OPS in shared/docs/IAM-EVALUATION.md §4.3, §4.4, §5.1]
//
// No regular expression is ever built from policy text. A pattern is split at its `*`s into fixed-length
// segments; the first must sit at the start, the last at the end, and each middle one is placed at its
// leftmost fit. Leftmost placement is optimal for fixed-length segments, so there is no backtracking and
// the cost is bounded by text length × pattern length with no blow-up on adversarial input.

/** One piece of a pattern: literal text, or a wildcard. `${*}` in a policy becomes a literal '*'. */
export type GlobPart = string | typeof STAR | typeof QMARK
export const STAR: unique symbol = Symbol('*')
export const QMARK: unique symbol = Symbol('?')

export interface Glob {
  readonly source: string
  readonly hasWildcard: boolean
  test(text: string): boolean
}

/** A fixed-length run between stars. `q[i]` is true where the pattern has `?`. */
interface Segment {
  text: string
  q: boolean[] | null
}

export function parseGlob(pattern: string): GlobPart[] {
  const parts: GlobPart[] = []
  let lit = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '*' || c === '?') {
      if (lit) parts.push(lit)
      lit = ''
      parts.push(c === '*' ? STAR : QMARK)
    } else lit += c
  }
  if (lit) parts.push(lit)
  return parts
}

export function compileGlob(pattern: string, ignoreCase = false): Glob {
  return compileGlobParts(parseGlob(pattern), ignoreCase, pattern)
}

export function compileGlobParts(parts: readonly GlobPart[], ignoreCase = false, source?: string): Glob {
  const segments: Segment[] = []
  let cur: Segment = { text: '', q: null }
  let stars = 0
  let hasQ = false
  for (const p of parts) {
    if (p === STAR) {
      segments.push(cur)
      cur = { text: '', q: null }
      stars++
    } else if (p === QMARK) {
      hasQ = true
      if (!cur.q) cur.q = new Array<boolean>(cur.text.length).fill(false)
      cur.text += '?'
      cur.q.push(true)
    } else {
      const t = ignoreCase ? p.toLowerCase() : p
      if (cur.q) for (let i = 0; i < t.length; i++) cur.q.push(false)
      cur.text += t
    }
  }
  segments.push(cur)
  const src = source ?? partsToString(parts)
  const hasWildcard = stars > 0 || hasQ

  if (!hasWildcard) {
    const exact = segments[0].text
    return { source: src, hasWildcard, test: ignoreCase ? (s) => s.toLowerCase() === exact : (s) => s === exact }
  }
  if (stars === 1 && segments[0].text === '' && segments[1].text === '') {
    return { source: src, hasWildcard, test: () => true }
  }
  const first = segments[0]
  const last = segments[segments.length - 1]
  const middle = segments.slice(1, -1)
  const minLength = segments.reduce((n, s) => n + s.text.length, 0)
  // The commonest shape in policies, `prefix*` or `prefix*suffix` without `?`: two fixed ends (what the general
  // test below checks for it, without its loop).
  if (stars === 1 && !hasQ && !ignoreCase) {
    const head = first.text
    const tail = last.text
    return { source: src, hasWildcard, test: (s) => s.length >= minLength && s.startsWith(head) && s.endsWith(tail) }
  }

  const test = (input: string): boolean => {
    const s = ignoreCase ? input.toLowerCase() : input
    if (stars === 0) return s.length === first.text.length && fitsAt(s, first, 0)
    if (s.length < minLength) return false
    if (!fitsAt(s, first, 0)) return false
    const end = s.length - last.text.length
    if (!fitsAt(s, last, end)) return false
    let pos = first.text.length
    for (const seg of middle) {
      const at = findFrom(s, seg, pos, end)
      if (at < 0) return false
      pos = at + seg.text.length
    }
    return pos <= end
  }
  return { source: src, hasWildcard, test }
}

function fitsAt(s: string, seg: Segment, at: number): boolean {
  if (!seg.q) return s.startsWith(seg.text, at)
  const t = seg.text
  for (let i = 0; i < t.length; i++) if (!seg.q[i] && s.charCodeAt(at + i) !== t.charCodeAt(i)) return false
  return true
}

/** Leftmost index >= from where seg fits entirely before `limit`, or -1. */
function findFrom(s: string, seg: Segment, from: number, limit: number): number {
  const len = seg.text.length
  if (!seg.q) {
    const at = s.indexOf(seg.text, from)
    return at >= 0 && at + len <= limit ? at : -1
  }
  for (let at = from; at + len <= limit; at++) if (fitsAt(s, seg, at)) return at
  return -1
}

function partsToString(parts: readonly GlobPart[]): string {
  return parts.map((p) => (p === STAR ? '*' : p === QMARK ? '?' : p)).join('')
}
