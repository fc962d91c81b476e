// The decision as data (ARCHITECTURE.md "The decision is data"). The engine returns one plain JSON
// record; explain, diff and the routes read it and never recompute it. Wire names follow API.md.

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny'
export type Layer = 'identity' | 'resource' | 'permissionsBoundary' | 'session' | 'scp' | 'rcp' | 'vpcEndpoint'

/** A context value as callers give it: a string, number, boolean, or an array of them (multivalued keys). */
export type ContextValue = string | number | boolean | Array<string | number | boolean>

/** API.md `Request`. */
export interface Request {
  principal: string
  action: string
  resource: string
  resourceAccount?: string
  context?: Record<string, ContextValue>
}

export interface PolicyInput {
  id?: string
  document: unknown
}

/** API.md `PolicySet`. scp and rcp: one array per level, root first, then each OU, then the account. */
/** A VPC endpoint policy; gateway endpoints (S3, DynamoDB) read an account principal as its root user only (R1.8.4). */
export interface VpcEndpointPolicyInput extends PolicyInput {
  endpointType?: 'Interface' | 'Gateway'
}

export interface PolicySet {
  identity?: PolicyInput[]
  resource?: PolicyInput
  permissionsBoundary?: PolicyInput
  session?: PolicyInput[]
  scp?: PolicyInput[][]
  rcp?: PolicyInput[][]
  vpcEndpoint?: VpcEndpointPolicyInput
}

export interface StatementRef {
  layer: Layer
  policyId: string
  /** Index of the policy within its layer (and level for scp/rcp): identity[2] → 2. */
  policyIndex: number
  level?: number
  /** Statement index within the document. */
  index: number
  sid?: string
  effect: 'Allow' | 'Deny'
}

/** How one element (Action/NotAction, Resource/NotResource, Principal/NotPrincipal) compared. */
export interface ElementMatch {
  matched: boolean
  /** Which element was present: 'Action' | 'NotAction' | 'Resource' | ... ; absent when the element is absent. */
  element?: string
  /** The pattern that matched (for Action/Resource/Principal), or that excluded the request (NotX). */
  pattern?: string
  /** Why nothing matched, for a person. */
  reason?: string
}

/** How one condition (one operator + one key) evaluated. */
export interface ConditionTrace {
  operator: string
  key: string
  /** Policy values after variable substitution (an unresolved variable shows as written). */
  policyValues: string[]
  /** The request's values for the key; null when the key is absent from the request. */
  requestValues: string[] | null
  matched: boolean
  /** Why, for a person: "key absent; IfExists makes it true", "not a valid IP address: 'x'", … */
  reason?: string
  /** Set when a value could not be read as the operator's type (a Bool given "yes", a bad CIDR). */
  issue?: string
}

export interface StatementTrace {
  ref: StatementRef
  matched: boolean
  action: ElementMatch
  resource: ElementMatch
  principal?: ElementMatch
  conditions: ConditionTrace[]
}

export interface LayerTrace {
  layer: Layer
  decision: Decision
  /** scp and rcp: the decision at each level of the hierarchy (0 = root, then each OU, then the account). */
  levels?: Array<{ level: number; decision: Decision }>
  statements: StatementTrace[]
}

export interface EvalIssue {
  code: string
  message: string
  ref?: StatementRef
}

export interface Evaluation {
  decision: Decision
  /** The deny that won, or the allows that carried the request. */
  decidedBy: StatementRef[]
  /** The layer whose verdict decided a denial (for messages); absent when allowed. */
  deniedBy?: { layer: Layer; level?: number; kind: 'explicit' | 'implicit' }
  layers: LayerTrace[]
  missingContextKeys: string[]
  issues: EvalIssue[]
}
