// Bool family: compares to "true" / "false" (§5.4, OPS). Policy variables are allowed (OPS: "You can use a
// policy variable with the Boolean condition operator").
// Decision (§5.4 UNCONFIRMED, case of "True"): the words are read case-insensitively on both sides; AWS
// documents only lower case, and S3/IAM have been observed to honour "False"/"TRUE" (no AWS page states
// it). Any other request value ("yes", "1") is an issue and satisfies nothing.
import { instantiateText } from '../variables.js'
import { parseValues, resolverOf, staticText, templatePolicy } from './templates.js'
import { NO_MATCH, UNREADABLE, type ValueMatcher } from './types.js'

/** 1 for true, 0 for false, -1 when not a boolean word. */
export function parseBool(s: string): number {
  if (s.length === 4 && s.toLowerCase() === 'true') return 1
  if (s.length === 5 && s.toLowerCase() === 'false') return 0
  return -1
}

export function boolIssue(v: string): string | undefined {
  return parseBool(v) < 0 ? notABool(v) : undefined
}

function notABool(v: string): string {
  return `not a boolean ("true" or "false"): '${v}'`
}

export function compileBool(values: string[], variables: boolean): ValueMatcher {
  const tpls = parseValues(values, variables, false)
  // -1 for an invalid static value (matches nothing), null for a value with variables.
  const fixed = tpls.map((t) => (t.hasVariables ? null : parseBool(staticText(t))))
  const dynamic = fixed.includes(null)
  return {
    find(v, ctx) {
      const b = parseBool(v)
      if (b < 0) return UNREADABLE
      const resolve = dynamic ? resolverOf(ctx) : null
      for (let i = 0; i < fixed.length; i++) {
        let p = fixed[i]
        if (p === null) {
          const text = instantiateText(tpls[i], resolve!)
          if (text === null) continue // unresolved variable: matches nothing (R6.6)
          p = parseBool(text)
        }
        if (p === b) return i
      }
      return NO_MATCH
    },
    policy: templatePolicy(tpls, boolIssue),
    unreadable: notABool,
  }
}
