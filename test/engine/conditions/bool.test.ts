// Bool (§5.4): "true"/"false" (read case-insensitively), missing key false (BoolIfExists true), wrong-type
// request values, invalid policy values, policy variables, set operators.
import t from 'tap'
import { table, type Row } from './helpers.js'

const MFA = 'aws:MultiFactorAuthPresent'
const TLS = 'aws:SecureTransport'

const rows: Row[] = [
  { name: 'true = true', op: 'Bool', key: TLS, values: 'true', keys: { [TLS]: 'true' }, want: true },
  { name: 'false = false', op: 'Bool', key: TLS, values: 'false', keys: { [TLS]: 'false' }, want: true },
  {
    name: 'false ≠ true',
    op: 'Bool',
    key: TLS,
    values: 'false',
    keys: { [TLS]: 'true' },
    want: false,
    reason: "'true' does not equal 'false'",
  },
  { name: 'policy "True" is read as true', op: 'Bool', key: TLS, values: 'True', keys: { [TLS]: 'true' }, want: true },
  { name: 'request "FALSE" is read as false', op: 'Bool', key: TLS, values: 'false', keys: { [TLS]: 'FALSE' }, want: true },
  {
    name: 'missing key → false (long-term keys have no MFA key)',
    op: 'Bool',
    key: MFA,
    values: 'false',
    keys: {},
    want: false,
    reason: 'absent from the request; Bool is false',
  },
  { name: 'BoolIfExists missing → true', op: 'BoolIfExists', key: MFA, values: 'false', keys: {}, want: true },
  { name: 'BoolIfExists present true vs false', op: 'BoolIfExists', key: MFA, values: 'false', keys: { [MFA]: 'true' }, want: false },
  { name: 'OR of values', op: 'Bool', key: TLS, values: ['true', 'false'], keys: { [TLS]: 'false' }, want: true },
  {
    name: 'request "yes": issue, no match',
    op: 'Bool',
    key: TLS,
    values: 'true',
    keys: { [TLS]: 'yes' },
    want: false,
    issue: `not a boolean ("true" or "false"): 'yes'`,
  },
  { name: 'request "1": issue, no match', op: 'Bool', key: TLS, values: 'true', keys: { [TLS]: '1' }, want: false, issue: true },
  {
    name: 'request "" : issue, no match',
    op: 'BoolIfExists',
    key: TLS,
    values: 'false',
    keys: { [TLS]: '' },
    want: false,
    issue: true,
  },
  {
    name: 'invalid policy value: issue, matches nothing',
    op: 'Bool',
    key: TLS,
    values: 'maybe',
    keys: { [TLS]: 'true' },
    want: false,
    issue: "'maybe'",
  },
  {
    name: 'variable resolved',
    op: 'Bool',
    key: MFA,
    values: '${aws:ViaAWSService}',
    keys: { [MFA]: 'true', 'aws:ViaAWSService': 'true' },
    want: true,
    policyValues: ['true'],
  },
  {
    name: 'variable resolved to another value',
    op: 'Bool',
    key: MFA,
    values: '${aws:ViaAWSService}',
    keys: { [MFA]: 'true', 'aws:ViaAWSService': 'false' },
    want: false,
  },
  {
    name: 'variable default',
    op: 'Bool',
    key: MFA,
    values: "${svc:flag, 'true'}",
    keys: { [MFA]: 'true' },
    want: true,
  },
  {
    name: 'variable unresolved: matches nothing',
    op: 'Bool',
    key: MFA,
    values: '${svc:flag}',
    keys: { [MFA]: 'true' },
    want: false,
    policyValues: ['${svc:flag}'],
    reason: 'no value and no default',
  },
  {
    name: 'variable resolving to a non-boolean: issue, matches nothing',
    op: 'Bool',
    key: MFA,
    values: '${svc:flag}',
    keys: { [MFA]: 'true', 'svc:flag': 'sure' },
    want: false,
    issue: "'sure'",
  },
  {
    name: 'Version 2008-10-17: variable is literal text (not a boolean)',
    op: 'Bool',
    key: MFA,
    values: '${aws:ViaAWSService}',
    keys: { [MFA]: 'true', 'aws:ViaAWSService': 'true' },
    want: false,
    version: '2008-10-17',
    issue: true,
  },
  {
    name: 'ForAllValues:Bool',
    op: 'ForAllValues:Bool',
    key: 'svc:Flags',
    values: 'true',
    keys: { 'svc:Flags': ['true', 'TRUE'] },
    want: true,
  },
  {
    name: 'ForAnyValue:Bool missing → false',
    op: 'ForAnyValue:Bool',
    key: 'svc:Flags',
    values: 'true',
    keys: {},
    want: false,
  },
  {
    name: 'ForAllValues:Bool missing → true',
    op: 'ForAllValues:Bool',
    key: 'svc:Flags',
    values: 'true',
    keys: {},
    want: true,
  },
  {
    name: 'key name case-insensitive',
    op: 'Bool',
    key: 'aws:securetransport',
    values: 'true',
    keys: { 'AWS:SecureTransport': 'true' },
    want: true,
  },
]

t.test('Bool', (t) => {
  table(t, rows)
  t.end()
})
