// The PolicySource port: given a principal (and optionally the resource and action of a request), the policies in
// force, where each came from, and what could not be fetched. Two implementations answer it the same way: the AWS
// source (SDK v3, cached) and the snapshot source (authorization-details files and an organization description).
// Routes import this file for types only (ARCHITECTURE.md); src/sources may not import src/engine, so the PolicySet
// below is declared here with the same shape as src/engine/types.ts (API.md `PolicySet`).

/** One policy as the engine takes it (API.md PolicySet entries). `document` is parsed JSON (URL-decoded). */
export interface SourcePolicy {
  id: string
  document: unknown
}

/** API.md `PolicySet` (structurally the engine's PolicySet). scp/rcp: one array per level, root first. */
export interface SourcePolicySet {
  identity?: SourcePolicy[]
  resource?: SourcePolicy
  permissionsBoundary?: SourcePolicy
  session?: SourcePolicy[]
  scp?: SourcePolicy[][]
  rcp?: SourcePolicy[][]
}

export type SourceKind = 'aws' | 'snapshot'
export type SourceLayer = 'identity' | 'resource' | 'permissionsBoundary' | 'session' | 'scp' | 'rcp'

/** Where one policy of the PolicySet came from. */
export interface Provenance {
  layer: SourceLayer
  /** scp/rcp: the level (0 = root, then each OU, then the account). */
  level?: number
  /** The policy's `id` in the PolicySet. */
  policyId: string
  source: SourceKind
  /** The policy's ARN; for an inline policy, the ARN of the user, group or role that holds it. */
  arn: string
  /** What kind of policy: 'inline', 'managed', 'scp', 'rcp', 'keyPolicy', 'bucketPolicy', 'trustPolicy', … */
  kind: string
  /** A managed policy's default version (v3). */
  versionId?: string
  /** Inline policies: the policy name. Group policies: `group` names the group. */
  name?: string
  /** For a group's policies: the group name. For SCPs/RCPs: the target (root, OU or account id) it is attached to. */
  via?: string
  /** When the document was read from AWS (or when the snapshot was loaded), ISO 8601. */
  fetchedAt: string
  /** True when served from the cache (this process's, Redis, or filled by another replica). */
  fromCache: boolean
}

/** `budget`: iamdx's own budget of AWS calls for the asking caller is spent (the app's admitAwsCall refused it). */
export type UnavailableReason = 'accessDenied' | 'notFound' | 'throttled' | 'budget' | 'error'

/** Something that could not be read, so the PolicySet may lack it. */
export interface Unavailable {
  /** For a person: "inline policy s3-read of role/app", "SCPs attached to ou-ab12-prod0001". */
  what: string
  why: UnavailableReason
  /** The IAM action iamdx needed and was denied (or that failed): `iam:GetRolePolicy`. */
  action?: string
  /** The account the read was made in (the organization's reads: the account of the organization role). */
  account?: string
  /**
   * 'principal' when the principal itself could not be read (nothing in the answer can be trusted),
   * else the layer whose policy is missing.
   */
  scope: 'principal' | SourceLayer
  message: string
  /** `budget`: seconds until the caller's AWS budget has room again. */
  retryAfterSeconds?: number
}

export interface SourceWarning {
  /** Stable: SESSION_POLICIES_UNKNOWN, MANAGEMENT_ACCOUNT_EXEMPT, SERVICE_LINKED_ROLE_EXEMPT, CACHE_UNAVAILABLE, … */
  code: string
  message: string
}

/** What to fetch for. `resource`/`action` are optional: without them only the principal's side is fetched. */
export interface PolicyQuery {
  /** IAM user, role, assumed-role session ARN, or account root (ARN or 12-digit id). */
  principal: string
  resource?: string
  action?: string
  /** The resource's account when its ARN has none (S3); defaults to the principal's account. */
  resourceAccount?: string
}

export interface PolicyAnswer {
  policies: SourcePolicySet
  provenance: Provenance[]
  unavailable: Unavailable[]
  warnings: SourceWarning[]
  /**
   * Request context keys AWS sets on every request of this principal (or to this resource) that the source learned
   * while reading: aws:PrincipalOrgID and aws:PrincipalOrgPaths when the principal's account is in the organization,
   * aws:ResourceOrgID and aws:ResourceOrgPaths for the resource's account (the management account gets the ids only:
   * its path is not read, to keep its diagnosis to the calls it needs), and aws:PrincipalTag/<key> for each IAM tag
   * of the user or role (a role session's own session tags are unknown: see SESSION_POLICIES_UNKNOWN), and
   * aws:ResourceTag/<key> for each tag of a KMS key (other resources' tags are not read).
   */
  context: Record<string, string | string[]>
}

/** A principal string this source cannot resolve to an IAM entity: a value, never an exception. */
export interface QueryError {
  code: 'invalid-principal' | 'unsupported-principal' | 'invalid-resource'
  message: string
  /** JSON Pointer-ish location of the offending input: '/principal', '/resource'. */
  path: string
}

export type PolicyResult = { ok: true; answer: PolicyAnswer } | { ok: false; error: QueryError }

export interface PolicySource {
  readonly kind: SourceKind
  policiesFor(query: PolicyQuery): Promise<PolicyResult>
}

// ---- Snapshots -------------------------------------------------------------------------------------------

/** A located problem in an uploaded snapshot (path: JSON Pointer into the body). */
export interface SnapshotProblem {
  path: string
  message: string
}

export interface SnapshotSummary {
  /** 12-digit account id, or 'organization'. */
  id: string
  /** When it was stored, ISO 8601. */
  storedAt: string
  /** sha-256 of its canonical JSON (hex, first 16 characters). */
  etag: string
  /** Account: users, groups, roles, policies. Organization: accounts, OUs, policies. */
  counts: Record<string, number>
  /** Whether it was written to the shared cache (Redis) too, so other replicas see it. */
  shared: boolean
}

export type SnapshotPutResult = { ok: true; summary: SnapshotSummary } | { ok: false; problems: SnapshotProblem[] }

export interface SnapshotStore {
  /** Stores `aws iam get-account-authorization-details` output for one account (validated). */
  putAccount(accountId: string, details: unknown): Promise<SnapshotPutResult>
  /** Stores the organization description (validated; see routes/schemas/sources.ts for the format). */
  putOrganization(organization: unknown): Promise<SnapshotPutResult>
  /** What is loaded (this process's view, refreshed from the shared cache). */
  list(): Promise<SnapshotSummary[]>
}

// ---- Metrics ---------------------------------------------------------------------------------------------

/**
 * One countable event; the app turns them into Prometheus counters.
 * - cacheHit / cacheMiss: a fetch by kind (user, role, policyVersion, scp, …), served from cache or not;
 * - awsCall: one SDK call by operation (`iam:GetRole`), with its outcome;
 * - lockWait: this replica waited for another replica's fetch (cross-replica single-flight).
 */
export type SourceMetricEvent =
  | { type: 'cacheHit' | 'cacheMiss' | 'lockWait'; kind: string }
  | { type: 'awsCall'; operation: string; outcome: 'ok' | UnavailableReason }

export type SourceMetricsCallback = (event: SourceMetricEvent) => void

// ---- What the app decorates (app.sources) ---------------------------------------------------------------------

/** POST /v1/cache/invalidate: {} all cached AWS reads; {account}; {account, kind}; {account, kind, id} one entry. */
export interface InvalidateRequest {
  account?: string
  kind?: string
  id?: string
}

export type InvalidateResult =
  | { ok: true; deleted: number }
  | { ok: false; code: 'invalid-request'; path: string; message: string }
  | { ok: false; code: 'cache-unavailable'; message: string }

export interface PolicySources {
  /** Absent when the AWS source is turned off (IAMDX_AWS_SOURCE=off). */
  aws?: PolicySource
  snapshot: PolicySource
  snapshots: SnapshotStore
  invalidate(request: InvalidateRequest): Promise<InvalidateResult>
  /** What IAMDX_SNAPSHOT_DIR gave at start (for the start-up log), when it is set. */
  readonly snapshotLoad?: SnapshotDirectoryLoad
  close(): Promise<void>
}

export interface SnapshotDirectoryLoad {
  loaded: SnapshotSummary[]
  failed: Array<{ file: string; problems: SnapshotProblem[] }>
}
