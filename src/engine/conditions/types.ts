// Shared shapes of the condition operators: every family compiles its policy values into a ValueMatcher
// that compares ONE request value against ALL policy values (OR, R5.0.2). Negation, set operators,
// IfExists and missing keys are applied on top of it by compile-condition.ts, the same for every family.
import type { RequestContext } from '../request-context.js'

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null'

/** `find` result: the request value satisfies none of the (usable) policy values. */
export const NO_MATCH = -1
/** `find` result: the request value cannot be read as the operator's type (a Bool given "yes", a bad IP). */
export const UNREADABLE = -2

export interface ValueMatcher {
  /**
   * Index of the first policy value that `v` satisfies; NO_MATCH when none does; UNREADABLE when `v` is not
   * a value of the operator's type. A policy value that is invalid or whose variable cannot be resolved
   * matches nothing (R6.6). Must not throw, and should not allocate for static policy values.
   */
  find(v: string, ctx: RequestContext): number
  /** Policy values as the trace shows them (variables substituted), with what was wrong with them. */
  policy(ctx: RequestContext): PolicyView
  /** Why `v` was UNREADABLE, for the trace's issue. */
  unreadable(v: string): string
}

export interface PolicyView {
  /** After variable substitution; a value with an unresolved variable is shown as written. */
  values: string[]
  /** Policy values that could not be read as the operator's type. */
  issues: string[]
  /** Policy values (as written) with a variable that has no value and no default. */
  unresolved: string[]
}

/** The semantics table of one base operator (for explain / validate). */
export interface OperatorInfo {
  /** AWS's name, e.g. `StringNotLike`. */
  readonly name: string
  readonly family: OperatorFamily
  /** A negated operator: true when the key is absent, NOR across policy values (R5.0.1, R5.0.2). */
  readonly negated: boolean
  /** Accepts policy variables (under Version 2012-10-17) (§5.11). */
  readonly variables: boolean
  /** `*` and `?` in policy values are wildcards. */
  readonly wildcards: boolean
  /** Can take the IfExists suffix (all but Null, R5.9). */
  readonly ifExists: boolean
  /** How a request value relates to a matching policy value, for explanations: "is in", "equals". */
  readonly relation: string
  /** The same, not holding: "is not in", "does not equal". */
  readonly relationNot: string
  /**
   * A problem with a policy value as written, or undefined when it is usable. With `variables` (Version
   * 2012-10-17 and an operator that accepts them) a value holding a variable is not checked: it can only be
   * read once substituted.
   */
  checkValue(value: string, variables?: boolean): string | undefined
}

export interface OperatorEntry extends OperatorInfo {
  /** Compile the policy values; `variables` is true when policy variables are substituted. */
  compile(values: string[], variables: boolean): ValueMatcher
}

/** A static PolicyView (families without variables). */
export function staticView(values: string[], issues: string[]): PolicyView {
  return { values, issues, unresolved: [] }
}
