// Date family: DateEquals / DateNotEquals / DateLessThan[Equals] / DateGreaterThan[Equals]. Policy and
// request values are ISO 8601 (W3C profile) or epoch seconds (parse-date.ts); no wildcards, no policy
// variables (§5.3) [OPS]. Typically used with aws:CurrentTime / aws:EpochTime, which the request carries.
import { compileOrdered, type Comparison } from './numeric.js'
import { parseDate } from './parse-date.js'
import type { ValueMatcher } from './types.js'

export function dateIssue(v: string): string | undefined {
  return Number.isNaN(parseDate(v)) ? notADate(v) : undefined
}

function notADate(v: string): string {
  return `not an ISO 8601 date or epoch seconds: '${v}'`
}

/** Recently read request dates: every Date condition of a request reads the same aws:CurrentTime. */
const recent = new Map<string, number>()
const RECENT_MAX = 256

function parseDateCached(s: string): number {
  let ms = recent.get(s)
  if (ms === undefined) {
    ms = parseDate(s)
    if (recent.size >= RECENT_MAX) recent.clear()
    recent.set(s, ms)
  }
  return ms
}

export function compileDate(values: string[], cmp: Comparison): ValueMatcher {
  return compileOrdered(values, cmp, parseDateCached, notADate, parseDate)
}
