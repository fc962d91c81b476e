// The engine's table of condition operators: AWS's base names mapped to their family and semantics
// (§5, OPS). Prefixes (ForAllValues:/ForAnyValue:) and the IfExists suffix are not part of these names;
// compile-condition.ts applies them to every operator alike.
import { OPERATORS } from '../../policy/index.js'
import { parseTemplate } from '../variables.js'
import { arnIssue, compileArn } from './arn.js'
import { compileBinary, binaryIssue } from './binary.js'
import { boolIssue, compileBool } from './bool.js'
import { compileDate, dateIssue } from './date.js'
import { compileIp, ipIssue } from './ip.js'
import { nullIssue } from './null.js'
import { compileNumeric, numericIssue, type Comparison } from './numeric.js'
import { compileStringEquals, compileStringLike } from './string.js'
import { staticText } from './templates.js'
import { NO_MATCH, staticView, type OperatorEntry, type OperatorFamily, type OperatorInfo } from './types.js'

type Check = (value: string) => string | undefined

/** A check for families with variables: a value holding a variable is read only after substitution. */
function variableAware(check: Check): OperatorInfo['checkValue'] {
  return (value, variables = false) => {
    if (!variables) return check(value)
    const tpl = parseTemplate(value, { variables: true, wildcards: false })
    return tpl.hasVariables ? undefined : check(staticText(tpl))
  }
}

const anyString: Check = () => undefined

/** The engine's semantics of one operator; its facts (family, negation, wildcards, variables) are src/policy's. */
interface Spec {
  relation: [string, string]
  check: OperatorInfo['checkValue']
  compile: OperatorEntry['compile']
}

const NUMERIC_RELATIONS: Record<Comparison, [string, string]> = {
  eq: ['equals', 'does not equal'],
  lt: ['is less than', 'is not less than'],
  lte: ['is less than or equal to', 'is greater than'],
  gt: ['is greater than', 'is not greater than'],
  gte: ['is greater than or equal to', 'is less than'],
}

const DATE_RELATIONS: Record<Comparison, [string, string]> = {
  eq: ['is the same time as', 'is not the same time as'],
  lt: ['is before', 'is not before'],
  lte: ['is at or before', 'is after'],
  gt: ['is after', 'is not after'],
  gte: ['is at or after', 'is before'],
}

const COMPARISONS: Array<[string, Comparison]> = [
  ['Equals', 'eq'],
  ['NotEquals', 'eq'],
  ['LessThan', 'lt'],
  ['LessThanEquals', 'lte'],
  ['GreaterThan', 'gt'],
  ['GreaterThanEquals', 'gte'],
]

const SPECS: Record<string, Spec> = {
  StringEquals: {
    relation: ['equals', 'does not equal'],
    check: variableAware(anyString),
    compile: (v, vars) => compileStringEquals(v, vars, false),
  },
  StringNotEquals: {
    relation: ['equals', 'does not equal'],
    check: variableAware(anyString),
    compile: (v, vars) => compileStringEquals(v, vars, false),
  },
  StringEqualsIgnoreCase: {
    relation: ['equals (ignoring case)', 'does not equal (ignoring case)'],
    check: variableAware(anyString),
    compile: (v, vars) => compileStringEquals(v, vars, true),
  },
  StringNotEqualsIgnoreCase: {
    relation: ['equals (ignoring case)', 'does not equal (ignoring case)'],
    check: variableAware(anyString),
    compile: (v, vars) => compileStringEquals(v, vars, true),
  },
  StringLike: {
    relation: ['matches', 'does not match'],
    check: variableAware(anyString),
    compile: (v, vars) => compileStringLike(v, vars),
  },
  StringNotLike: {
    relation: ['matches', 'does not match'],
    check: variableAware(anyString),
    compile: (v, vars) => compileStringLike(v, vars),
  },
  Bool: {
    relation: ['equals', 'does not equal'],
    check: variableAware(boolIssue),
    compile: (v, vars) => compileBool(v, vars),
  },
  BinaryEquals: {
    relation: ['equals', 'does not equal'],
    check: binaryIssue,
    compile: (v) => compileBinary(v),
  },
  IpAddress: {
    relation: ['is in', 'is not in'],
    check: ipIssue,
    compile: (v) => compileIp(v),
  },
  NotIpAddress: {
    relation: ['is in', 'is not in'],
    check: ipIssue,
    compile: (v) => compileIp(v),
  },
  Null: {
    relation: ['is null', 'is not null'],
    check: nullIssue,
    // Null never goes through a ValueMatcher (compile-condition.ts checks presence itself).
    compile: (v) => ({ find: () => NO_MATCH, policy: () => staticView(v, []), unreadable: () => '' }),
  },
}

for (const [suffix, cmp] of COMPARISONS) {
  SPECS[`Numeric${suffix}`] = {
    relation: NUMERIC_RELATIONS[cmp],
    check: numericIssue,
    compile: (v) => compileNumeric(v, cmp),
  }
  SPECS[`Date${suffix}`] = {
    relation: DATE_RELATIONS[cmp],
    check: dateIssue,
    compile: (v) => compileDate(v, cmp),
  }
}

// ArnEquals ≡ ArnLike and ArnNotEquals ≡ ArnNotLike (OPS).
for (const name of ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike']) {
  SPECS[name] = {
    relation: ['matches', 'does not match'],
    check: (value, variables) => arnIssue(value, variables),
    compile: (v, vars) => compileArn(v, vars),
  }
}

const ENTRIES = new Map<string, OperatorEntry>()
const BY_LOWER = new Map<string, OperatorEntry>()
// One list of operators and their facts (src/policy); every one of them must have its semantics here.
for (const op of OPERATORS) {
  const s = SPECS[op.name]
  if (!s) throw new Error(`condition operator ${op.name} has no semantics in the engine`)
  const entry: OperatorEntry = Object.freeze({
    name: op.name,
    family: op.family as OperatorFamily,
    negated: op.negated,
    variables: op.policyVariables,
    wildcards: op.wildcards,
    ifExists: op.ifExists,
    relation: s.relation[0],
    relationNot: s.relation[1],
    checkValue: s.check,
    compile: s.compile,
  })
  ENTRIES.set(op.name, entry)
  BY_LOWER.set(op.name.toLowerCase(), entry)
}

/** The entry for a base operator name (AWS's spelling; other casings are accepted too). */
export function lookupOperator(base: string): OperatorEntry | undefined {
  return ENTRIES.get(base) ?? BY_LOWER.get(base.toLowerCase())
}

export function operatorNames(): string[] {
  return [...ENTRIES.keys()]
}
