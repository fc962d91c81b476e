// Principal / NotPrincipal (§4.2).

import { childPointer } from './json-pointer.js'
import { describeValue, type Findings } from './findings.js'
import { closestName } from './suggest.js'
import type { Principals } from './types.js'
import { entryPath, isObject, readStringList } from './values.js'

const KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const
type PrincipalKey = (typeof KEYS)[number]
const FIELD: Record<PrincipalKey, 'aws' | 'service' | 'federated' | 'canonicalUser'> = {
  AWS: 'aws',
  Service: 'service',
  Federated: 'federated',
  CanonicalUser: 'canonicalUser',
}

const ACCOUNT_ID = /^\d{12}$/
// Saved role/user ARNs may come back as unique IDs (AIDA…, AROA…; R4.2.7).
const UNIQUE_ID = /^[A-Z0-9]{16,128}$/

function isKnownKey(key: string): key is PrincipalKey {
  return (KEYS as readonly string[]).includes(key)
}

/** Parses a Principal or NotPrincipal value; undefined (with findings) when it is malformed. */
export function parsePrincipal(
  value: unknown,
  path: string,
  element: 'Principal' | 'NotPrincipal',
  findings: Findings,
): Principals | undefined {
  const result: Principals = { any: false, aws: [], service: [], federated: [], canonicalUser: [] }
  if (value === '*') {
    result.any = true
    return result
  }
  if (!isObject(value)) {
    const hint = typeof value === 'string' ? ` Write {"AWS": ${JSON.stringify(value)}} for an account or ARN.` : ''
    findings.error(
      'invalid-principal',
      `${element} must be "*" or an object with keys AWS, Service, Federated or CanonicalUser; got ${describeValue(value)}.${hint}`,
      path,
    )
    return undefined
  }
  const keys = Object.keys(value)
  if (keys.length === 0) {
    findings.error('invalid-principal', `${element} is an empty object; name at least one principal.`, path)
    return undefined
  }
  let ok = true
  for (const key of keys) {
    const keyPath = childPointer(path, key)
    if (!isKnownKey(key)) {
      const suggestion = closestName(key, KEYS)
      const hint = suggestion ? ` Did you mean "${suggestion}"? Principal keys are case-sensitive.` : ''
      findings.error(
        'unknown-principal-key',
        `Unknown ${element} key "${key}"; use AWS, Service, Federated or CanonicalUser.${hint}`,
        keyPath,
      )
      ok = false
      continue
    }
    const raw = value[key]
    const list = readStringList(raw, keyPath, `${element} ${key}`, findings)
    if (!list) {
      ok = false
      continue
    }
    for (let i = 0; i < list.length; i++) {
      const entry = list[i]
      const at = entryPath(raw, keyPath, i)
      if (entry === '*') {
        // {"AWS": "*"} means everyone, like "Principal": "*" (R4.2.2, PRINCIPAL).
        if (key === 'AWS') result.any = true
      } else if (entry.indexOf('*') !== -1) {
        // "*" only specifies everyone/anonymous, never part of a name or ARN (R4.2.5, PRINCIPAL; GRAMMAR
        // principal_id_string). Use "*" with a condition on aws:PrincipalArn instead.
        findings.error(
          'principal-wildcard',
          `${element} ${key} ${JSON.stringify(entry)} has a partial wildcard; "*" may only stand alone for everyone. Use "Principal": "*" with an ArnLike condition on aws:PrincipalArn.`,
          at,
        )
        ok = false
        continue
      } else if (key === 'AWS' && !ACCOUNT_ID.test(entry) && !entry.startsWith('arn:') && !UNIQUE_ID.test(entry)) {
        findings.error(
          'invalid-principal',
          `${element} AWS ${JSON.stringify(entry)} must be a 12-digit account ID, an ARN (arn:aws:iam::123456789012:role/name) or "*".`,
          at,
        )
        ok = false
        continue
      }
      result[FIELD[key]].push(entry)
    }
  }
  return ok ? result : undefined
}
