// Null: {"Null": {"key": "true"}} holds when the key is absent (or has no values); "false" holds when the
// key is present with a value (§5.8, OPS). No policy variables, no IfExists (R5.9). Several values are
// OR'ed like any positive operator. A key given as an empty list counts as null: AWS treats a key whose
// value "resolves to a null dataset" like a missing one (MVEX), and recommends Null "false" to catch both.
import { boolIssue, parseBool } from './bool.js'

export interface NullCheck {
  /** Some policy value is "true": holds when the key is absent. */
  whenAbsent: boolean
  /** Some policy value is "false": holds when the key is present. */
  whenPresent: boolean
  issues: string[]
}

export function compileNull(values: string[]): NullCheck {
  const bools = values.map(parseBool)
  return {
    whenAbsent: bools.includes(1),
    whenPresent: bools.includes(0),
    issues: values.map((v) => boolIssue(v)).filter((x): x is string => x !== undefined),
  }
}

export const nullIssue = boolIssue
