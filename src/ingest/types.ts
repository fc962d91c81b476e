// What ingest returns: the request the engine judges, derived from what users actually hold (a CloudTrail
// record, an AccessDenied message, a decoded authorization message), with every field that was derived
// rather than read marked, and what could not be recovered listed. [API.md "POST /v1/ingest"]
//
// src/ingest may not import src/engine (ARCHITECTURE.md), so the request shape is restated here. It is the
// same structure as the engine's Request (src/engine/types.ts) and API.md's `Request`; a value of one type
// is a value of the other.

export type IngestLayer = 'identity' | 'resource' | 'permissionsBoundary' | 'session' | 'scp' | 'rcp' | 'vpcEndpoint'
export type IngestDecision = 'allowed' | 'explicitDeny' | 'implicitDeny'

export type IngestContextValue = string | number | boolean | Array<string | number | boolean>

/** API.md `Request` (structurally the engine's Request). */
export interface IngestRequest {
  principal: string
  action: string
  resource: string
  resourceAccount?: string
  context?: Record<string, IngestContextValue>
}

/** One statement a decoded authorization message says matched (its `matchedStatements`). */
export interface ReportedStatement {
  sid: string | null
  effect: string | null
  actions: string[]
  resources: string[]
  /** Unique ids (AIDA…, AROA…:session) as the message gives them, not ARNs. */
  principals: string[]
  principalGroups: string[]
  conditions: Array<{ key: string; values: string[] }>
}

/** What AWS itself said about the cause (API.md "reportedCause"). */
export interface ReportedCause {
  decision: IngestDecision
  /** API.md's layer name for the policy type AWS named; null when AWS named none (or a non-policy cause). */
  layer: IngestLayer | null
  /** The ARN of the denying policy that newer messages append (ARNBLOG); null when absent. */
  policyArn: string | null
  /** AWS's words for the policy type ("service control policy", "the role trust policy", …); null when none. */
  policyTypePhrase: string | null
  /** Decoded authorization messages: the statements AWS says matched. */
  matchedStatements?: ReportedStatement[]
}

/** One record of a CloudTrail file, summarized, when the input held several. */
export interface IngestRecordSummary {
  /** JSON Pointer of the record in the request body. */
  path: string
  eventName: string | null
  eventTime: string | null
  denied: boolean
  /** Index into `requests`, or null when no request could be derived from this record. */
  requestIndex: number | null
  reportedCause: ReportedCause | null
  inferred: string[]
  missing: string[]
  notes: string[]
}

export interface IngestSuccess {
  ok: true
  request: IngestRequest
  /** Every request of a multi-record input, in order (only when the input held more than one record). */
  requests?: IngestRequest[]
  reportedCause?: ReportedCause
  /** JSON Pointers into the response of fields derived rather than read (`/request/resource`). */
  inferred: string[]
  /** What could not be recovered and could change the answer: `context aws:SourceVpce: …`, `resource: …`. */
  missing: string[]
  notes: string[]
  /** Whether the input is a denial (a record of a successful call is accepted and says denied: false). */
  denied: boolean
  /** Multi-record inputs: one summary per record. */
  records?: IngestRecordSummary[]
}

export interface IngestError {
  /** JSON Pointer into the request body (`/cloudTrailEvent/Records/2/userIdentity`). */
  path: string
  message: string
}

export interface IngestFailure {
  ok: false
  errors: IngestError[]
  /** What was recognised in the input, for a person: the caller learns what did parse. */
  recognised: string[]
}

export type IngestResult = IngestSuccess | IngestFailure

/** The three inputs of POST /v1/ingest (and the alternatives to `request` in POST /v1/explain). */
export interface IngestBody {
  cloudTrailEvent?: unknown
  errorMessage?: unknown
  decodedAuthorizationMessage?: unknown
}
