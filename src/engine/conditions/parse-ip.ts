// IPv4 / IPv6 addresses and CIDR blocks for IpAddress / NotIpAddress (§5.6, OPS), parsed by hand without
// allocating: an address is written into a caller's Uint32Array (IPv4: word 0; IPv6: words 0-3).
// IPv6 accepts `::` compression and a dotted IPv4 tail (`::ffff:192.0.2.1`); an IPv4-mapped address
// (::ffff:a.b.c.d) is read as the IPv4 address, so it matches IPv4 blocks. Zone ids (`%eth0`) and brackets
// are not accepted.

export const INVALID = 0
export const V4 = 4
export const V6 = 6
export type IpKind = typeof INVALID | typeof V4 | typeof V6

const groups = new Uint32Array(8)

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 97 && c <= 102) return c - 87
  if (c >= 65 && c <= 70) return c - 55
  return -1
}

/** Dotted-quad IPv4 in s[start, end) as an unsigned 32-bit number, or -1. */
function parseV4(s: string, start: number, end: number): number {
  let parts = 0
  let cur = 0
  let digits = 0
  let acc = 0
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      cur = cur * 10 + (c - 48)
      if (++digits > 3 || cur > 255) return -1
    } else if (c === 46 /* . */) {
      if (digits === 0 || parts === 3) return -1
      acc = acc * 256 + cur
      parts++
      cur = 0
      digits = 0
    } else return -1
  }
  if (digits === 0 || parts !== 3) return -1
  return acc * 256 + cur
}

/** IPv6 in s[0, end) into out[0..3]; false when invalid. */
function parseV6(s: string, end: number, out: Uint32Array): boolean {
  if (end < 2) return false
  let g = 0
  let gap = -1 // index in `groups` where `::` stands
  let i = 0
  if (s.charCodeAt(0) === 58 /* : */) {
    if (s.charCodeAt(1) !== 58) return false
    gap = 0
    i = 2
  }
  while (i < end) {
    let j = i
    let val = 0
    let h: number
    while (j < end && (h = hexValue(s.charCodeAt(j))) >= 0) {
      val = val * 16 + h
      j++
    }
    if (j < end && s.charCodeAt(j) === 46 /* . */) {
      // Dotted IPv4 tail: the last 32 bits.
      if (g > 6) return false
      const v4 = parseV4(s, i, end)
      if (v4 < 0) return false
      groups[g++] = v4 >>> 16
      groups[g++] = v4 & 0xffff
      i = end
      break
    }
    const len = j - i
    if (len === 0 || len > 4 || g >= 8) return false
    groups[g++] = val
    if (j === end) break
    if (s.charCodeAt(j) !== 58) return false
    j++
    if (j < end && s.charCodeAt(j) === 58) {
      if (gap >= 0) return false
      gap = g
      j++
    } else if (j === end) return false // a single trailing colon
    i = j
  }
  if (gap >= 0) {
    if (g > 7) return false // `::` stands for at least one group
    const tail = g - gap
    for (let k = 7; k >= 8 - tail; k--) groups[k] = groups[gap + tail - (8 - k)]
    for (let k = gap; k < 8 - tail; k++) groups[k] = 0
  } else if (g !== 8) return false
  for (let k = 0; k < 4; k++) out[k] = ((groups[2 * k] << 16) | groups[2 * k + 1]) >>> 0
  return true
}

/** Parse an address (no prefix) in s[0, end) into `out`. */
export function parseIpInto(s: string, out: Uint32Array, end = s.length): IpKind {
  // An IPv6 address always has a colon; check the first five characters ("ffff:" / "1.2.3").
  let colon = false
  for (let i = 0; i < end && i < 5; i++) {
    if (s.charCodeAt(i) === 58) {
      colon = true
      break
    }
  }
  if (!colon) {
    const v4 = parseV4(s, 0, end)
    if (v4 < 0) return INVALID
    out[0] = v4
    return V4
  }
  if (!parseV6(s, end, out)) return INVALID
  if (out[0] === 0 && out[1] === 0 && out[2] === 0xffff) {
    out[0] = out[3] // IPv4-mapped: read as IPv4
    return V4
  }
  return V6
}

export interface Cidr {
  /** As written in the policy. */
  source: string
  kind: typeof V4 | typeof V6
  /** Network words with host bits cleared, and the mask (IPv4 uses word 0 only). */
  net: Uint32Array
  mask: Uint32Array
}

function maskWord(bits: number): number {
  if (bits <= 0) return 0
  if (bits >= 32) return 0xffffffff
  return (0xffffffff << (32 - bits)) >>> 0
}

/**
 * A CIDR block, or an address alone (a single-address block: /32 for IPv4 (OPS); /128 for IPv6 — the
 * IPv6 default is §5.6 UNCONFIRMED, /128 is the only reading under which a bare address means itself).
 * Host bits set under the prefix are ignored (`10.0.0.1/8` is 10.0.0.0/8). null when invalid.
 */
export function parseCidr(s: string): Cidr | null {
  const slash = s.indexOf('/')
  const end = slash < 0 ? s.length : slash
  const addr = new Uint32Array(4)
  const written = parseIpInto(s, addr, end)
  if (written === INVALID) return null
  // An IPv4-mapped block (::ffff:a.b.c.d/n) was read as IPv4; its prefix counts from bit 96.
  const mapped = written === V4 && s.lastIndexOf(':', end) >= 0
  let prefix: number
  if (slash < 0) prefix = mapped ? 128 : written === V4 ? 32 : 128
  else {
    const p = s.slice(slash + 1)
    if (!/^\d{1,3}$/.test(p)) return null
    prefix = Number(p)
    if (prefix > (written === V4 && !mapped ? 32 : 128)) return null
  }
  let kind: typeof V4 | typeof V6 = written
  if (mapped) {
    if (prefix >= 96) prefix -= 96
    else {
      // A block wider than the mapped range stays IPv6 (IPv4 requests do not fall in it).
      kind = V6
      addr[3] = addr[0]
      addr[0] = 0
      addr[1] = 0
      addr[2] = 0xffff
    }
  }
  const mask = new Uint32Array(4)
  const net = new Uint32Array(4)
  const words = kind === V4 ? 1 : 4
  for (let k = 0; k < words; k++) {
    mask[k] = maskWord(prefix - 32 * k)
    net[k] = (addr[k] & mask[k]) >>> 0
  }
  return { source: s, kind, net, mask }
}

/** Is the address in `addr` (of kind `kind`) inside `cidr`? */
export function cidrContains(cidr: Cidr, kind: IpKind, addr: Uint32Array): boolean {
  if (cidr.kind !== kind) return false
  const { net, mask } = cidr
  if (kind === V4) return ((addr[0] & mask[0]) >>> 0) === net[0]
  return (
    ((addr[0] & mask[0]) >>> 0) === net[0] &&
    ((addr[1] & mask[1]) >>> 0) === net[1] &&
    ((addr[2] & mask[2]) >>> 0) === net[2] &&
    ((addr[3] & mask[3]) >>> 0) === net[3]
  )
}
