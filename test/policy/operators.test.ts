import t from 'tap'
import { getOperator, OPERATORS, parseOperatorName, suggestOperator } from '../../src/policy/index.js'

t.test('the complete list of AWS operators, by family', async (t) => {
  const byFamily = (family: string) => OPERATORS.filter((o) => o.family === family).map((o) => o.name)
  t.same(byFamily('String'), ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'])
  t.same(byFamily('Numeric'), ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'])
  t.same(byFamily('Date'), ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'])
  t.same(byFamily('Bool'), ['Bool'])
  t.same(byFamily('Binary'), ['BinaryEquals'])
  t.same(byFamily('IpAddress'), ['IpAddress', 'NotIpAddress'])
  t.same(byFamily('Arn'), ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'])
  t.same(byFamily('Null'), ['Null'])
  t.equal(OPERATORS.length, 27)
})

t.test('flags: negated, wildcards, policy variables, ignore case, IfExists', async (t) => {
  const names = (pred: (o: (typeof OPERATORS)[number]) => boolean) => OPERATORS.filter(pred).map((o) => o.name)
  t.same(names((o) => o.negated), [
    'StringNotEquals',
    'StringNotEqualsIgnoreCase',
    'StringNotLike',
    'NumericNotEquals',
    'DateNotEquals',
    'NotIpAddress',
    'ArnNotEquals',
    'ArnNotLike',
  ])
  t.same(names((o) => o.wildcards), ['StringLike', 'StringNotLike', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'])
  const variables = new Set(OPERATORS.filter((o) => o.policyVariables).map((o) => o.family))
  t.same([...variables], ['String', 'Bool', 'Arn'], 'String, Arn and Bool take policy variables; IpAddress does not')
  t.same(names((o) => o.ignoreCase), ['StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase'])
  t.same(names((o) => !o.ifExists), ['Null'])
  t.ok(Object.isFrozen(OPERATORS) && Object.isFrozen(OPERATORS[0]), 'the shared table cannot be modified')
})

t.test('getOperator is exact and case-sensitive', async (t) => {
  t.equal(getOperator('StringLike')?.family, 'String')
  t.equal(getOperator('stringlike'), undefined)
  t.equal(getOperator('StringLikeIfExists'), undefined, 'base names only')
})

t.test('every prefix × operator × IfExists combination parses', async (t) => {
  let count = 0
  for (const prefix of [null, 'ForAllValues', 'ForAnyValue'] as const) {
    for (const op of OPERATORS) {
      for (const ifExists of op.ifExists ? [false, true] : [false]) {
        const name = `${prefix ? prefix + ':' : ''}${op.name}${ifExists ? 'IfExists' : ''}`
        const r = parseOperatorName(name)
        if (!r.ok) {
          t.fail(name)
          continue
        }
        count++
        t.same([r.value.operator, r.value.base, r.value.set, r.value.ifExists, r.value.info === op], [name, op.name, prefix, ifExists, true], name)
      }
    }
  }
  t.equal(count, 3 * (27 * 2 - 1))
})

t.test('unknown operators and suggestions', async (t) => {
  const rows: Array<[string, string, string | undefined]> = [
    ['stringequals', 'unknown-operator', 'StringEquals'],
    ['STRINGLIKE', 'unknown-operator', 'StringLike'],
    ['StringEqual', 'unknown-operator', 'StringEquals'],
    ['StringEqualsIgnorecase', 'unknown-operator', 'StringEqualsIgnoreCase'],
    ['NumericLessThenEquals', 'unknown-operator', 'NumericLessThanEquals'],
    ['ArnLikeIfExist', 'unknown-operator', 'ArnLikeIfExists'],
    ['forallvalues:stringlike', 'unknown-operator', 'ForAllValues:StringLike'],
    ['ForAnyValues:StringEquals', 'unknown-operator', 'ForAnyValue:StringEquals'],
    ['IpAdress', 'unknown-operator', 'IpAddress'],
    ['BinaryNotEquals', 'unknown-operator', 'BinaryEquals'],
    ['Bogus', 'unknown-operator', undefined],
    ['', 'unknown-operator', undefined],
    ['ForAllValues:', 'unknown-operator', undefined],
    ['NullIfExists', 'ifexists-not-allowed', 'Null'],
    ['ForAllValues:NullIfExists', 'ifexists-not-allowed', 'ForAllValues:Null'],
  ]
  for (const [name, code, suggestion] of rows) {
    const r = parseOperatorName(name)
    t.equal(r.ok, false, name)
    if (r.ok) continue
    t.equal(r.code, code, `${name}: code`)
    t.equal(r.suggestion, suggestion, `${name}: suggestion`)
    t.match(r.message, JSON.stringify(name), `${name}: message names the operator`)
    if (suggestion) t.match(r.message, suggestion, `${name}: message names the suggestion`)
  }
  t.equal(suggestOperator('x'.repeat(10_000)), undefined, 'long names are not compared')
})
