// Builders for condition tests: a RequestContext with given context keys, and a Condition from an operator
// name as written in a policy ("ForAnyValue:StringLikeIfExists").
import type { Condition, PolicyVersion } from '../../../src/policy/index.js'
import type { ContextEntry, RequestContext } from '../../../src/engine/request-context.js'
import { compileCondition, type CompiledCondition } from '../../../src/engine/conditions/index.js'
import type { ConditionTrace } from '../../../src/engine/types.js'
import type tap from 'tap'

/** A tap (sub)test, with the assertion plugins. */
export type TapTest = Parameters<Parameters<typeof tap.test>[0]>[0]

export type Keys = Record<string, string | string[]>

/** A request context whose keys are `keys` (arrays are multivalued). Key names are stored lower-cased. */
export function ctxOf(keys: Keys = {}): RequestContext {
  const map = new Map<string, ContextEntry>()
  for (const [key, value] of Object.entries(keys)) {
    const multi = Array.isArray(value)
    map.set(key.toLowerCase(), { key, values: multi ? [...value] : [value], multi })
  }
  return {
    principal: {
      arn: 'arn:aws:iam::111122223333:user/alice',
      kind: 'user',
      partition: 'aws',
      account: '111122223333',
      path: '/',
      name: 'alice',
      serviceLinked: false,
    },
    action: 's3:getobject',
    actionAsGiven: 's3:GetObject',
    service: 's3',
    resource: 'arn:aws:s3:::bucket/key',
    resourceAccount: '111122223333',
    keys: map,
    resolve(keyLower) {
      const e = map.get(keyLower)
      return e && !e.multi && e.values.length === 1 ? e.values[0] : undefined
    },
  }
}

/** Split an operator as written into the Condition fields. */
export function conditionOf(operator: string, key: string, values: string | string[], path = '/Condition'): Condition {
  let rest = operator
  let set: Condition['set'] = null
  const colon = rest.indexOf(':')
  if (colon >= 0) {
    set = rest.slice(0, colon) as Condition['set']
    rest = rest.slice(colon + 1)
  }
  const ifExists = rest.endsWith('IfExists')
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest
  return { operator, base, ifExists, set, key, values: Array.isArray(values) ? values : [values], path }
}

export function compile(
  operator: string,
  key: string,
  values: string | string[],
  version: PolicyVersion = '2012-10-17',
): CompiledCondition {
  return compileCondition(conditionOf(operator, key, values), version)
}

/** One table row: operator, key and policy values; the request keys; the expected result. */
export interface Row {
  name: string
  op: string
  key: string
  values: string | string[]
  keys: Keys
  want: boolean
  version?: PolicyVersion
  /** The trace must carry an issue containing this text (or any issue when true). */
  issue?: string | true
  /** The trace's reason must contain this text. */
  reason?: string
  /** The trace's policy values must be these. */
  policyValues?: string[]
}

/** Evaluate a row both ways; returns the trace. */
export function run(row: Row): { test: boolean; trace: ConditionTrace } {
  const c = compile(row.op, row.key, row.values, row.version === undefined ? '2012-10-17' : row.version)
  const ctx = ctxOf(row.keys)
  return { test: c.test(ctx), trace: c.trace(ctx) }
}

/** Run a table of rows as tap subtests. */
export function table(t: TapTest, rows: Row[]): void {
  for (const row of rows) {
    t.test(row.name, (tt) => {
      const { test, trace } = run(row)
      tt.equal(test, row.want, `test() of ${row.op} ${row.key}`)
      tt.equal(trace.matched, row.want, 'trace().matched')
      if (row.issue === undefined) tt.equal(trace.issue, undefined, 'no issue')
      else if (row.issue === true) tt.type(trace.issue, 'string', 'an issue is recorded')
      else tt.match(trace.issue ?? '', row.issue, 'issue text')
      if (row.reason !== undefined) tt.match(trace.reason ?? '', row.reason, 'reason text')
      if (row.policyValues !== undefined) tt.same(trace.policyValues, row.policyValues, 'policy values')
      const lower = row.key.toLowerCase()
      const present = Object.keys(row.keys).some((k) => k.toLowerCase() === lower)
      if (!present && !row.op.includes('Null')) tt.equal(trace.requestValues, null, 'absent key → requestValues null')
      tt.end()
    })
  }
}
