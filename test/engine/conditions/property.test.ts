// Properties over random conditions and requests: test() agrees with trace().matched and neither throws;
// an absent key is traced as null; negated operators are complements of their positive forms (R5.0.1,
// R5.0.2, R5.10.4); ArnEquals ≡ ArnLike.
import t from 'tap'
import fc from 'fast-check'
import { listOperators } from '../../../src/engine/conditions/index.js'
import type { PolicyVersion } from '../../../src/policy/index.js'
import { compile, ctxOf, type Keys } from './helpers.js'

const SAMPLES = [
  '',
  'a',
  'A',
  'a*',
  '*',
  '?',
  'a?c',
  'abc',
  '10',
  '-1.5',
  '.5',
  'x1',
  'true',
  'False',
  'yes',
  '2020-01-01',
  '2020-01-01T00:00:00Z',
  '1577836800',
  '10.0.0.0/8',
  '10.1.2.3',
  '::1',
  '2001:db8::/32',
  '::ffff:10.0.0.1',
  'aGVsbG8=',
  'aGVsbG8',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::b/x',
  'arn:*:*:*:*:*',
  'arn:aws:iam::1:role/a:b',
  '${aws:username}',
  "${aws:username, 'a'}",
  '${k}',
  '${*}',
  '${?}${$}',
  '${',
]

const value = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SAMPLES) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) })
const keyName = fc.constantFrom('k', 'K', 'aws:username', 'aws:TagKeys')
const keys: fc.Arbitrary<Keys> = fc.dictionary(
  keyName,
  fc.oneof(value, fc.array(value, { maxLength: 4 })),
  { maxKeys: 3 },
)
const version = fc.constantFrom<PolicyVersion>('2012-10-17', '2008-10-17', null)
const base = fc.constantFrom(...listOperators(), 'Nope')
const set = fc.constantFrom('', 'ForAllValues:', 'ForAnyValue:')
const condition = fc.record({
  base,
  set,
  ifExists: fc.boolean(),
  key: keyName,
  values: fc.array(value, { maxLength: 4 }),
  version,
})

t.test('test() === trace().matched, nothing throws, absent keys trace as null', (t) => {
  fc.assert(
    fc.property(condition, keys, (c, k) => {
      const op = `${c.set}${c.base}${c.ifExists ? 'IfExists' : ''}`
      const compiled = compile(op, c.key, c.values, c.version)
      const ctx = ctxOf(k)
      const result = compiled.test(ctx)
      const tr = compiled.trace(ctx)
      if (typeof result !== 'boolean' || result !== tr.matched) return false
      const present = Object.keys(k).some((name) => name.toLowerCase() === c.key.toLowerCase())
      if (!present && tr.requestValues !== null) return false
      if (present && !Array.isArray(tr.requestValues)) return false
      return typeof tr.reason === 'string' && tr.reason.length > 0 && Array.isArray(tr.policyValues)
    }),
    { numRuns: 5000 },
  )
  t.pass('property held')
  t.end()
})

const PAIRS: Array<[string, string]> = [
  ['StringEquals', 'StringNotEquals'],
  ['StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase'],
  ['StringLike', 'StringNotLike'],
  ['NumericEquals', 'NumericNotEquals'],
  ['DateEquals', 'DateNotEquals'],
  ['IpAddress', 'NotIpAddress'],
  ['ArnLike', 'ArnNotLike'],
  ['ArnEquals', 'ArnNotEquals'],
]

t.test('a negated operator is the complement of its positive form when nothing is unreadable', (t) => {
  fc.assert(
    fc.property(fc.constantFrom(...PAIRS), fc.array(value, { maxLength: 4 }), keys, version, ([pos, neg], values, k, v) => {
      const ctx = ctxOf(k)
      const p = compile(pos, 'k', values, v)
      const n = compile(neg, 'k', values, v)
      if (p.trace(ctx).issue !== undefined) return true // unreadable request values satisfy neither
      return n.test(ctx) === !p.test(ctx)
    }),
    { numRuns: 3000 },
  )
  t.pass('single-valued form')
  fc.assert(
    fc.property(fc.constantFrom(...PAIRS), fc.array(value, { maxLength: 4 }), keys, version, ([pos, neg], values, k, v) => {
      const ctx = ctxOf(k)
      // ForAllValues:NotX ≡ ¬ForAnyValue:X (true on a missing key, false for ForAnyValue, R5.10.2-4).
      const any = compile(`ForAnyValue:${pos}`, 'aws:TagKeys', values, v)
      const allNot = compile(`ForAllValues:${neg}`, 'aws:TagKeys', values, v)
      if (any.trace(ctx).issue !== undefined) return true
      return allNot.test(ctx) === !any.test(ctx)
    }),
    { numRuns: 3000 },
  )
  t.pass('set form')
  t.end()
})

t.test('ArnEquals ≡ ArnLike, ArnNotEquals ≡ ArnNotLike', (t) => {
  fc.assert(
    fc.property(fc.array(value, { maxLength: 3 }), keys, set, (values, k, s) => {
      const ctx = ctxOf(k)
      return (
        compile(`${s}ArnEquals`, 'k', values).test(ctx) === compile(`${s}ArnLike`, 'k', values).test(ctx) &&
        compile(`${s}ArnNotEquals`, 'k', values).test(ctx) === compile(`${s}ArnNotLike`, 'k', values).test(ctx)
      )
    }),
    { numRuns: 1000 },
  )
  t.pass('equivalent')
  t.end()
})

t.test('IfExists only changes the result when the key is absent', (t) => {
  fc.assert(
    fc.property(base, set, fc.array(value, { maxLength: 3 }), keys, (b, s, values, k) => {
      if (b === 'Null' || b === 'Nope') return true
      const ctx = ctxOf(k)
      const plain = compile(`${s}${b}`, 'k', values).test(ctx)
      const ifExists = compile(`${s}${b}IfExists`, 'k', values).test(ctx)
      const entry = ctx.keys.get('k')
      return entry === undefined || entry.values.length === 0 ? ifExists === true : ifExists === plain
    }),
    { numRuns: 2000 },
  )
  t.pass('held')
  t.end()
})
