// Date family (§5.3): ISO 8601 (W3C profile) and epoch seconds on both sides, date-only values, offsets,
// fractions, missing keys, several values, set operators, unreadable values, no policy variables.
import t from 'tap'
import { parseDate } from '../../../src/engine/conditions/parse-date.js'
import { table, type Row } from './helpers.js'

const NOW = 'aws:CurrentTime'
const EPOCH = 'aws:EpochTime'

t.test('parseDate', (t) => {
  // Years below 100 (Date.UTC would read 50 as 1950).
  const d = new Date(0)
  d.setUTCFullYear(50, 0, 1)
  const year50 = d.getTime()
  const cases: Array<[string, number]> = [
    ['1970-01-01T00:00:00Z', 0],
    ['2020-04-01T00:00:00Z', Date.UTC(2020, 3, 1)],
    ['2020-04-01', Date.UTC(2020, 3, 1)],
    ['2020-04', Date.UTC(2020, 3, 1)],
    ['2020-04-01T10:20Z', Date.UTC(2020, 3, 1, 10, 20)],
    ['2020-04-01T10:20:30.5Z', Date.UTC(2020, 3, 1, 10, 20, 30, 500)],
    ['2020-04-01T10:20:30+02:00', Date.UTC(2020, 3, 1, 8, 20, 30)],
    ['2020-04-01T10:20:30-0130', Date.UTC(2020, 3, 1, 11, 50, 30)],
    ['2020-04-01T10:20:30', Date.UTC(2020, 3, 1, 10, 20, 30)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['0050-01-01T00:00:00Z', year50],
    ['1585699200', Date.UTC(2020, 3, 1)],
    ['-86400', -86400000],
    ['1585699200.25', Date.UTC(2020, 3, 1) + 250],
  ]
  for (const [s, want] of cases) t.equal(parseDate(s), want, s)
  for (const bad of ['', 'yesterday', '2020-13-01', '2023-02-29', '2020-04-31', '2020-04-01T24:00:00Z', '2020-04-01T10:60Z', '2020/04/01', '2020-04-01T10Z', '2020-04-01T10:20:30+25:00', '0x10']) {
    t.ok(Number.isNaN(parseDate(bad)), `invalid: '${bad}'`)
  }
  t.end()
})

const rows: Row[] = [
  {
    name: 'DateGreaterThan ISO',
    op: 'DateGreaterThan',
    key: NOW,
    values: '2020-04-01T00:00:00Z',
    keys: { [NOW]: '2020-05-01T12:00:00Z' },
    want: true,
  },
  {
    name: 'DateGreaterThan not after',
    op: 'DateGreaterThan',
    key: NOW,
    values: '2020-04-01T00:00:00Z',
    keys: { [NOW]: '2020-04-01T00:00:00Z' },
    want: false,
    reason: 'is not after',
  },
  {
    name: 'DateGreaterThanEquals same instant',
    op: 'DateGreaterThanEquals',
    key: NOW,
    values: '2020-04-01T00:00:00Z',
    keys: { [NOW]: '2020-04-01T02:00:00+02:00' },
    want: true,
  },
  {
    name: 'DateLessThan',
    op: 'DateLessThan',
    key: NOW,
    values: '2020-06-30T23:59:59Z',
    keys: { [NOW]: '2020-06-30T23:59:58Z' },
    want: true,
  },
  {
    name: 'DateLessThan fraction',
    op: 'DateLessThan',
    key: NOW,
    values: '2020-06-30T23:59:59Z',
    keys: { [NOW]: '2020-06-30T23:59:59.001Z' },
    want: false,
  },
  {
    name: 'DateLessThanEquals equal',
    op: 'DateLessThanEquals',
    key: NOW,
    values: '2020-06-30T23:59:59Z',
    keys: { [NOW]: '2020-06-30T23:59:59.000Z' },
    want: true,
  },
  {
    name: 'DateEquals same instant, different offsets',
    op: 'DateEquals',
    key: NOW,
    values: '2020-01-01T00:00:00Z',
    keys: { [NOW]: '2019-12-31T19:00:00-05:00' },
    want: true,
  },
  {
    name: 'DateNotEquals different',
    op: 'DateNotEquals',
    key: NOW,
    values: '2020-01-01T00:00:00Z',
    keys: { [NOW]: '2020-01-01T00:00:01Z' },
    want: true,
  },
  {
    name: 'DateNotEquals same',
    op: 'DateNotEquals',
    key: NOW,
    values: '2020-01-01T00:00:00Z',
    keys: { [NOW]: '2020-01-01T00:00:00Z' },
    want: false,
  },
  // date-only values are midnight UTC (decision, §5.3 UNCONFIRMED)
  {
    name: 'date-only policy value is midnight UTC (equal)',
    op: 'DateEquals',
    key: NOW,
    values: '2020-01-01',
    keys: { [NOW]: '2020-01-01T00:00:00Z' },
    want: true,
  },
  {
    name: 'date-only policy value is not the whole day',
    op: 'DateEquals',
    key: NOW,
    values: '2020-01-01',
    keys: { [NOW]: '2020-01-01T10:00:00Z' },
    want: false,
  },
  {
    name: 'date-only: later the same day is greater',
    op: 'DateGreaterThan',
    key: NOW,
    values: '2020-01-01',
    keys: { [NOW]: '2020-01-01T00:00:01Z' },
    want: true,
  },
  // epoch seconds on either side
  {
    name: 'epoch policy value vs ISO request',
    op: 'DateGreaterThanEquals',
    key: NOW,
    values: '1585699200',
    keys: { [NOW]: '2020-04-01T00:00:00Z' },
    want: true,
  },
  {
    name: 'ISO policy value vs epoch request (aws:EpochTime)',
    op: 'DateLessThan',
    key: EPOCH,
    values: '2020-04-01T00:00:00Z',
    keys: { [EPOCH]: '1585699199' },
    want: true,
  },
  {
    name: 'epoch vs epoch',
    op: 'DateEquals',
    key: EPOCH,
    values: '1585699200',
    keys: { [EPOCH]: '1585699200' },
    want: true,
  },
  // missing keys
  { name: 'missing: DateGreaterThan false', op: 'DateGreaterThan', key: 'aws:TokenIssueTime', values: '2020-01-01T00:00:01Z', keys: {}, want: false },
  { name: 'missing: DateNotEquals true', op: 'DateNotEquals', key: 'aws:TokenIssueTime', values: '2020-01-01', keys: {}, want: true },
  { name: 'missing: IfExists true', op: 'DateLessThanIfExists', key: 'aws:TokenIssueTime', values: '2020-01-01', keys: {}, want: true },
  { name: 'missing: negated IfExists true', op: 'DateNotEqualsIfExists', key: 'aws:TokenIssueTime', values: '2020-01-01', keys: {}, want: true },
  // several values
  {
    name: 'OR of dates',
    op: 'DateEquals',
    key: NOW,
    values: ['2020-01-01', '2021-01-01'],
    keys: { [NOW]: '2021-01-01T00:00:00Z' },
    want: true,
  },
  {
    name: 'NOR of dates',
    op: 'DateNotEquals',
    key: NOW,
    values: ['2020-01-01', '2021-01-01'],
    keys: { [NOW]: '2021-01-01T00:00:00Z' },
    want: false,
  },
  // set operators
  {
    name: 'ForAllValues:DateLessThan',
    op: 'ForAllValues:DateLessThan',
    key: 'svc:Dates',
    values: '2021-01-01',
    keys: { 'svc:Dates': ['2020-01-01', '2020-12-31T23:59:59Z'] },
    want: true,
  },
  {
    name: 'ForAnyValue:DateGreaterThan none',
    op: 'ForAnyValue:DateGreaterThan',
    key: 'svc:Dates',
    values: '2021-01-01',
    keys: { 'svc:Dates': ['2020-01-01'] },
    want: false,
  },
  { name: 'ForAllValues missing', op: 'ForAllValues:DateEquals', key: 'svc:Dates', values: '2021-01-01', keys: {}, want: true },
  { name: 'ForAnyValue missing', op: 'ForAnyValue:DateEquals', key: 'svc:Dates', values: '2021-01-01', keys: {}, want: false },
  // wrong types
  {
    name: 'unreadable request date: issue, no match',
    op: 'DateGreaterThan',
    key: NOW,
    values: '2020-01-01',
    keys: { [NOW]: 'yesterday' },
    want: false,
    issue: "not an ISO 8601 date or epoch seconds: 'yesterday'",
  },
  {
    name: 'unreadable request date under DateNotEquals: issue, no match',
    op: 'DateNotEquals',
    key: NOW,
    values: '2020-01-01',
    keys: { [NOW]: '2020-02-30' },
    want: false,
    issue: true,
  },
  {
    name: 'invalid policy date: issue, matches nothing',
    op: 'DateLessThan',
    key: NOW,
    values: 'next week',
    keys: { [NOW]: '2020-01-01T00:00:00Z' },
    want: false,
    issue: "'next week'",
  },
  {
    name: 'no policy variables for Date',
    op: 'DateLessThan',
    key: NOW,
    values: '${svc:deadline}',
    keys: { [NOW]: '2020-01-01T00:00:00Z', 'svc:deadline': '2030-01-01T00:00:00Z' },
    want: false,
    issue: true,
  },
  {
    name: 'key name case-insensitive',
    op: 'DateGreaterThan',
    key: 'AWS:CURRENTTIME',
    values: '2020-01-01',
    keys: { [NOW]: '2020-01-02' },
    want: true,
  },
]

t.test('date operators', (t) => {
  table(t, rows)
  t.end()
})
