// Every finding code validation adds to src/policy's grammar findings, with its severity. Codes never change
// meaning; messages may be reworded.
//
// Severities follow IAM Access Analyzer's taxonomy, with one rule of our own where Access Analyzer and IAM
// disagree: `error` means AWS would refuse the document (grammar, policy-type rules, a hard size quota).
// A document that AWS saves but that does not do what it seems to (an action or condition key the service
// authorization reference does not know, a value of the wrong type, a resource no action acts on) is a
// `warning`: IAM accepts unknown actions (they simply never match), Access Analyzer's own page lists AWS
// managed policies that carry them, and the reference this service loads may be older than AWS.
// Grammar findings keep src/policy's kebab-case codes; the codes below are in Access Analyzer's style.

import type { Severity } from './types.js'

export const VALIDATION_CODES = {
  // Actions (§4.3) against the service authorization reference [SVCREF]
  UNKNOWN_SERVICE: 'warning',
  UNKNOWN_ACTION: 'warning',
  ACTION_WILDCARD_MATCHES_NOTHING: 'warning',
  // Resources (§4.4) against the actions' resource types and ARN formats
  RESOURCE_MATCHES_NO_ACTION: 'warning',
  ACTION_MATCHES_NO_RESOURCE: 'warning',
  ACTION_NEEDS_STAR_RESOURCE: 'warning',
  // Condition keys and operators (§4.5, §5)
  UNKNOWN_CONDITION_KEY: 'warning',
  CONDITION_KEY_NOT_FOR_ACTIONS: 'warning',
  CONDITION_OPERATOR_TYPE_MISMATCH: 'warning',
  INVALID_CONDITION_VALUE: 'warning',
  WILDCARD_WITHOUT_LIKE_OPERATOR: 'warning',
  MISSING_SET_OPERATOR: 'warning',
  FORANYVALUE_WITH_SINGLE_VALUED_KEY: 'warning',
  FORALLVALUES_WITH_SINGLE_VALUED_KEY: 'securityWarning',
  FORALLVALUES_ALLOW_WITHOUT_NULL_CHECK: 'securityWarning',
  NULL_WITH_SET_OPERATOR: 'suggestion',
  EMPTY_CONDITION_BLOCK: 'suggestion',
  // Size quotas (§4.6)
  POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: 'warning',
  POLICY_SIZE_EXCEEDS_TRUST_POLICY_QUOTA: 'warning',
  POLICY_SIZE_EXCEEDS_SCP_QUOTA: 'error',
  POLICY_SIZE_EXCEEDS_RCP_QUOTA: 'error',
  POLICY_SIZE_EXCEEDS_SESSION_POLICY_QUOTA: 'error',
  POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA: 'error',
  POLICY_SIZE_EXCEEDS_VPC_ENDPOINT_POLICY_QUOTA: 'error',
  POLICY_SIZE_COUNTS_WHITESPACE: 'warning',
  // Overly permissive statements
  ALLOW_WITH_NOT_ACTION: 'securityWarning',
  ALLOW_WITH_NOT_RESOURCE: 'securityWarning',
  ALLOW_ALL_ACTIONS: 'securityWarning',
  PASS_ROLE_WITH_STAR_IN_RESOURCE: 'securityWarning',
  PASS_ROLE_WITH_NOT_RESOURCE: 'securityWarning',
  PUBLIC_PRINCIPAL_WITHOUT_CONDITION: 'securityWarning',
  PUBLIC_PRINCIPAL_WEAK_CONDITION: 'securityWarning',
  // Version, redundancy
  MISSING_VERSION: 'suggestion',
  OLD_VERSION: 'suggestion',
  VARIABLES_NEED_VERSION: 'warning',
  REDUNDANT_ACTION: 'suggestion',
  REDUNDANT_STATEMENT: 'suggestion',
} as const satisfies Record<string, Severity>

export type ValidationCode = keyof typeof VALIDATION_CODES

export function severityOf(code: ValidationCode): Severity {
  return VALIDATION_CODES[code]
}
