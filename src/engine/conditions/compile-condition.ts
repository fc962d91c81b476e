// One condition (operator + key + values) compiled once into a fast test() and a full trace(). The family
// matchers compare one request value with all policy values; this file applies what is common to every
// operator [OPS, CONDLOGIC, MVEX]:
// - Missing key: positive operators false, negated operators true (R5.0.1); IfExists makes it true (R5.9),
//   negated ones included; a key given with an empty list counts as missing (MVEX "null dataset").
// - Several policy values: OR for positive operators, NOR for negated ones (R5.0.2).
// - ForAllValues: every request value passes (positive: matches some policy value; negated: matches none);
//   vacuously true when the key is missing or empty (R5.10.2). ForAnyValue: some request value passes;
//   false when missing or empty (R5.10.3). With IfExists, a missing key is true for both (R5.9 applies to
//   every operator but Null). Negated inner operators: AWS's ForAllValues:StringNotLike "key1*" example
//   (MVEX) gives key1:legal → false, key2:audit → true, no tags → true, which is this rule (R5.10.4).
// - A multivalued key without a set operator (R5.10.5, undocumented): positive operators hold when any value
//   matches; negated ones when no value matches any policy value. The trace says so.
// - A request value that cannot be read as the operator's type passes neither a positive nor a negated test.
import type { Condition, PolicyVersion } from '../../policy/index.js'
import type { RequestContext } from '../request-context.js'
import type { ConditionTrace } from '../types.js'
import { compileNull } from './null.js'
import { describeMany, describeValue, truth } from './reason.js'
import { lookupOperator } from './registry.js'
import { NO_MATCH, UNREADABLE, type OperatorEntry, type ValueMatcher } from './types.js'

export interface CompiledCondition {
  readonly source: Condition
  /** Fast path: does the condition hold for this request? Agrees with trace(ctx).matched. */
  test(ctx: RequestContext): boolean
  /** Full record for explanations (policy values after substitution, request values, reason, issue). */
  trace(ctx: RequestContext): ConditionTrace
}

type SetOp = Condition['set']

export function compileCondition(c: Condition, version: PolicyVersion): CompiledCondition {
  const keyLower = c.key.toLowerCase()
  const entry = lookupOperator(c.base)
  if (!entry) return neverMatches(c, keyLower, `unknown condition operator '${c.base}'`)
  if (entry.family === 'Null') {
    if (c.ifExists) return neverMatches(c, keyLower, 'Null cannot take the IfExists suffix (R5.9)')
    return compileNullCondition(c, keyLower)
  }
  // Policy variables only under Version 2012-10-17 and only for operators that take them (R6.1, §5.11).
  const variables = version === '2012-10-17' && entry.variables
  const m = entry.compile(c.values, variables)
  const negated = entry.negated
  const set = c.set
  const absent = c.ifExists || set === 'ForAllValues' ? true : set === 'ForAnyValue' ? false : negated
  return {
    source: c,
    test: makeTest(keyLower, m.find, negated, set, absent),
    trace: (ctx) => traceCondition(c, entry, m, keyLower, absent, ctx),
  }
}

function makeTest(
  keyLower: string,
  find: ValueMatcher['find'],
  negated: boolean,
  set: SetOp,
  absent: boolean,
): (ctx: RequestContext) => boolean {
  if (set === null && !negated) {
    return (ctx) => {
      const e = ctx.keys.get(keyLower)
      if (e === undefined) return absent
      const vals = e.values
      if (vals.length === 1) return find(vals[0], ctx) >= 0
      if (vals.length === 0) return absent
      // Multivalued without a set operator: any value (R5.10.5).
      for (let i = 0; i < vals.length; i++) if (find(vals[i], ctx) >= 0) return true
      return false
    }
  }
  if (set === null) {
    return (ctx) => {
      const e = ctx.keys.get(keyLower)
      if (e === undefined) return absent
      const vals = e.values
      if (vals.length === 1) return find(vals[0], ctx) === NO_MATCH
      if (vals.length === 0) return absent
      // Multivalued without a set operator: no value may match (R5.10.5).
      for (let i = 0; i < vals.length; i++) if (find(vals[i], ctx) !== NO_MATCH) return false
      return true
    }
  }
  const all = set === 'ForAllValues'
  return (ctx) => {
    const e = ctx.keys.get(keyLower)
    if (e === undefined) return absent
    const vals = e.values
    if (vals.length === 0) return absent
    for (let i = 0; i < vals.length; i++) {
      const r = find(vals[i], ctx)
      const pass = negated ? r === NO_MATCH : r >= 0
      if (pass !== all) return pass
    }
    return all
  }
}

/** Does the whole condition hold, given each request value's find result? (The trace's path.) */
function combine(results: number[], negated: boolean, set: SetOp): boolean {
  const every = set === 'ForAllValues' || (set === null && negated)
  for (let i = 0; i < results.length; i++) {
    const pass = negated ? results[i] === NO_MATCH : results[i] >= 0
    if (pass !== every) return pass
  }
  return every
}

function traceCondition(
  c: Condition,
  entry: OperatorEntry,
  m: ValueMatcher,
  keyLower: string,
  absent: boolean,
  ctx: RequestContext,
): ConditionTrace {
  const view = m.policy(ctx)
  // The view's issues are shared (a static view is computed once): copied only when one is added.
  let issues = view.issues
  const e = ctx.keys.get(keyLower)
  const out: ConditionTrace = {
    operator: c.operator,
    key: c.key,
    policyValues: view.values,
    requestValues: e === undefined ? null : e.values.slice(),
    matched: absent,
  }
  let reason: string
  if (e === undefined || e.values.length === 0) {
    reason = absentReason(c, entry, e === undefined)
  } else {
    const vals = e.values
    const results: number[] = []
    const described: string[] = []
    for (let i = 0; i < vals.length; i++) results.push(m.find(vals[i], ctx))
    out.matched = combine(results, entry.negated, c.set)
    for (let i = 0; i < vals.length; i++) {
      if (results[i] === UNREADABLE) {
        if (issues === view.issues) issues = issues.slice()
        issues.push(m.unreadable(vals[i]))
      }
      described.push(describeValue(vals[i], results[i], view.values, entry, m.unreadable))
    }
    reason = presentReason(c, entry, e.multi || vals.length > 1, results, described, out.matched)
  }
  if (view.unresolved.length > 0) {
    const list = view.unresolved.map((v) => `'${v}'`).join(', ')
    reason += `; policy value ${list} has a variable with no value and no default, so it matches nothing (R6.6)`
  }
  out.reason = reason
  if (issues.length > 0) out.issue = issues.join('; ')
  return out
}

function absentReason(c: Condition, entry: OperatorEntry, missing: boolean): string {
  const what = missing ? `${c.key} absent from the request` : `${c.key} has no values`
  if (c.ifExists) return `${what}; ${c.operator} is true when the key is absent (IfExists)`
  if (c.set === 'ForAllValues') return `ForAllValues with no values for ${c.key} is true`
  if (c.set === 'ForAnyValue') return `ForAnyValue with no values for ${c.key} is false`
  return `${what}; ${entry.name} is ${truth(entry.negated)} when the key is absent`
}

function presentReason(
  c: Condition,
  entry: OperatorEntry,
  multi: boolean,
  results: number[],
  described: string[],
  matched: boolean,
): string {
  const negated = entry.negated
  const pass = (r: number) => (negated ? r === NO_MATCH : r >= 0)
  if (c.set === null) {
    if (!multi) return `${described[0]}; ${entry.name} is ${truth(matched)}`
    const rule = negated ? 'true only if no value matches' : 'true if any value matches'
    return (
      `${c.key} is multivalued but ${c.operator} has no ForAllValues/ForAnyValue prefix; read as ${rule} ` +
      `(R5.10.5): ${describeMany(described)}; ${entry.name} is ${truth(matched)}`
    )
  }
  if (c.set === 'ForAllValues') {
    if (matched) return `ForAllValues: every value of ${c.key} passes ${entry.name}: ${describeMany(described)}`
    const failing = described.filter((_, i) => !pass(results[i]))
    return `ForAllValues: not every value of ${c.key} passes ${entry.name}: ${describeMany(failing)}`
  }
  if (matched) {
    const passing = described.filter((_, i) => pass(results[i]))
    return `ForAnyValue: a value of ${c.key} passes ${entry.name}: ${describeMany(passing)}`
  }
  return `ForAnyValue: no value of ${c.key} passes ${entry.name}: ${describeMany(described)}`
}

function compileNullCondition(c: Condition, keyLower: string): CompiledCondition {
  const check = compileNull(c.values)
  const { whenAbsent, whenPresent } = check
  // A key given as an empty list is null too (§5.8; MVEX "null dataset").
  const test = (ctx: RequestContext) => {
    const e = ctx.keys.get(keyLower)
    return e === undefined || e.values.length === 0 ? whenAbsent : whenPresent
  }
  const trace = (ctx: RequestContext): ConditionTrace => {
    const e = ctx.keys.get(keyLower)
    const isNull = e === undefined || e.values.length === 0
    const matched = isNull ? whenAbsent : whenPresent
    let reason: string
    const state = e === undefined ? `${c.key} absent from the request` : isNull ? `${c.key} has no values` : `${c.key} is present`
    if (!whenAbsent && !whenPresent) reason = `${state}; no Null value reads as "true" or "false", so Null is false`
    else if (matched) reason = `${state}; Null "${isNull ? 'true' : 'false'}" holds`
    else reason = `${state}; Null "${isNull ? 'false' : 'true'}" requires the key ${isNull ? 'present' : 'absent'}`
    const out: ConditionTrace = {
      operator: c.operator,
      key: c.key,
      policyValues: [...c.values],
      requestValues: e === undefined ? null : [...e.values],
      matched,
      reason,
    }
    if (check.issues.length > 0) out.issue = check.issues.join('; ')
    return out
  }
  return { source: c, test, trace }
}

/** An operator that cannot be evaluated never matches; its trace carries the issue. */
function neverMatches(c: Condition, keyLower: string, issue: string): CompiledCondition {
  return {
    source: c,
    test: () => false,
    trace(ctx) {
      const e = ctx.keys.get(keyLower)
      return {
        operator: c.operator,
        key: c.key,
        policyValues: [...c.values],
        requestValues: e === undefined ? null : [...e.values],
        matched: false,
        reason: `${c.operator} cannot be evaluated; the condition never matches`,
        issue,
      }
    },
  }
}
