// IP address family: IpAddress / NotIpAddress against IPv4 and IPv6 CIDR blocks (§5.6, OPS). No policy
// variables: OPS states "You can not use a policy variable with the IpAddress condition operator" (§5.11
// UNCONFIRMED item, checked), so `${...}` in an IP policy value is simply an invalid CIDR.
import { V4, cidrContains, parseCidr, parseIpInto, type Cidr, type IpKind } from './parse-ip.js'
import { NO_MATCH, UNREADABLE, staticView, type ValueMatcher } from './types.js'

/** The last request address read (every IP condition of a request reads the same aws:SourceIp). */
const scratch = new Uint32Array(4)
let lastText: string | null = null
let lastKind: IpKind = 0

/** Parse a request address into `scratch`, reusing the previous result for the same text. */
function readRequestIp(v: string): IpKind {
  if (v === lastText) return lastKind
  lastKind = parseIpInto(v, scratch)
  lastText = v
  return lastKind
}

function notAnIp(v: string): string {
  return `not a valid IP address: '${v}'`
}

function notACidr(v: string): string {
  return `not a valid CIDR block or IP address: '${v}'`
}

export function ipIssue(v: string): string | undefined {
  return parseCidr(v) === null ? notACidr(v) : undefined
}

export function compileIp(values: string[]): ValueMatcher {
  const blocks = values.map(parseCidr)
  const view = staticView(values, values.filter((_, i) => blocks[i] === null).map(notACidr))
  const valid = blocks.map((b, i) => [b, i] as const).filter((x): x is readonly [Cidr, number] => x[0] !== null)
  const cidrs = valid.map((x) => x[0])
  const index = valid.map((x) => x[1])
  let find: ValueMatcher['find']
  if (cidrs.length === 1 && cidrs[0].kind === V4) {
    const { net, mask } = cidrs[0]
    const n0 = net[0]
    const m0 = mask[0]
    const i0 = index[0]
    find = (v) => {
      const kind = readRequestIp(v)
      if (kind === 0) return UNREADABLE
      return kind === V4 && ((scratch[0] & m0) >>> 0) === n0 ? i0 : NO_MATCH
    }
  } else {
    find = (v) => {
      const kind = readRequestIp(v)
      if (kind === 0) return UNREADABLE
      for (let i = 0; i < cidrs.length; i++) if (cidrContains(cidrs[i], kind, scratch)) return index[i]
      return NO_MATCH
    }
  }
  return { find, policy: () => view, unreadable: notAnIp }
}
