// BinaryEquals (§5.5): base64 policy value compared byte for byte with the request's base64 value.
import t from 'tap'
import { decodeBase64 } from '../../../src/engine/conditions/base64.js'
import { table, type Row } from './helpers.js'

const K = 'svc:Blob'
const HELLO = 'aGVsbG8=' // "hello"

t.test('decodeBase64', (t) => {
  t.equal(decodeBase64('aGVsbG8='), 'hello')
  t.equal(decodeBase64('aGVsbG8'), 'hello', 'padding optional')
  t.equal(decodeBase64(''), '')
  t.equal(decodeBase64('QmluYXJ5VmFsdWVJbkJhc2U2NA=='), 'BinaryValueInBase64')
  t.equal(decodeBase64('/+8='), '\xff\xef')
  for (const bad of ['a', 'aGVsbG8==', 'aGV sbG8=', 'aGVsbG8=x', '-_8=', 'é===', 'aGVsbG8===']) t.equal(decodeBase64(bad), null, bad)
  t.end()
})

const rows: Row[] = [
  { name: 'equal bytes', op: 'BinaryEquals', key: K, values: HELLO, keys: { [K]: HELLO }, want: true },
  { name: 'same bytes, no padding in the request', op: 'BinaryEquals', key: K, values: HELLO, keys: { [K]: 'aGVsbG8' }, want: true },
  { name: 'different bytes', op: 'BinaryEquals', key: K, values: HELLO, keys: { [K]: 'd29ybGQ=' }, want: false },
  { name: 'OR of values', op: 'BinaryEquals', key: K, values: ['AAAA', HELLO], keys: { [K]: HELLO }, want: true },
  { name: 'missing key → false', op: 'BinaryEquals', key: K, values: HELLO, keys: {}, want: false },
  { name: 'IfExists missing → true', op: 'BinaryEqualsIfExists', key: K, values: HELLO, keys: {}, want: true },
  {
    name: 'request not base64: issue, no match',
    op: 'BinaryEquals',
    key: K,
    values: HELLO,
    keys: { [K]: 'hello!' },
    want: false,
    issue: "not base64: 'hello!'",
  },
  {
    name: 'policy not base64: issue, matches nothing',
    op: 'BinaryEquals',
    key: K,
    values: '***',
    keys: { [K]: HELLO },
    want: false,
    issue: "not base64: '***'",
  },
  {
    name: 'ForAllValues:BinaryEquals',
    op: 'ForAllValues:BinaryEquals',
    key: K,
    values: [HELLO, 'AAAA'],
    keys: { [K]: ['AAAA', HELLO] },
    want: true,
  },
  {
    name: 'ForAnyValue:BinaryEquals empty → false',
    op: 'ForAnyValue:BinaryEquals',
    key: K,
    values: HELLO,
    keys: { [K]: [] },
    want: false,
  },
  {
    name: 'no policy variables for Binary',
    op: 'BinaryEquals',
    key: K,
    values: '${svc:Other}',
    keys: { [K]: HELLO, 'svc:Other': HELLO },
    want: false,
    issue: true,
  },
  { name: 'key name case-insensitive', op: 'BinaryEquals', key: 'SVC:BLOB', values: HELLO, keys: { [K]: HELLO }, want: true },
]

t.test('BinaryEquals', (t) => {
  table(t, rows)
  t.end()
})
