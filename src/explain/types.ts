// The diagnosis of one request as data (API.md POST /v1/explain): AWS's message, the findings with their
// evidence, and for each finding that has one the narrowest policy change, verified by re-running the engine.
import type { ContextValue, Decision, Layer } from '../engine/index.js'

/** API.md's findings table. */
export type FindingCode =
  | 'EXPLICIT_DENY'
  | 'NO_MATCHING_ALLOW'
  | 'RESOURCE_ARN_MISMATCH'
  | 'ACTION_MISMATCH'
  | 'CONDITION_MISMATCH'
  | 'MISSING_CONTEXT_KEY'
  | 'PRINCIPAL_MISMATCH'
  | 'PERMISSIONS_BOUNDARY_LIMIT'
  | 'SESSION_POLICY_LIMIT'
  | 'SCP_LIMIT'
  | 'RCP_LIMIT'
  | 'CROSS_ACCOUNT_ONE_SIDED'
  | 'KMS_KEY_POLICY_GAP'
  | 'TRUST_POLICY_GAP'
  | 'MISSING_DEPENDENT_ACTION'

export const FINDING_CODES: readonly FindingCode[] = [
  'EXPLICIT_DENY', 'NO_MATCHING_ALLOW', 'RESOURCE_ARN_MISMATCH', 'ACTION_MISMATCH', 'CONDITION_MISMATCH',
  'MISSING_CONTEXT_KEY', 'PRINCIPAL_MISMATCH', 'PERMISSIONS_BOUNDARY_LIMIT', 'SESSION_POLICY_LIMIT', 'SCP_LIMIT',
  'RCP_LIMIT', 'CROSS_ACCOUNT_ONE_SIDED', 'KMS_KEY_POLICY_GAP', 'TRUST_POLICY_GAP', 'MISSING_DEPENDENT_ACTION',
]

/**
 * error: part of why this request is denied. warning: the call may still fail for it (a dependent action).
 * info: does not change this answer, but could change another (a key the request lacks).
 */
export type Severity = 'error' | 'warning' | 'info'

/** A JSON policy statement, as it would be written into the document. */
export type JsonStatement = Record<string, unknown>

export type FixAction = 'addStatement' | 'replaceStatement' | 'addCondition' | 'addPolicy'

/** Where a policy sits in the PolicySet: layer, level (scp/rcp) and index within the layer (and level). */
export interface PolicyLocation {
  layer: Layer
  policyId: string
  /** Index of the policy within its layer (and level); absent for a policy `addPolicy` creates. */
  policyIndex?: number
  level?: number
}

/** The narrowest policy change for a finding, as data, checked by re-evaluating the request with it applied. */
export interface Fix extends PolicyLocation {
  action: FixAction
  /** replaceStatement / addCondition: the index of the statement that `statement` replaces. */
  index?: number
  /** The statement to add, or the whole statement that replaces the one at `index`. */
  statement: JsonStatement
  /** addCondition: the condition block added to the statement (already merged into `statement`). */
  condition?: Record<string, Record<string, string[]>>
  /** For a person: what to change, where. */
  description: string
  /** What else the change allows or exempts (explicit-deny exceptions, broad keys). */
  warning?: string
  /** Always true: a fix is offered only when re-evaluation confirms it. */
  verified: true
  /** The decision with only this fix applied. */
  decisionAfter: Decision
  /** When still denied: the AccessDenied message after the fix (what else remains). */
  remaining?: string
  /** Indices (into `findings`) of the fixes that were applied before this one when it was verified: the plan's
   *  earlier steps. `decisionAfter` is the decision with those and this fix applied. Absent: this fix alone. */
  requires?: number[]
  /** Dependent actions: the requests the fix was verified on (other actions than the one explained). */
  verifiedOn?: { actions: string[]; resource: string }
}

/** A change to the request (not the policies) that would change the answer, checked by re-evaluation. */
export interface RequestChange {
  /** Context keys to give (or change) in the request. */
  context: Record<string, ContextValue>
  description: string
  verified: true
  decisionAfter: Decision
}

export interface ConditionEvidence {
  operator: string
  key: string
  policyValues: string[]
  /** null when the request does not carry the key. */
  requestValues: string[] | null
  reason?: string
}

export interface ResourceEvidence {
  /** The statement's Resource (or NotResource) patterns. */
  patterns: string[]
  requestResource: string
  /** Resource types (and ARN formats) the action acts on, from the Service Authorization Reference. */
  actionResourceTypes: Array<{ resourceType: string; arnFormat: string; required: boolean }>
  /** The resource type of the request's ARN for this action, when the catalog knows it. */
  requestResourceType?: string
  /** The resource type the closest pattern names. */
  patternResourceType?: string
  /** The resource pattern a fix uses: `arn:aws:s3:::bucket/*` for S3 objects, the ARN itself otherwise, `*` for
   *  actions that take no resource. */
  neededPattern: string
  /** How the closest pattern differs from the request's resource. */
  difference: 'resourceType' | 'account' | 'region' | 'partition' | 'case' | 'service' | 'excluded' | 'other'
}

export interface ActionEvidence {
  /** The statement's Action (or NotAction) patterns, as written. */
  patterns: string[]
  requested: string
  /** The requested action exists in the Service Authorization Reference. */
  known: boolean
  /** Actions the patterns probably meant (for typos and wrong prefixes), or close to the requested one. */
  suggestions: string[]
  difference: 'typo' | 'otherService' | 'unknownAction' | 'notCovered' | 'excluded'
}

export interface PrincipalEvidence {
  /** The statement's principals as written (`AWS:arn…`, `Service:…`, `*`). */
  principals: string[]
  requestPrincipal: string
  /** aws:PrincipalArn of the caller (the role ARN for a role session). */
  principalArn?: string
  difference: 'session' | 'rolePath' | 'account' | 'principalType' | 'excluded' | 'other'
}

export interface DependentEvidence {
  /** The dependent actions that are not allowed (one need of the catalog's table, e.g. the KMS actions of EBS
   *  encryption). */
  actions: string[]
  when: string
  source: string
  /** The decision for the first of them on a representative resource. */
  decision: Decision
  resource: string
  /** Patterns the dependent actions are allowed on, when they are allowed on some resources only. */
  allowedOn?: string[]
}

export interface LayerEvidence {
  decision: Decision
  /** scp/rcp: the levels that do not allow. */
  failingLevels?: number[]
  /** The policies of the layer (or level) that were evaluated. */
  policies: string[]
  /** Statements elsewhere that do allow (the side that allows, for one-sided findings). */
  allowedBy?: Array<{ layer: Layer; policyId: string; index: number; sid?: string }>
}

export interface Evidence {
  condition?: ConditionEvidence
  resource?: ResourceEvidence
  action?: ActionEvidence
  principal?: PrincipalEvidence
  dependent?: DependentEvidence
  layer?: LayerEvidence
}

export interface Finding {
  code: FindingCode
  severity: Severity
  /** Absent only for findings about the request itself (an unknown action). */
  layer?: Layer
  level?: number
  policyId?: string
  policyIndex?: number
  /** Statement index within the policy document. */
  index?: number
  sid?: string
  message: string
  evidence?: Evidence
  fix?: Fix
  requestChange?: RequestChange
}

/** Findings whose fixes, applied together, lead to `decisionAfter` (checked by one more evaluation). */
export interface FixPlan {
  /** Indices into `findings`, in the order they were applied. */
  steps: number[]
  decisionAfter: Decision
  /** When still denied: the AccessDenied message after the plan. */
  remaining?: string
}

export interface Diagnosis {
  decision: Decision
  /** AccessDenied text in AWS's enhanced format, or a sentence naming the statements that allow. */
  message: string
  findings: Finding[]
  fixPlan?: FixPlan
}
