// Small text helpers for messages and suggestions.
import { editDistance } from '../policy/index.js'

export { editDistance }

/** The candidates closest to `name` (ignoring case) within `limit` edits, best first. */
export function closest(name: string, candidates: Iterable<string>, limit: number, max = 3): string[] {
  const lower = name.toLowerCase()
  const scored: Array<[string, number]> = []
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), limit)
    if (d <= limit) scored.push([c, d])
  }
  return scored
    .sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, max)
    .map((x) => x[0])
}

/** `a`, `a or b`, `a, b or c` (quoted with JSON quotes when `quote`). */
export function orList(items: readonly string[], quote = false): string {
  const q = items.map((i) => (quote ? JSON.stringify(i) : i))
  if (q.length <= 1) return q.join('')
  return `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`
}

export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** At most `n` items, then "and N more". */
export function some(items: readonly string[], n: number): string[] {
  return items.length <= n ? items.slice() : [...items.slice(0, n), `${items.length - n} more`]
}

/** IAM wildcard test (`*` any run, `?` one character), without building a regular expression. */
export function globMatch(pattern: string, text: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern
  const s = ignoreCase ? text.toLowerCase() : text
  let pi = 0
  let si = 0
  let star = -1
  let mark = 0
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === s[si])) {
      pi++
      si++
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++
      mark = si
    } else if (star !== -1) {
      pi = star + 1
      si = ++mark
    } else {
      return false
    }
  }
  while (pi < p.length && p[pi] === '*') pi++
  return pi === p.length
}
