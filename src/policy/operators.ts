// The complete list of AWS condition operators (§5, OPS), shared by the parser, the engine and the validator.

import { closestName } from './suggest.js'

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null'

export interface OperatorInfo {
  /** Canonical base name, e.g. `StringNotLike`. */
  name: string
  family: OperatorFamily
  /** Negated operators (`StringNotEquals`, `NotIpAddress`, …) are true when the key is missing (R5.0.1, OPS) and
   *  combine several policy values as NOR (R5.0.2, CONDLOGIC). */
  negated: boolean
  /** `*` and `?` in policy values are wildcards (StringLike/StringNotLike, all four Arn operators; OPS). */
  wildcards: boolean
  /** Policy variables (`${aws:username}`) are substituted in policy values (R5.11, OPS). */
  policyVariables: boolean
  /** Comparison ignores case (the `…IgnoreCase` string operators). */
  ignoreCase: boolean
  /** The operator accepts the `IfExists` suffix: every operator except Null (R5.9, OPS). */
  ifExists: boolean
}

type Row = [name: string, family: OperatorFamily, negated: boolean, wildcards: boolean]

// Policy variables per family (R5.11, OPS): String, Arn and Bool accept them; Numeric, Date, Binary and Null do not.
// IpAddress: the operators page says "You can not use a policy variable with the IpAddress condition operator"
// (awsdocs/iam-user-guide, reference_policies_elements_condition_operators.md), so no.
const VARIABLES_BY_FAMILY: Record<OperatorFamily, boolean> = {
  String: true,
  Arn: true,
  Bool: true,
  Numeric: false,
  Date: false,
  Binary: false,
  IpAddress: false,
  Null: false,
}

const ROWS: Row[] = [
  ['StringEquals', 'String', false, false],
  ['StringNotEquals', 'String', true, false],
  ['StringEqualsIgnoreCase', 'String', false, false],
  ['StringNotEqualsIgnoreCase', 'String', true, false],
  ['StringLike', 'String', false, true],
  ['StringNotLike', 'String', true, true],
  ['NumericEquals', 'Numeric', false, false],
  ['NumericNotEquals', 'Numeric', true, false],
  ['NumericLessThan', 'Numeric', false, false],
  ['NumericLessThanEquals', 'Numeric', false, false],
  ['NumericGreaterThan', 'Numeric', false, false],
  ['NumericGreaterThanEquals', 'Numeric', false, false],
  ['DateEquals', 'Date', false, false],
  ['DateNotEquals', 'Date', true, false],
  ['DateLessThan', 'Date', false, false],
  ['DateLessThanEquals', 'Date', false, false],
  ['DateGreaterThan', 'Date', false, false],
  ['DateGreaterThanEquals', 'Date', false, false],
  ['Bool', 'Bool', false, false],
  ['BinaryEquals', 'Binary', false, false],
  ['IpAddress', 'IpAddress', false, false],
  ['NotIpAddress', 'IpAddress', true, false],
  // ArnEquals ≡ ArnLike and ArnNotEquals ≡ ArnNotLike; each ARN component may hold * and ? (R5.7, OPS).
  ['ArnEquals', 'Arn', false, true],
  ['ArnLike', 'Arn', false, true],
  ['ArnNotEquals', 'Arn', true, true],
  ['ArnNotLike', 'Arn', true, true],
  ['Null', 'Null', false, false],
]

export const OPERATORS: readonly OperatorInfo[] = Object.freeze(
  ROWS.map(([name, family, negated, wildcards]) =>
    Object.freeze({
      name,
      family,
      negated,
      wildcards,
      policyVariables: VARIABLES_BY_FAMILY[family],
      ignoreCase: name.endsWith('IgnoreCase'),
      ifExists: family !== 'Null',
    }),
  ),
)

const BY_NAME: ReadonlyMap<string, OperatorInfo> = new Map(OPERATORS.map((op) => [op.name, op]))

/** The operator with this canonical base name (exact, case-sensitive), or undefined. */
export function getOperator(base: string): OperatorInfo | undefined {
  return BY_NAME.get(base)
}

export type SetOperator = 'ForAllValues' | 'ForAnyValue'

export interface ParsedOperator {
  /** As written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string
  /** Canonical base name, e.g. `StringLike`. */
  base: string
  info: OperatorInfo
  set: SetOperator | null
  ifExists: boolean
}

export type OperatorParse =
  | { ok: true; value: ParsedOperator }
  | { ok: false; code: 'unknown-operator' | 'ifexists-not-allowed'; message: string; suggestion?: string }

const SET_PREFIXES: readonly SetOperator[] = ['ForAllValues', 'ForAnyValue']
const IF_EXISTS = 'IfExists'

let allNames: string[] | undefined
/** Every operator name AWS accepts (set prefixes × base × IfExists), for suggestions. */
function allOperatorNames(): string[] {
  if (allNames) return allNames
  const names: string[] = []
  for (const prefix of ['', 'ForAllValues:', 'ForAnyValue:']) {
    for (const op of OPERATORS) {
      names.push(prefix + op.name)
      if (op.ifExists) names.push(prefix + op.name + IF_EXISTS)
    }
  }
  allNames = names
  return names
}

/** The operator a misspelt name most likely stands for (case or a small typo), or undefined. */
export function suggestOperator(name: string): string | undefined {
  return closestName(name, allOperatorNames(), 3)
}

/**
 * Splits an operator as written into set prefix, base name and IfExists suffix. Names are matched case-sensitively:
 * IAM rejects a mis-cased operator ("MalformedPolicyDocument: Invalid Condition type : stringEquals", observed on
 * CreateRole; OPS lists the names only in this spelling), so `stringEquals` is unknown, with `StringEquals` suggested.
 */
export function parseOperatorName(operator: string): OperatorParse {
  let rest = operator
  let set: SetOperator | null = null
  for (const prefix of SET_PREFIXES) {
    if (rest.startsWith(prefix + ':')) {
      set = prefix
      rest = rest.slice(prefix.length + 1)
      break
    }
  }
  let info = BY_NAME.get(rest)
  let ifExists = false
  if (!info && rest.endsWith(IF_EXISTS)) {
    const base = rest.slice(0, -IF_EXISTS.length)
    const baseInfo = BY_NAME.get(base)
    if (baseInfo) {
      // Any operator except Null can take the IfExists suffix (R5.9, OPS).
      if (!baseInfo.ifExists) {
        return {
          ok: false,
          code: 'ifexists-not-allowed',
          message: `Condition operator "${operator}" is not valid: ${base} cannot take the IfExists suffix (a Null check already tests whether the key exists).`,
          suggestion: set ? `${set}:${base}` : base,
        }
      }
      info = baseInfo
      ifExists = true
    }
  }
  if (!info) {
    const suggestion = suggestOperator(operator)
    const hint = suggestion
      ? ` Did you mean "${suggestion}"? Operator names are case-sensitive.`
      : ' See the list of IAM condition operators (String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, NotIpAddress, Arn*, Null).'
    return { ok: false, code: 'unknown-operator', message: `Unknown condition operator "${operator}".${hint}`, suggestion }
  }
  return { ok: true, value: { operator, base: info.name, info, set, ifExists } }
}
