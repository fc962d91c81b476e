// A small `*` / `?` matcher for explanations only ("would this pattern match if case did not matter?", "does this
// pattern name the bucket of this object?"). Decisions never use it: the engine's matchers decide.

export function globMatch(pattern: string, text: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern
  const t = ignoreCase ? text.toLowerCase() : text
  // Iterative matcher with backtracking to the last `*` (linear in practice, no regular expression).
  let pi = 0
  let ti = 0
  let star = -1
  let mark = 0
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++
      ti++
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++
      mark = ti
    } else if (star >= 0) {
      pi = star + 1
      ti = ++mark
    } else return false
  }
  while (pi < p.length && p[pi] === '*') pi++
  return pi === p.length
}

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?')
}

export function hasVariable(s: string): boolean {
  return s.includes('${')
}
