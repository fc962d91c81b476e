// IpAddress / NotIpAddress (§5.6): IPv4 and IPv6 CIDRs (compressed `::`, IPv4-mapped, bare addresses),
// missing keys (aws:SourceIp is absent through VPC endpoints), several values, set operators, invalid
// values, no policy variables.
import t from 'tap'
import { V4, V6, INVALID, parseCidr, parseIpInto } from '../../../src/engine/conditions/parse-ip.js'
import { table, type Row } from './helpers.js'

const IP = 'aws:SourceIp'

t.test('parseIpInto', (t) => {
  const out = new Uint32Array(4)
  const v6 = (s: string) => (parseIpInto(s, out) === V6 ? Array.from(out) : null)
  t.equal(parseIpInto('203.0.113.7', out), V4)
  t.equal(out[0], (203 * 2 ** 24 + 113 * 256 + 7) >>> 0)
  t.equal(parseIpInto('255.255.255.255', out), V4)
  t.equal(out[0], 0xffffffff)
  t.same(v6('2001:db8::1'), [0x20010db8, 0, 0, 1])
  t.same(v6('2001:DB8:1234:5678::'), [0x20010db8, 0x12345678, 0, 0])
  t.same(v6('::'), [0, 0, 0, 0])
  t.same(v6('::1'), [0, 0, 0, 1])
  t.same(v6('1:2:3:4:5:6:7:8'), [0x10002, 0x30004, 0x50006, 0x70008])
  t.same(v6('1:2:3:4:5:6:7::'), [0x10002, 0x30004, 0x50006, 0x70000])
  t.same(v6('1::8'), [0x10000, 0, 0, 8])
  t.same(v6('64:ff9b::192.0.2.33'), [0x0064ff9b, 0, 0, 0xc0000221])
  t.equal(parseIpInto('::ffff:192.0.2.1', out), V4, 'IPv4-mapped reads as IPv4')
  t.equal(out[0], 0xc0000201)
  t.equal(parseIpInto('::FFFF:c000:0201', out), V4, 'IPv4-mapped in hex')
  t.equal(out[0], 0xc0000201)
  for (const bad of [
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '1.2.3.4/8',
    '01234.1.1.1',
    '1..2.3',
    'a.b.c.d',
    ':::',
    '1:::2',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '12345::',
    ':1::',
    '1:',
    'fe80::1%eth0',
    '[::1]',
    '::1.2.3',
    '1:2:3:4:5:6:7:1.2.3.4',
    'g::1',
  ]) {
    t.equal(parseIpInto(bad, out), INVALID, `invalid: '${bad}'`)
  }
  t.end()
})

t.test('parseCidr', (t) => {
  t.equal(parseCidr('10.0.0.0/8')?.kind, V4)
  t.equal(parseCidr('10.1.2.3/8')?.net[0], 0x0a000000, 'host bits cleared')
  t.equal(parseCidr('0.0.0.0/0')?.mask[0], 0)
  t.equal(parseCidr('203.0.113.7')?.mask[0], 0xffffffff, 'bare IPv4 is /32')
  t.same(Array.from(parseCidr('2001:db8::1')!.mask), [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], 'bare IPv6 is /128')
  t.same(Array.from(parseCidr('2001:DB8:1234:5678::/64')!.mask), [0xffffffff, 0xffffffff, 0, 0])
  t.same(Array.from(parseCidr('2001:db8::/33')!.mask), [0xffffffff, 0x80000000, 0, 0])
  const mapped = parseCidr('::ffff:10.0.0.0/104')
  t.equal(mapped?.kind, V4, 'mapped block with prefix ≥ 96 is IPv4')
  t.equal(mapped?.mask[0], 0xff000000)
  t.equal(parseCidr('::ffff:0:0/80')?.kind, V6, 'wider than the mapped range stays IPv6')
  for (const bad of ['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/8/8', '::/129', 'x/8', '10.0.0.0/ 8', '10.0.0.0/8 ', '${aws:SourceIp}']) {
    t.equal(parseCidr(bad), null, `invalid: '${bad}'`)
  }
  t.end()
})

const rows: Row[] = [
  {
    name: 'IPv4 in block',
    op: 'IpAddress',
    key: IP,
    values: '203.0.113.0/24',
    keys: { [IP]: '203.0.113.7' },
    want: true,
    reason: '203.0.113.7 is in 203.0.113.0/24',
  },
  {
    name: 'IPv4 not in block',
    op: 'IpAddress',
    key: IP,
    values: '10.0.0.0/8',
    keys: { [IP]: '203.0.113.7' },
    want: false,
    reason: '203.0.113.7 is not in 10.0.0.0/8',
  },
  { name: 'block edges: first', op: 'IpAddress', key: IP, values: '203.0.113.0/24', keys: { [IP]: '203.0.113.0' }, want: true },
  { name: 'block edges: last', op: 'IpAddress', key: IP, values: '203.0.113.0/24', keys: { [IP]: '203.0.113.255' }, want: true },
  { name: 'block edges: next', op: 'IpAddress', key: IP, values: '203.0.113.0/24', keys: { [IP]: '203.0.114.0' }, want: false },
  { name: '/0 matches every IPv4', op: 'IpAddress', key: IP, values: '0.0.0.0/0', keys: { [IP]: '8.8.8.8' }, want: true },
  { name: 'bare IPv4 = /32 (match)', op: 'IpAddress', key: IP, values: '203.0.113.7', keys: { [IP]: '203.0.113.7' }, want: true },
  { name: 'bare IPv4 = /32 (no match)', op: 'IpAddress', key: IP, values: '203.0.113.7', keys: { [IP]: '203.0.113.8' }, want: false },
  { name: '/31', op: 'IpAddress', key: IP, values: '10.0.0.6/31', keys: { [IP]: '10.0.0.7' }, want: true },
  {
    name: 'IPv6 in block (compressed)',
    op: 'IpAddress',
    key: IP,
    values: '2001:DB8:1234:5678::/64',
    keys: { [IP]: '2001:db8:1234:5678:abcd::1' },
    want: true,
  },
  {
    name: 'IPv6 outside block',
    op: 'IpAddress',
    key: IP,
    values: '2001:DB8:1234:5678::/64',
    keys: { [IP]: '2001:db8:1234:5679::1' },
    want: false,
  },
  { name: 'bare IPv6 = /128', op: 'IpAddress', key: IP, values: '2001:db8::1', keys: { [IP]: '2001:0db8:0:0:0:0:0:1' }, want: true },
  { name: 'bare IPv6 = /128 (no match)', op: 'IpAddress', key: IP, values: '2001:db8::1', keys: { [IP]: '2001:db8::2' }, want: false },
  { name: 'IPv4 request vs IPv6 block', op: 'IpAddress', key: IP, values: '::/0', keys: { [IP]: '10.0.0.1' }, want: false },
  { name: 'IPv6 request vs IPv4 block', op: 'IpAddress', key: IP, values: '0.0.0.0/0', keys: { [IP]: '2001:db8::1' }, want: false },
  {
    name: 'IPv4-mapped request matches IPv4 block',
    op: 'IpAddress',
    key: IP,
    values: '10.0.0.0/8',
    keys: { [IP]: '::ffff:10.1.2.3' },
    want: true,
  },
  {
    name: 'IPv4 request matches IPv4-mapped block',
    op: 'IpAddress',
    key: IP,
    values: '::ffff:10.0.0.0/104',
    keys: { [IP]: '10.1.2.3' },
    want: true,
  },
  { name: 'mixed IPv4/IPv6 values (OR)', op: 'IpAddress', key: IP, values: ['203.0.113.0/24', '2001:DB8:1234:5678::/64'], keys: { [IP]: '2001:db8:1234:5678::9' }, want: true },
  {
    name: 'NotIpAddress outside',
    op: 'NotIpAddress',
    key: IP,
    values: '10.0.0.0/8',
    keys: { [IP]: '203.0.113.7' },
    want: true,
    reason: '203.0.113.7 is not in 10.0.0.0/8; NotIpAddress is true',
  },
  { name: 'NotIpAddress inside', op: 'NotIpAddress', key: IP, values: '10.0.0.0/8', keys: { [IP]: '10.9.9.9' }, want: false },
  { name: 'NotIpAddress NOR', op: 'NotIpAddress', key: IP, values: ['192.168.0.0/16', '10.0.0.0/8'], keys: { [IP]: '10.9.9.9' }, want: false },
  // missing key
  {
    name: 'missing aws:SourceIp (VPC endpoint): IpAddress false',
    op: 'IpAddress',
    key: IP,
    values: '10.0.0.0/8',
    keys: {},
    want: false,
  },
  {
    name: 'missing aws:SourceIp: NotIpAddress true',
    op: 'NotIpAddress',
    key: IP,
    values: '10.0.0.0/8',
    keys: {},
    want: true,
    reason: 'aws:SourceIp absent from the request; NotIpAddress is true when the key is absent',
  },
  { name: 'missing: IpAddressIfExists true', op: 'IpAddressIfExists', key: IP, values: '10.0.0.0/8', keys: {}, want: true },
  { name: 'missing: NotIpAddressIfExists true', op: 'NotIpAddressIfExists', key: IP, values: '10.0.0.0/8', keys: {}, want: true },
  { name: 'present: NotIpAddressIfExists inside', op: 'NotIpAddressIfExists', key: IP, values: '10.0.0.0/8', keys: { [IP]: '10.0.0.1' }, want: false },
  // set operators
  {
    name: 'ForAllValues:IpAddress all inside',
    op: 'ForAllValues:IpAddress',
    key: 'svc:Ips',
    values: '10.0.0.0/8',
    keys: { 'svc:Ips': ['10.0.0.1', '10.2.0.1'] },
    want: true,
  },
  {
    name: 'ForAnyValue:NotIpAddress one outside',
    op: 'ForAnyValue:NotIpAddress',
    key: 'svc:Ips',
    values: '10.0.0.0/8',
    keys: { 'svc:Ips': ['10.0.0.1', '11.0.0.1'] },
    want: true,
  },
  {
    name: 'ForAllValues:NotIpAddress one inside',
    op: 'ForAllValues:NotIpAddress',
    key: 'svc:Ips',
    values: '10.0.0.0/8',
    keys: { 'svc:Ips': ['10.0.0.1', '11.0.0.1'] },
    want: false,
  },
  { name: 'ForAnyValue:IpAddress missing', op: 'ForAnyValue:IpAddress', key: 'svc:Ips', values: '10.0.0.0/8', keys: {}, want: false },
  // invalid values
  {
    name: 'invalid request IP: issue, no match',
    op: 'IpAddress',
    key: IP,
    values: '10.0.0.0/8',
    keys: { [IP]: '10.0.0.300' },
    want: false,
    issue: "not a valid IP address: '10.0.0.300'",
  },
  {
    name: 'invalid request IP under NotIpAddress: issue, no match',
    op: 'NotIpAddress',
    key: IP,
    values: '10.0.0.0/8',
    keys: { [IP]: 'localhost' },
    want: false,
    issue: 'not a valid IP address',
  },
  {
    name: 'invalid policy CIDR: issue, matches nothing',
    op: 'IpAddress',
    key: IP,
    values: '10.0.0.0/33',
    keys: { [IP]: '10.0.0.1' },
    want: false,
    issue: "not a valid CIDR block or IP address: '10.0.0.0/33'",
  },
  {
    name: 'invalid policy CIDR among valid ones',
    op: 'IpAddress',
    key: IP,
    values: ['nope', '10.0.0.0/8'],
    keys: { [IP]: '10.0.0.1' },
    want: true,
    issue: "'nope'",
  },
  {
    name: 'invalid policy CIDR under NotIpAddress does not exclude',
    op: 'NotIpAddress',
    key: IP,
    values: ['nope'],
    keys: { [IP]: '10.0.0.1' },
    want: true,
    issue: true,
  },
  {
    name: 'no policy variables for IpAddress (OPS)',
    op: 'IpAddress',
    key: IP,
    values: '${aws:VpcSourceIp}',
    keys: { [IP]: '10.0.0.1', 'aws:VpcSourceIp': '10.0.0.1' },
    want: false,
    issue: true,
  },
  { name: 'key name case-insensitive', op: 'IpAddress', key: 'aws:SourceIP', values: '10.0.0.0/8', keys: { 'aws:sourceip': '10.0.0.1' }, want: true },
]

t.test('IpAddress / NotIpAddress', (t) => {
  table(t, rows)
  t.end()
})
