// The operator table and what is common to all operators: AWS's names, unknown operators, operatorInfo.
import t from 'tap'
import { compileCondition, listOperators, operatorInfo } from '../../../src/engine/conditions/index.js'
import { compile, conditionOf, ctxOf, type Keys } from './helpers.js'

const AWS_NAMES = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
]

const NEGATED = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'NotIpAddress',
  'ArnNotEquals',
  'ArnNotLike',
])

t.test('every AWS operator is known, with its semantics', (t) => {
  t.same([...listOperators()].sort(), [...AWS_NAMES].sort())
  for (const name of AWS_NAMES) {
    const info = operatorInfo(name)
    t.ok(info, name)
    t.equal(info?.name, name)
    t.equal(info?.negated, NEGATED.has(name), `${name} negated`)
    t.equal(info?.ifExists, name !== 'Null', `${name} IfExists`)
  }
  t.equal(operatorInfo('StringLike')?.wildcards, true)
  t.equal(operatorInfo('StringEquals')?.wildcards, false)
  t.equal(operatorInfo('ArnEquals')?.wildcards, true)
  for (const name of ['StringEquals', 'StringLike', 'ArnLike', 'Bool']) t.equal(operatorInfo(name)?.variables, true, `${name} takes variables`)
  for (const name of ['NumericEquals', 'DateEquals', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'Null'])
    t.equal(operatorInfo(name)?.variables, false, `${name} takes no variables`)
  t.equal(operatorInfo('stringequals')?.name, 'StringEquals', 'other casings are accepted')
  t.equal(operatorInfo('StringEqualsIfExists'), undefined, 'names are base names')
  t.equal(operatorInfo('Nope'), undefined)
  t.equal(operatorInfo('IpAddress'), operatorInfo('IpAddress'), 'same object each time')
  t.notOk('compile' in (operatorInfo('IpAddress') as object), 'no internals exposed')
  t.end()
})

t.test('checkValue', (t) => {
  t.equal(operatorInfo('IpAddress')?.checkValue('10.0.0.0/8'), undefined)
  t.match(operatorInfo('IpAddress')?.checkValue('10.0.0.0/99'), /CIDR/)
  t.match(operatorInfo('NumericEquals')?.checkValue('x'), /not a number/)
  t.match(operatorInfo('DateLessThan')?.checkValue('soon'), /date/)
  t.equal(operatorInfo('DateLessThan')?.checkValue('2020-01-01'), undefined)
  t.match(operatorInfo('Bool')?.checkValue('yes'), /boolean/)
  t.equal(operatorInfo('Bool')?.checkValue('${aws:SecureTransport}', true), undefined, 'a variable is checked after substitution')
  t.match(operatorInfo('Bool')?.checkValue('${aws:SecureTransport}', false) ?? '', /boolean/, 'literal without variables')
  t.match(operatorInfo('ArnLike')?.checkValue('*'), /ARN pattern/)
  t.equal(operatorInfo('ArnLike')?.checkValue('${aws:PrincipalArn}', true), undefined)
  t.match(operatorInfo('BinaryEquals')?.checkValue('!!'), /base64/)
  t.match(operatorInfo('Null')?.checkValue('maybe'), /boolean/)
  t.equal(operatorInfo('StringLike')?.checkValue('anything*'), undefined)
  t.end()
})

t.test('an unknown operator never matches and its trace carries an issue', (t) => {
  for (const op of ['StringLooksLike', 'ForAnyValue:Nope', 'NotNumericEquals']) {
    const c = compile(op, 'aws:username', 'x')
    for (const keys of [{}, { 'aws:username': 'x' }] as Keys[]) {
      const ctx = ctxOf(keys)
      t.equal(c.test(ctx), false, `${op} test`)
      const tr = c.trace(ctx)
      t.equal(tr.matched, false)
      t.match(tr.issue, /unknown condition operator/)
      t.equal(tr.operator, op)
    }
    t.equal(c.trace(ctxOf({})).requestValues, null)
  }
  t.end()
})

t.test('trace fields', (t) => {
  const c = compileCondition(conditionOf('ForAnyValue:StringLike', 'AWS:TagKeys', ['a*', 'b']), '2012-10-17')
  const tr = c.trace(ctxOf({ 'aws:TagKeys': ['x', 'ab'] }))
  t.equal(tr.operator, 'ForAnyValue:StringLike', 'operator as written')
  t.equal(tr.key, 'AWS:TagKeys', 'key as written')
  t.same(tr.policyValues, ['a*', 'b'])
  t.same(tr.requestValues, ['x', 'ab'])
  t.equal(tr.matched, true)
  t.match(tr.reason, /'ab' matches 'a\*'/)
  t.equal(c.source.key, 'AWS:TagKeys', 'source kept')
  t.end()
})

t.test('trace reasons for long value lists are shortened', (t) => {
  const values = Array.from({ length: 30 }, (_, i) => `v${i}`)
  const tr = compile('ForAllValues:StringEquals', 'aws:TagKeys', 'nope').trace(ctxOf({ 'aws:TagKeys': values }))
  t.equal(tr.matched, false)
  t.match(tr.reason, /… \(20 more\)/)
  t.end()
})

t.test('never throws on odd input', (t) => {
  const odd = ['', '${', '${}', '${aws:username', "${a, 'b'", '*', '?', ':', '::', '/', '\u0000', '\ud800', 'a'.repeat(10000)]
  for (const name of listOperators()) {
    for (const prefix of ['', 'ForAllValues:', 'ForAnyValue:']) {
      for (const suffix of ['', 'IfExists']) {
        const op = `${prefix}${name}${suffix}`
        const thrown: string[] = []
        for (const version of ['2012-10-17', '2008-10-17', null] as const) {
          const c = compile(op, 'k', odd, version)
          for (const v of odd) {
            for (const ctx of [ctxOf({ k: v }), ctxOf({ k: [v, v] }), ctxOf({ k: v, [v]: v })]) {
              try {
                if (c.test(ctx) !== c.trace(ctx).matched) thrown.push(`disagree on '${v.slice(0, 20)}'`)
              } catch (e) {
                thrown.push(String(e))
              }
            }
          }
        }
        t.same(thrown, [], op)
      }
    }
  }
  t.end()
})
