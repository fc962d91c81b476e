// String family: StringEquals, StringNotEquals, *IgnoreCase, StringLike, StringNotLike (§5.1), with missing
// keys (R5.0.1), IfExists (R5.9), several values (R5.0.2), set operators (R5.10), policy variables (§6).
import t from 'tap'
import { compile, ctxOf, table, type Row } from './helpers.js'

const K = 'aws:PrincipalTag/team'

const basics: Row[] = [
  { name: 'StringEquals match', op: 'StringEquals', key: K, values: 'dev', keys: { [K]: 'dev' }, want: true },
  { name: 'StringEquals no match', op: 'StringEquals', key: K, values: 'dev', keys: { [K]: 'ops' }, want: false },
  {
    name: 'StringEquals is case-sensitive',
    op: 'StringEquals',
    key: K,
    values: 'dev',
    keys: { [K]: 'Dev' },
    want: false,
    reason: "'Dev' does not equal 'dev'",
  },
  {
    name: 'StringEquals treats * literally (no match)',
    op: 'StringEquals',
    key: K,
    values: 'd*',
    keys: { [K]: 'dev' },
    want: false,
  },
  { name: 'StringEquals treats * literally (match)', op: 'StringEquals', key: K, values: 'd*', keys: { [K]: 'd*' }, want: true },
  { name: 'StringEquals empty string', op: 'StringEquals', key: K, values: '', keys: { [K]: '' }, want: true },
  { name: 'StringNotEquals differs', op: 'StringNotEquals', key: K, values: 'dev', keys: { [K]: 'ops' }, want: true },
  { name: 'StringNotEquals equal', op: 'StringNotEquals', key: K, values: 'dev', keys: { [K]: 'dev' }, want: false },
  {
    name: 'StringEqualsIgnoreCase match',
    op: 'StringEqualsIgnoreCase',
    key: K,
    values: 'DEV',
    keys: { [K]: 'dEv' },
    want: true,
  },
  {
    name: 'StringEqualsIgnoreCase no match',
    op: 'StringEqualsIgnoreCase',
    key: K,
    values: 'DEV',
    keys: { [K]: 'ops' },
    want: false,
  },
  {
    name: 'StringNotEqualsIgnoreCase same letters',
    op: 'StringNotEqualsIgnoreCase',
    key: K,
    values: 'Dev',
    keys: { [K]: 'DEV' },
    want: false,
  },
  {
    name: 'StringNotEqualsIgnoreCase different',
    op: 'StringNotEqualsIgnoreCase',
    key: K,
    values: 'Dev',
    keys: { [K]: 'ops' },
    want: true,
  },
  { name: 'StringLike * match', op: 'StringLike', key: K, values: 'd*', keys: { [K]: 'dev' }, want: true },
  { name: 'StringLike ? match', op: 'StringLike', key: K, values: 'd?v', keys: { [K]: 'dev' }, want: true },
  { name: 'StringLike ? is exactly one', op: 'StringLike', key: K, values: 'd?', keys: { [K]: 'dev' }, want: false },
  { name: 'StringLike case-sensitive', op: 'StringLike', key: K, values: 'D*', keys: { [K]: 'dev' }, want: false },
  { name: 'StringLike without wildcard is exact', op: 'StringLike', key: K, values: 'dev', keys: { [K]: 'devx' }, want: false },
  {
    name: 'StringLike * crosses colons and slashes',
    op: 'StringLike',
    key: 'aws:SourceArn',
    values: 'arn:aws:someservice:*:111122223333:finance/*',
    keys: { 'aws:SourceArn': 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt' },
    want: true,
  },
  { name: 'StringNotLike matching value', op: 'StringNotLike', key: K, values: 'd*', keys: { [K]: 'dev' }, want: false },
  { name: 'StringNotLike other value', op: 'StringNotLike', key: K, values: 'd*', keys: { [K]: 'ops' }, want: true },
]

const missing: Row[] = [
  {
    name: 'missing key: StringEquals false',
    op: 'StringEquals',
    key: K,
    values: 'dev',
    keys: {},
    want: false,
    reason: 'absent from the request; StringEquals is false',
  },
  {
    name: 'missing key: StringNotEquals true',
    op: 'StringNotEquals',
    key: K,
    values: 'dev',
    keys: {},
    want: true,
    reason: 'StringNotEquals is true when the key is absent',
  },
  { name: 'missing key: StringLike false', op: 'StringLike', key: K, values: '*', keys: {}, want: false },
  { name: 'missing key: StringNotLike true', op: 'StringNotLike', key: K, values: '*', keys: {}, want: true },
  {
    name: 'missing key: StringEqualsIgnoreCase false',
    op: 'StringEqualsIgnoreCase',
    key: K,
    values: 'x',
    keys: {},
    want: false,
  },
  {
    name: 'missing key: StringNotEqualsIgnoreCase true',
    op: 'StringNotEqualsIgnoreCase',
    key: K,
    values: 'x',
    keys: {},
    want: true,
  },
  {
    name: 'IfExists, missing: true',
    op: 'StringEqualsIfExists',
    key: K,
    values: 'dev',
    keys: {},
    want: true,
    reason: 'IfExists',
  },
  { name: 'IfExists, present, match', op: 'StringEqualsIfExists', key: K, values: 'dev', keys: { [K]: 'dev' }, want: true },
  {
    name: 'IfExists, present, no match',
    op: 'StringEqualsIfExists',
    key: K,
    values: 'dev',
    keys: { [K]: 'ops' },
    want: false,
  },
  { name: 'negated IfExists, missing: true', op: 'StringNotEqualsIfExists', key: K, values: 'dev', keys: {}, want: true },
  {
    name: 'negated IfExists, present, equal: false',
    op: 'StringNotEqualsIfExists',
    key: K,
    values: 'dev',
    keys: { [K]: 'dev' },
    want: false,
  },
  { name: 'StringLikeIfExists missing', op: 'StringLikeIfExists', key: K, values: 't1.*', keys: {}, want: true },
  { name: 'StringNotLikeIfExists missing', op: 'StringNotLikeIfExists', key: K, values: 't1.*', keys: {}, want: true },
]

const several: Row[] = [
  { name: 'OR: second value matches', op: 'StringEquals', key: K, values: ['a', 'dev'], keys: { [K]: 'dev' }, want: true },
  { name: 'OR: none matches', op: 'StringEquals', key: K, values: ['a', 'b'], keys: { [K]: 'dev' }, want: false },
  { name: 'NOR: one equal → false', op: 'StringNotEquals', key: K, values: ['a', 'dev'], keys: { [K]: 'dev' }, want: false },
  { name: 'NOR: none equal → true', op: 'StringNotEquals', key: K, values: ['a', 'b'], keys: { [K]: 'dev' }, want: true },
  { name: 'StringLike OR', op: 'StringLike', key: K, values: ['x*', 'd*'], keys: { [K]: 'dev' }, want: true },
  { name: 'StringNotLike NOR', op: 'StringNotLike', key: K, values: ['x*', 'd*'], keys: { [K]: 'dev' }, want: false },
  {
    name: 'many values (lookup table) match',
    op: 'StringEquals',
    key: 'aws:PrincipalAccount',
    values: Array.from({ length: 20 }, (_, i) => String(111111111100 + i)),
    keys: { 'aws:PrincipalAccount': '111111111117' },
    want: true,
  },
  {
    name: 'many values (lookup table) no match',
    op: 'StringEquals',
    key: 'aws:PrincipalAccount',
    values: Array.from({ length: 20 }, (_, i) => String(111111111100 + i)),
    keys: { 'aws:PrincipalAccount': '999999999999' },
    want: false,
  },
  {
    name: 'many values ignoring case',
    op: 'StringEqualsIgnoreCase',
    key: K,
    values: Array.from({ length: 12 }, (_, i) => `Team${i}`),
    keys: { [K]: 'TEAM7' },
    want: true,
  },
]

const sets: Row[] = [
  // ForAllValues (R5.10.2)
  {
    name: 'ForAllValues:StringEquals subset',
    op: 'ForAllValues:StringEquals',
    key: 'aws:TagKeys',
    values: ['a', 'b', 'c'],
    keys: { 'aws:TagKeys': ['a', 'c'] },
    want: true,
  },
  {
    name: 'ForAllValues:StringEquals not subset',
    op: 'ForAllValues:StringEquals',
    key: 'aws:TagKeys',
    values: ['a', 'b'],
    keys: { 'aws:TagKeys': ['a', 'z'] },
    want: false,
    reason: "'z' does not equal any of 'a', 'b'",
  },
  {
    name: 'ForAllValues missing key is true',
    op: 'ForAllValues:StringEquals',
    key: 'aws:TagKeys',
    values: ['a'],
    keys: {},
    want: true,
    reason: 'ForAllValues with no values for aws:TagKeys is true',
  },
  {
    name: 'ForAllValues empty list is true',
    op: 'ForAllValues:StringEquals',
    key: 'aws:TagKeys',
    values: ['a'],
    keys: { 'aws:TagKeys': [] },
    want: true,
  },
  {
    name: 'ForAllValues:StringLike',
    op: 'ForAllValues:StringLike',
    key: 'aws:TagKeys',
    values: 'Created*',
    keys: { 'aws:TagKeys': ['CreatedBy', 'CreatedAt'] },
    want: true,
  },
  // ForAnyValue (R5.10.3)
  {
    name: 'ForAnyValue:StringEquals one matches',
    op: 'ForAnyValue:StringEquals',
    key: 'aws:TagKeys',
    values: ['ID', 'PostDateTime'],
    keys: { 'aws:TagKeys': ['UserName', 'Message', 'PostDateTime'] },
    want: true,
  },
  {
    name: 'ForAnyValue:StringEquals none matches',
    op: 'ForAnyValue:StringEquals',
    key: 'aws:TagKeys',
    values: ['ID', 'PostDateTime'],
    keys: { 'aws:TagKeys': ['UserName'] },
    want: false,
  },
  {
    name: 'ForAnyValue missing key is false',
    op: 'ForAnyValue:StringEquals',
    key: 'aws:TagKeys',
    values: ['a'],
    keys: {},
    want: false,
    reason: 'ForAnyValue with no values for aws:TagKeys is false',
  },
  {
    name: 'ForAnyValue empty list is false',
    op: 'ForAnyValue:StringEquals',
    key: 'aws:TagKeys',
    values: ['a'],
    keys: { 'aws:TagKeys': [] },
    want: false,
  },
  // Negated inner operators (R5.10.4): AWS's worked example (MVEX).
  {
    name: 'MVEX: ForAllValues:StringNotLike key1* with key1:legal → no match',
    op: 'ForAllValues:StringNotLike',
    key: 'aws:TagKeys',
    values: 'key1*',
    keys: { 'aws:TagKeys': ['key1:legal'] },
    want: false,
  },
  {
    name: 'MVEX: ForAllValues:StringNotLike key1* with key1:hr, key1:personnel → no match',
    op: 'ForAllValues:StringNotLike',
    key: 'aws:TagKeys',
    values: 'key1*',
    keys: { 'aws:TagKeys': ['key1:hr', 'key1:personnel'] },
    want: false,
  },
  {
    name: 'MVEX: ForAllValues:StringNotLike key1* with key2:audit → match',
    op: 'ForAllValues:StringNotLike',
    key: 'aws:TagKeys',
    values: 'key1*',
    keys: { 'aws:TagKeys': ['key2:audit'] },
    want: true,
  },
  {
    name: 'MVEX: ForAllValues:StringNotLike key1* with no tags → match',
    op: 'ForAllValues:StringNotLike',
    key: 'aws:TagKeys',
    values: 'key1*',
    keys: {},
    want: true,
  },
  {
    name: 'ForAllValues:StringNotLike mixed values → no match',
    op: 'ForAllValues:StringNotLike',
    key: 'aws:TagKeys',
    values: 'key1*',
    keys: { 'aws:TagKeys': ['key2:audit', 'key1:legal'] },
    want: false,
  },
  {
    name: 'ForAnyValue:StringNotEquals one value outside the list → true',
    op: 'ForAnyValue:StringNotEquals',
    key: 'aws:TagKeys',
    values: ['DataClass', 'Owner'],
    keys: { 'aws:TagKeys': ['Dept', 'DataClass'] },
    want: true,
  },
  {
    name: 'ForAnyValue:StringNotEquals all values in the list → false',
    op: 'ForAnyValue:StringNotEquals',
    key: 'aws:TagKeys',
    values: ['DataClass', 'Owner'],
    keys: { 'aws:TagKeys': ['DataClass', 'Owner'] },
    want: false,
  },
  {
    name: 'ForAnyValue:StringNotEquals missing → false',
    op: 'ForAnyValue:StringNotEquals',
    key: 'aws:TagKeys',
    values: ['DataClass'],
    keys: {},
    want: false,
  },
  {
    name: 'ForAnyValue:StringNotLike empty → false',
    op: 'ForAnyValue:StringNotLike',
    key: 'aws:TagKeys',
    values: ['a*'],
    keys: { 'aws:TagKeys': [] },
    want: false,
  },
  // Set operators with IfExists
  {
    name: 'ForAnyValue:StringEqualsIfExists missing → true',
    op: 'ForAnyValue:StringEqualsIfExists',
    key: 'aws:TagKeys',
    values: ['a'],
    keys: {},
    want: true,
  },
  {
    name: 'ForAnyValue:StringEqualsIfExists present, no match → false',
    op: 'ForAnyValue:StringEqualsIfExists',
    key: 'aws:TagKeys',
    values: ['a'],
    keys: { 'aws:TagKeys': ['b'] },
    want: false,
  },
  {
    name: 'ForAllValues:StringLikeIfExists missing → true',
    op: 'ForAllValues:StringLikeIfExists',
    key: 'aws:TagKeys',
    values: ['a*'],
    keys: {},
    want: true,
  },
  {
    name: 'ForAllValues:StringLikeIfExists present, one fails → false',
    op: 'ForAllValues:StringLikeIfExists',
    key: 'aws:TagKeys',
    values: ['a*'],
    keys: { 'aws:TagKeys': ['ab', 'b'] },
    want: false,
  },
  // Set operator over a single-valued key: a set of one.
  {
    name: 'ForAnyValue on a single-valued key',
    op: 'ForAnyValue:StringEquals',
    key: K,
    values: ['dev'],
    keys: { [K]: 'dev' },
    want: true,
  },
]

const multiNoSet: Row[] = [
  {
    name: 'multivalued key without set operator: positive, any matches',
    op: 'StringEquals',
    key: 'aws:TagKeys',
    values: 'b',
    keys: { 'aws:TagKeys': ['a', 'b'] },
    want: true,
    reason: 'multivalued',
  },
  {
    name: 'multivalued key without set operator: positive, none matches',
    op: 'StringEquals',
    key: 'aws:TagKeys',
    values: 'z',
    keys: { 'aws:TagKeys': ['a', 'b'] },
    want: false,
    reason: 'no ForAllValues/ForAnyValue prefix',
  },
  {
    name: 'multivalued key without set operator: negated, one matches → false',
    op: 'StringNotEquals',
    key: 'aws:TagKeys',
    values: 'b',
    keys: { 'aws:TagKeys': ['a', 'b'] },
    want: false,
    reason: 'true only if no value matches',
  },
  {
    name: 'multivalued key without set operator: negated, none matches → true',
    op: 'StringNotEquals',
    key: 'aws:TagKeys',
    values: 'z',
    keys: { 'aws:TagKeys': ['a', 'b'] },
    want: true,
  },
  {
    name: 'multivalued key with one value, no set operator',
    op: 'StringLike',
    key: 'aws:TagKeys',
    values: 'a*',
    keys: { 'aws:TagKeys': ['ab'] },
    want: true,
    reason: 'multivalued',
  },
  {
    name: 'empty multivalued key, positive, no set operator → false',
    op: 'StringEquals',
    key: 'aws:TagKeys',
    values: 'a',
    keys: { 'aws:TagKeys': [] },
    want: false,
    reason: 'has no values',
  },
  {
    name: 'empty multivalued key, negated, no set operator → true',
    op: 'StringNotEquals',
    key: 'aws:TagKeys',
    values: 'a',
    keys: { 'aws:TagKeys': [] },
    want: true,
  },
]

const vars: Row[] = [
  {
    name: 'variable resolved: match',
    op: 'StringEquals',
    key: 'aws:ResourceTag/owner',
    values: '${aws:username}',
    keys: { 'aws:ResourceTag/owner': 'alice', 'aws:username': 'alice' },
    want: true,
    policyValues: ['alice'],
  },
  {
    name: 'variable resolved: no match',
    op: 'StringEquals',
    key: 'aws:ResourceTag/owner',
    values: '${aws:username}',
    keys: { 'aws:ResourceTag/owner': 'bob', 'aws:username': 'alice' },
    want: false,
  },
  {
    name: 'variable key names are case-insensitive',
    op: 'StringEquals',
    key: 'aws:ResourceTag/owner',
    values: '${AWS:UserName}',
    keys: { 'aws:ResourceTag/owner': 'alice', 'aws:username': 'alice' },
    want: true,
  },
  {
    name: 'variable inside StringLike',
    op: 'StringLike',
    key: 's3:prefix',
    values: ['', 'home/', 'home/${aws:username}/*'],
    keys: { 's3:prefix': 'home/alice/photos', 'aws:username': 'alice' },
    want: true,
    policyValues: ['', 'home/', 'home/alice/*'],
  },
  {
    name: 'variable value with * is literal in StringLike',
    op: 'StringLike',
    key: 's3:prefix',
    values: 'home/${aws:username}',
    keys: { 's3:prefix': 'home/anything', 'aws:username': '*' },
    want: false,
  },
  {
    name: 'variable default used when the key is absent',
    op: 'StringEquals',
    key: 'aws:ResourceTag/team',
    values: "${aws:PrincipalTag/team, 'company-wide'}",
    keys: { 'aws:ResourceTag/team': 'company-wide' },
    want: true,
    policyValues: ['company-wide'],
  },
  {
    name: 'variable default not used when the key is present',
    op: 'StringEquals',
    key: 'aws:ResourceTag/team',
    values: "${aws:PrincipalTag/team, 'company-wide'}",
    keys: { 'aws:ResourceTag/team': 'company-wide', 'aws:PrincipalTag/team': 'dev' },
    want: false,
  },
  {
    name: 'unresolved variable: positive operator does not match',
    op: 'StringEquals',
    key: 'aws:ResourceTag/owner',
    values: '${aws:username}',
    keys: { 'aws:ResourceTag/owner': '${aws:username}' },
    want: false,
    policyValues: ['${aws:username}'],
    reason: 'no value and no default',
  },
  {
    name: 'unresolved variable: negated operator is not excluded',
    op: 'StringNotEquals',
    key: 'aws:ResourceTag/owner',
    values: '${aws:username}',
    keys: { 'aws:ResourceTag/owner': 'alice' },
    want: true,
  },
  {
    name: 'unresolved variable: other values still match (OR)',
    op: 'StringLike',
    key: 's3:prefix',
    values: ['home/${aws:username}/*', 'public/*'],
    keys: { 's3:prefix': 'public/x' },
    want: true,
  },
  {
    name: 'unresolved variable: negated, other value still excludes',
    op: 'StringNotEquals',
    key: K,
    values: ['${aws:username}', 'dev'],
    keys: { [K]: 'dev' },
    want: false,
  },
  {
    name: 'multivalued keys are not variables',
    op: 'StringEquals',
    key: K,
    values: '${aws:TagKeys}',
    keys: { [K]: 'a', 'aws:TagKeys': ['a'] },
    want: false,
  },
  {
    name: '${*} is a literal * in StringLike',
    op: 'StringLike',
    key: K,
    values: 'a${*}',
    keys: { [K]: 'abc' },
    want: false,
    policyValues: ['a*'],
  },
  { name: '${*} literal matches a star', op: 'StringLike', key: K, values: 'a${*}', keys: { [K]: 'a*' }, want: true },
  { name: '${?} is a literal ?', op: 'StringLike', key: K, values: 'a${?}', keys: { [K]: 'ab' }, want: false },
  { name: '${$} is a literal $', op: 'StringEquals', key: K, values: '${$}5', keys: { [K]: '$5' }, want: true },
  {
    name: 'Version 2008-10-17: variables are literal',
    op: 'StringEquals',
    key: 'aws:ResourceTag/owner',
    values: '${aws:username}',
    keys: { 'aws:ResourceTag/owner': 'alice', 'aws:username': 'alice' },
    want: false,
    version: '2008-10-17',
    policyValues: ['${aws:username}'],
  },
  {
    name: 'Version 2008-10-17: literal text matches',
    op: 'StringEquals',
    key: 'aws:ResourceTag/owner',
    values: '${aws:username}',
    keys: { 'aws:ResourceTag/owner': '${aws:username}', 'aws:username': 'alice' },
    want: true,
    version: '2008-10-17',
  },
  {
    name: 'no Version: variables are literal',
    op: 'StringLike',
    key: 's3:prefix',
    values: 'home/${aws:username}/*',
    keys: { 's3:prefix': 'home/alice/x', 'aws:username': 'alice' },
    want: false,
    version: null,
  },
  {
    name: 'no Version: literal text with wildcard matches',
    op: 'StringLike',
    key: 's3:prefix',
    values: 'home/${aws:username}/*',
    keys: { 's3:prefix': 'home/${aws:username}/x' },
    want: true,
    version: null,
  },
  {
    name: 'variable in IgnoreCase',
    op: 'StringEqualsIgnoreCase',
    key: K,
    values: '${aws:PrincipalTag/dept}',
    keys: { [K]: 'SALES', 'aws:PrincipalTag/dept': 'Sales' },
    want: true,
  },
]

const keysCase: Row[] = [
  {
    name: 'condition key names are case-insensitive',
    op: 'StringEquals',
    key: 'AWS:PRINCIPALTAG/TEAM',
    values: 'dev',
    keys: { 'aws:PrincipalTag/team': 'dev' },
    want: true,
  },
  {
    name: 'tag keys are case-insensitive, tag values are not',
    op: 'StringEquals',
    key: 'aws:ResourceTag/Project',
    values: 'Blue',
    keys: { 'aws:resourcetag/PROJECT': 'blue' },
    want: false,
  },
  {
    name: 'tag keys are case-insensitive (match)',
    op: 'StringEquals',
    key: 'aws:ResourceTag/Project',
    values: 'Blue',
    keys: { 'aws:resourcetag/PROJECT': 'Blue' },
    want: true,
  },
]

t.test('basics', (t) => {
  table(t, basics)
  t.end()
})
t.test('missing keys and IfExists', (t) => {
  table(t, missing)
  t.end()
})
t.test('several policy values', (t) => {
  table(t, several)
  t.end()
})
t.test('set operators', (t) => {
  table(t, sets)
  t.end()
})
t.test('multivalued key without a set operator', (t) => {
  table(t, multiNoSet)
  t.end()
})
t.test('policy variables', (t) => {
  table(t, vars)
  t.end()
})
t.test('key name case', (t) => {
  table(t, keysCase)
  t.end()
})

t.test('a compiled condition with variables is reused across requests', (t) => {
  const like = compile('StringLike', 's3:prefix', ['home/${aws:username}/*', 'team/${aws:PrincipalTag/team}-${aws:username}/*'])
  const alice = ctxOf({ 's3:prefix': 'home/alice/x', 'aws:username': 'alice' })
  const bob = ctxOf({ 's3:prefix': 'home/alice/x', 'aws:username': 'bob' })
  const anon = ctxOf({ 's3:prefix': 'home/alice/x' })
  const teamA = ctxOf({ 's3:prefix': 'team/a-b/x', 'aws:username': 'b', 'aws:PrincipalTag/team': 'a' })
  const teamB = ctxOf({ 's3:prefix': 'team/a-b/x', 'aws:username': 'a-b', 'aws:PrincipalTag/team': '' })
  for (let i = 0; i < 2; i++) {
    t.equal(like.test(alice), true, 'alice')
    t.equal(like.test(bob), false, 'bob')
    t.equal(like.test(anon), false, 'no username')
    t.equal(like.test(teamA), true, 'team a, user b')
    t.equal(like.test(teamB), false, "team '', user a-b: same joined text, different values")
  }
  const arn = compile('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::home/${aws:username}/*')
  const a = ctxOf({ 'aws:SourceArn': 'arn:aws:s3:::home/alice/x', 'aws:username': 'alice' })
  const b = ctxOf({ 'aws:SourceArn': 'arn:aws:s3:::home/alice/x', 'aws:username': 'bob' })
  for (let i = 0; i < 2; i++) {
    t.equal(arn.test(a), true)
    t.equal(arn.test(b), false)
  }
  t.end()
})
