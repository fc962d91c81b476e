// Null (§5.8): "true" holds when the key is absent, "false" when present; no IfExists; invalid values.
import t from 'tap'
import { compile, ctxOf, table, type Row } from './helpers.js'

const K = 'aws:TokenIssueTime'

const rows: Row[] = [
  {
    name: 'true, key absent → true',
    op: 'Null',
    key: K,
    values: 'true',
    keys: {},
    want: true,
    reason: 'aws:TokenIssueTime absent from the request; Null "true" holds',
  },
  {
    name: 'true, key present → false',
    op: 'Null',
    key: K,
    values: 'true',
    keys: { [K]: '2024-01-01T00:00:00Z' },
    want: false,
    reason: 'requires the key absent',
  },
  { name: 'false, key present → true', op: 'Null', key: K, values: 'false', keys: { [K]: '2024-01-01T00:00:00Z' }, want: true },
  { name: 'false, key absent → false', op: 'Null', key: K, values: 'false', keys: {}, want: false },
  { name: 'present with an empty string is present', op: 'Null', key: K, values: 'false', keys: { [K]: '' }, want: true },
  { name: 'empty list counts as null (true)', op: 'Null', key: 'aws:TagKeys', values: 'true', keys: { 'aws:TagKeys': [] }, want: true },
  { name: 'empty list counts as null (false)', op: 'Null', key: 'aws:TagKeys', values: 'false', keys: { 'aws:TagKeys': [] }, want: false },
  { name: 'multivalued present', op: 'Null', key: 'aws:TagKeys', values: 'false', keys: { 'aws:TagKeys': ['a', 'b'] }, want: true },
  { name: '"True" is read as true', op: 'Null', key: K, values: 'True', keys: {}, want: true },
  { name: 'both values (OR) → always true (absent)', op: 'Null', key: K, values: ['true', 'false'], keys: {}, want: true },
  { name: 'both values (OR) → always true (present)', op: 'Null', key: K, values: ['true', 'false'], keys: { [K]: 'x' }, want: true },
  {
    name: 'invalid value: issue, never holds',
    op: 'Null',
    key: K,
    values: 'maybe',
    keys: {},
    want: false,
    issue: "'maybe'",
  },
  {
    name: 'no policy variables for Null',
    op: 'Null',
    key: K,
    values: '${svc:flag}',
    keys: { 'svc:flag': 'true' },
    want: false,
    issue: true,
  },
  {
    name: 'NullIfExists does not exist: issue, never matches',
    op: 'NullIfExists',
    key: K,
    values: 'true',
    keys: {},
    want: false,
    issue: 'IfExists',
  },
  { name: 'key name case-insensitive', op: 'Null', key: 'AWS:TOKENISSUETIME', values: 'false', keys: { [K]: 'x' }, want: true },
]

t.test('Null', (t) => {
  table(t, rows)
  t.end()
})

t.test('Null trace shows request values', (t) => {
  const c = compile('Null', K, 'false')
  t.same(c.trace(ctxOf({ [K]: 'x' })).requestValues, ['x'])
  t.equal(c.trace(ctxOf({})).requestValues, null, 'absent → null')
  t.same(c.trace(ctxOf({})).policyValues, ['false'])
  t.end()
})
