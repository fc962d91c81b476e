// The normalized policy model. src/policy turns any accepted JSON shape of a policy document into this
// form once; the engine compiles it into matchers. Names follow AWS's grammar
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).

export type Effect = 'Allow' | 'Deny'
export type PolicyVersion = '2012-10-17' | '2008-10-17' | null

/** A problem found in a document. `path` is a JSON Pointer into the document (`/Statement/1/Effect`). */
export interface PolicyFinding {
  severity: 'error' | 'warning'
  code: string
  message: string
  path: string
}

/** Principal / NotPrincipal, with every value as written (strings, single values made arrays). */
export interface Principals {
  /** `"Principal": "*"` or `{"AWS": "*"}`. */
  any: boolean
  aws: string[]
  service: string[]
  federated: string[]
  canonicalUser: string[]
}

/** One key under one operator: `{"StringLike": {"aws:username": ["a", "b"]}}` gives one Condition. */
export interface Condition {
  /** As written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string
  /** Canonical base operator name without prefix or IfExists, e.g. `StringLike`. */
  base: string
  ifExists: boolean
  set: 'ForAllValues' | 'ForAnyValue' | null
  /** Key as written; compare keys lower-cased (key names are case-insensitive). */
  key: string
  /** Policy values as strings (JSON true → "true", 10 → "10"); always an array. */
  values: string[]
  /** JSON Pointer of this key inside the document. */
  path: string
}

export interface Statement {
  index: number
  sid?: string
  effect: Effect
  /** Action patterns, lower-cased. Exactly one of action / notAction is set. */
  action?: string[]
  notAction?: string[]
  /** Resource patterns as written (case-sensitive). At most one of resource / notResource is set;
   *  neither is set in documents that may omit it (trust policies). */
  resource?: string[]
  notResource?: string[]
  principal?: Principals
  notPrincipal?: Principals
  conditions: Condition[]
  /** JSON Pointer of the statement (`/Statement/0`, or `/Statement` when Statement is a single object). */
  path: string
}

export interface Policy {
  version: PolicyVersion
  id?: string
  statements: Statement[]
  /** Hash of the document's content: two documents with the same hash are the same policy. */
  hash: string
}

export interface ParseResult {
  /** null when any finding has severity 'error'. */
  policy: Policy | null
  findings: PolicyFinding[]
}
