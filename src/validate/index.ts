// Policy validation: a policy document judged for one kind of policy, with IAM Access Analyzer's severities
// (error, securityWarning, warning, suggestion) and JSON Pointer paths into the document. Pure.
//
//   validatePolicy(document, policyType, catalog)     → Finding[] (sorted: severity, then place)
//   validateDocument(document, policyType, catalog)   → { findings, size } (size: the quota report)
//   VALIDATION_CODES                                  the codes added to src/policy's grammar codes, with severity

export type { Finding, Severity, SizeReport, ValidatePolicyType, ValidationResult } from './types.js'
export { SEVERITIES } from './types.js'
export { VALIDATION_CODES, type ValidationCode } from './codes.js'
export { validateDocument, validatePolicy } from './validate-policy.js'
export { comparePointers } from './finding-list.js'
