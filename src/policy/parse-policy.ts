// parsePolicy: any accepted shape of a policy document → the normalized model of types.ts, or findings.

import { checkCharacters, mayHaveDisallowedCharacters } from './charset.js'
import { decodePolicyInput } from './decode.js'
import { describeValue, Findings } from './findings.js'
import { hash64 } from './hash.js'
import { childPointer } from './json-pointer.js'
import { parseStatement, type StatementContext } from './parse-statement.js'
import { isPolicyType, POLICY_TYPES, rulesFor, type PolicyType } from './policy-type.js'
import { closestName } from './suggest.js'
import type { ParseResult, Policy, PolicyVersion, Statement } from './types.js'
import { hasOwn, isObject } from './values.js'

export interface ParseOptions {
  /** The kind of document; enables the rules of that kind. Without it only type-independent rules apply. */
  policyType?: PolicyType
}

export const TOP_LEVEL_ELEMENTS = ['Version', 'Id', 'Statement'] as const

// Only these two versions exist; without Version the document behaves as 2008-10-17 (R4.1.1, VERSION).
const VERSIONS = ['2012-10-17', '2008-10-17']

// Sid in IAM policies: ASCII letters and digits only (R4.1.4, SID; GRAMMAR sid_string).
const SID_CHARACTERS = /^[A-Za-z0-9]*$/

function parseVersion(doc: Record<string, unknown>, findings: Findings): PolicyVersion {
  if (!hasOwn(doc, 'Version')) return null
  const value = doc.Version
  if (value === '2012-10-17' || value === '2008-10-17') return value
  findings.error(
    'invalid-version',
    `Version must be "2012-10-17" or "2008-10-17"; got ${describeValue(value)}. Use "2012-10-17" (the current language version).`,
    '/Version',
  )
  return null
}

function statementEntries(doc: Record<string, unknown>, findings: Findings): Array<[unknown, string]> | undefined {
  if (!hasOwn(doc, 'Statement')) {
    findings.error('missing-statement', 'The policy has no Statement element; add "Statement": [ … ].', '')
    return undefined
  }
  // Statement is one statement object or an array of them (R4.1.2, STATEMENT).
  const value = doc.Statement
  if (Array.isArray(value)) {
    if (value.length === 0) {
      findings.warning('no-statements', 'Statement is an empty array; the policy has no effect.', '/Statement')
    }
    return value.map((s, i): [unknown, string] => [s, `/Statement/${i}`])
  }
  if (isObject(value)) return [[value, '/Statement']]
  findings.error(
    'invalid-statement',
    `Statement must be an object or an array of objects; got ${describeValue(value)}.`,
    '/Statement',
  )
  return undefined
}

function checkSids(statements: Array<[unknown, string]>, findings: Findings): void {
  const seen = new Set<string>()
  for (const [s, path] of statements) {
    if (!isObject(s) || typeof s.Sid !== 'string') continue
    const sid = s.Sid
    const at = childPointer(path, 'Sid')
    if (!SID_CHARACTERS.test(sid)) {
      findings.warning(
        'invalid-sid-characters',
        `Sid ${describeValue(sid)} has characters other than ASCII letters and digits, which IAM policies do not accept (other services may).`,
        at,
      )
    }
    // Sids must be unique within an IAM policy (R4.1.4, SID).
    if (seen.has(sid)) findings.warning('duplicate-sid', `Sid ${describeValue(sid)} is used by an earlier statement.`, at)
    seen.add(sid)
  }
}

/** Parses an already-decoded document whose canonical text is `canonical` (and whose hash is `hash`, if known). */
export function parseDecoded(value: unknown, canonical: string, opts: ParseOptions, hash?: string): ParseResult {
  const findings = new Findings()
  if (!isObject(value)) {
    const hint =
      typeof value === 'string' && value.trimStart().startsWith('{')
        ? ' The text holds a JSON string that itself contains JSON; it looks encoded twice.'
        : ''
    findings.error('not-an-object', `The policy document must be a JSON object; got ${describeValue(value)}.${hint}`, '')
    return { policy: null, findings: findings.list }
  }
  const policyType = opts.policyType
  if (policyType !== undefined && !isPolicyType(policyType)) {
    const known = POLICY_TYPES.join(', ')
    findings.error('invalid-policy-type', `Unknown policy type ${describeValue(policyType)}; use one of ${known}.`, '')
    return { policy: null, findings: findings.list }
  }
  const rules = rulesFor(policyType)

  for (const key of Object.keys(value)) {
    if ((TOP_LEVEL_ELEMENTS as readonly string[]).includes(key)) continue
    const suggestion = closestName(key, TOP_LEVEL_ELEMENTS)
    const hint = suggestion ? ` Did you mean "${suggestion}"? Element names are case-sensitive.` : ''
    findings.error(
      'unknown-element',
      `Unknown top-level element "${key}"; a policy may contain Version, Id and Statement.${hint}`,
      childPointer('', key),
    )
  }
  const version = parseVersion(value, findings)
  let id: string | undefined
  if (hasOwn(value, 'Id')) {
    if (typeof value.Id !== 'string') {
      findings.error('invalid-type', `Id must be a string; got ${describeValue(value.Id)}.`, '/Id')
    } else {
      id = value.Id
      if (rules.idDiscouraged) {
        findings.warning(
          'id-in-identity-policy',
          'The Id element is meant for resource-based policies, not identity-based ones (GRAMMAR).',
          '/Id',
        )
      }
    }
  }

  const statements: Statement[] = []
  const entries = statementEntries(value, findings)
  if (entries) {
    const ctx: StatementContext = { policyType, rules, findings }
    for (let i = 0; i < entries.length; i++) {
      const [s, path] = entries[i]
      if (!isObject(s)) {
        findings.error('statement-not-object', `Each statement must be an object; got ${describeValue(s)}.`, path)
        continue
      }
      const statement = parseStatement(s, i, path, ctx)
      if (statement) statements.push(statement)
    }
    checkSids(entries, findings)
  }
  if (canonical === '' || mayHaveDisallowedCharacters(canonical)) {
    checkCharacters(value, rules.strictCharacters ? 'error' : 'warning', findings)
  }

  if (findings.hasErrors) return { policy: null, findings: findings.list }
  const policy: Policy = { version, statements, hash: hash ?? hash64(canonical) }
  if (id !== undefined) policy.id = id
  return { policy, findings: findings.list }
}

function internalError(e: unknown): ParseResult {
  const detail = e instanceof Error ? e.message : String(e)
  return {
    policy: null,
    findings: [
      { severity: 'error', code: 'internal-error', message: `The policy could not be parsed (${detail}).`, path: '' },
    ],
  }
}

/**
 * Parses a policy document given as an object, a JSON string, or a URL-encoded JSON string. Never throws: every
 * problem is a finding. `policy` is null when any finding is an error.
 */
export function parsePolicy(input: unknown, opts: ParseOptions = {}): ParseResult {
  try {
    const decoded = decodePolicyInput(input)
    if (!decoded.ok) return { policy: null, findings: [decoded.finding] }
    return parseDecoded(decoded.value(), decoded.canonical, opts ?? {})
  } catch (e) {
    return internalError(e)
  }
}

export { internalError as internalErrorResult }
