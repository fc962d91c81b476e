// Numeric family: NumericEquals / NumericNotEquals / NumericLessThan[Equals] / NumericGreaterThan[Equals].
// Integer or decimal values; no wildcards, no policy variables (§5.2) [OPS]. A request value that is not a
// number is recorded as an issue and satisfies nothing (§5.2 UNCONFIRMED: "assume no match").
import { NO_MATCH, UNREADABLE, staticView, type ValueMatcher } from './types.js'

export type Comparison = 'eq' | 'lt' | 'lte' | 'gt' | 'gte'

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/

/** An integer or decimal (`10`, `-3`, `2.5`, `.5`); NaN otherwise (no exponent, no spaces, no hex). */
export function parseNumeric(s: string): number {
  return NUMBER_RE.test(s) ? Number(s) : NaN
}

export function numericIssue(v: string): string | undefined {
  return Number.isNaN(parseNumeric(v)) ? `not a number: '${v}'` : undefined
}

/** Does `request <cmp> policy` hold? */
export function compare(cmp: Comparison, request: number, policy: number): boolean {
  switch (cmp) {
    case 'eq':
      return request === policy
    case 'lt':
      return request < policy
    case 'lte':
      return request <= policy
    case 'gt':
      return request > policy
    case 'gte':
      return request >= policy
  }
}

/**
 * A matcher over numbers (shared with the Date family): `parse` reads request values, `parsePolicy` the
 * policy values once at compile time.
 */
export function compileOrdered(
  values: string[],
  cmp: Comparison,
  parse: (s: string) => number,
  issue: (s: string) => string,
  parsePolicy: (s: string) => number = parse,
): ValueMatcher {
  const nums = values.map(parsePolicy)
  const issues = values.filter((_, i) => Number.isNaN(nums[i])).map(issue)
  const view = staticView(values, issues)
  // An invalid policy value matches nothing; NaN compares false with everything.
  const find =
    nums.length === 1
      ? (v: string) => {
          const n = parse(v)
          if (Number.isNaN(n)) return UNREADABLE
          return compare(cmp, n, nums[0]) ? 0 : NO_MATCH
        }
      : (v: string) => {
          const n = parse(v)
          if (Number.isNaN(n)) return UNREADABLE
          for (let i = 0; i < nums.length; i++) if (compare(cmp, n, nums[i])) return i
          return NO_MATCH
        }
  return { find, policy: () => view, unreadable: issue }
}

export function compileNumeric(values: string[], cmp: Comparison): ValueMatcher {
  return compileOrdered(values, cmp, parseNumeric, (s) => `not a number: '${s}'`)
}
