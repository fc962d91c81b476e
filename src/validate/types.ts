// The shapes of policy validation: findings in IAM Access Analyzer's four severities, and the size report.

import type { PolicyType } from '../policy/index.js'

/** Access Analyzer's finding types: ERROR, SECURITY_WARNING, WARNING, SUGGESTION (in that order of weight). */
export type Severity = 'error' | 'securityWarning' | 'warning' | 'suggestion'

export const SEVERITIES: readonly Severity[] = ['error', 'securityWarning', 'warning', 'suggestion']

/** One finding. `path` is a JSON Pointer into the document ('' is the whole document). */
export interface Finding {
  severity: Severity
  code: string
  message: string
  path: string
}

/** The kinds of document POST /v1/validate judges: src/policy's policy types. */
export type ValidatePolicyType = PolicyType

/** How the document's size compares with the quota of its kind (§4.6 of IAM-EVALUATION.md). */
export interface SizeReport {
  /** Characters of the text measured (every character). */
  chars: number
  /** Characters other than white space. */
  nonWhitespace: number
  /** UTF-8 bytes of the text measured. */
  bytes: number
  /** What was measured: the text as given, or (for a JSON object) its compact serialization. */
  measured: 'asGiven' | 'compact'
  /** The quota for this kind of document, or null when it is not known (resource policies of most services). */
  limit: number | null
  /** What the quota counts. */
  unit: 'characters' | 'nonWhitespaceCharacters' | 'bytes'
  /** The size in the quota's unit. */
  size: number
  /** Where the quota comes from, and what it depends on. */
  note: string
}

export interface ValidationResult {
  findings: Finding[]
  size: SizeReport
}
