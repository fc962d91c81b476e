// Text for ConditionTrace.reason: why a condition held or not, for a person.
import type { OperatorFamily, OperatorInfo } from './types.js'
import { UNREADABLE } from './types.js'

/** At most this many request values are described one by one. */
const MAX_DESCRIBED = 10

const UNQUOTED: ReadonlySet<OperatorFamily> = new Set(['IpAddress', 'Numeric', 'Date'])

const plain = (s: string): string => s
const quoted = (s: string): string => `'${s}'`

export function quoter(family: OperatorFamily): (s: string) => string {
  return UNQUOTED.has(family) ? plain : quoted
}

/** How one request value compared with the policy values (find result `r`). */
export function describeValue(
  v: string,
  r: number,
  policyValues: string[],
  info: OperatorInfo,
  unreadable: (v: string) => string,
): string {
  const q = quoter(info.family)
  if (r === UNREADABLE) return unreadable(v)
  if (r >= 0) return `${q(v)} ${info.relation} ${q(policyValues[r])}`
  if (policyValues.length === 0) return `no policy value to compare ${q(v)} with`
  const list = policyValues.length === 1 ? q(policyValues[0]) : `any of ${policyValues.map(q).join(', ')}`
  return `${q(v)} ${info.relationNot} ${list}`
}

export function describeMany(parts: string[]): string {
  if (parts.length <= MAX_DESCRIBED) return parts.join('; ')
  return `${parts.slice(0, MAX_DESCRIBED).join('; ')}; … (${parts.length - MAX_DESCRIBED} more)`
}

export function truth(b: boolean): string {
  return b ? 'true' : 'false'
}
