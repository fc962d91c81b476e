// The document to validate, read once: its grammar findings for the policy type, the normalized policy the
// catalog checks run on, the raw JSON (for exact JSON Pointers) and the text whose size AWS would count.

import { decodePolicyInput, parsePolicy, type Policy, type PolicyFinding, type PolicyType } from '../policy/index.js'

export interface LoadedDocument {
  /** src/policy's findings for the document read as `policyType`. */
  grammar: PolicyFinding[]
  /**
   * The normalized policy for the catalog and security checks: the typed parse's, or, when only the rules of
   * the policy type failed (a Principal in an identity policy), the untyped parse's, so that the document's
   * other problems are reported in the same answer. null when the document itself is malformed.
   */
  policy: Policy | null
  /** The decoded document when it is a JSON object. */
  raw: Record<string, unknown> | null
  /** The text to measure: as given (a string input), or the compact JSON of an object input. */
  text: string
  measured: 'asGiven' | 'compact'
  /** Compact JSON of the document (no white space outside strings). */
  compact: string
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The JSON text a string input stands for: itself, or its URL-decoded form (IAM GetPolicyVersion). */
function textOf(input: string): string {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  try {
    JSON.parse(text)
    return text
  } catch {
    try {
      return decodeURIComponent(text)
    } catch {
      return text
    }
  }
}

export function loadDocument(input: unknown, policyType: PolicyType): LoadedDocument {
  const typed = parsePolicy(input, { policyType })
  let policy = typed.policy
  const decoded = decodePolicyInput(input)
  let raw: Record<string, unknown> | null = null
  let compact = ''
  if (decoded.ok) {
    compact = decoded.canonical
    try {
      const value = decoded.value()
      if (isObject(value)) raw = value
    } catch {
      raw = null
    }
  }
  if (!policy && raw) {
    // Errors that only the policy type's rules raise leave an untyped parse that succeeds.
    policy = parsePolicy(raw).policy
  }
  const isText = typeof input === 'string'
  const text = isText ? (decoded.ok ? textOf(input) : input) : compact
  return {
    grammar: typed.findings,
    policy,
    raw,
    text,
    measured: isText ? 'asGiven' : 'compact',
    compact: decoded.ok ? compact : text,
  }
}
