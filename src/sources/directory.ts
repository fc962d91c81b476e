// The Directory: the reads a PolicySource needs, one method per kind of thing, in AWS's own units (a user with its
// inline policies and attachments, a managed policy's default version, an account's path in the organization, the
// policies attached to one target). The AWS source implements it with SDK calls behind the cache; the snapshot
// source with indexes over authorization-details files. collect.ts builds every answer from a Directory, so both
// sources give the same PolicySet by construction, and differ only in how they read.

import type { SourceKind, UnavailableReason } from './ports.js'

/** Why a read failed. `action` is the IAM action iamdx needed (named in AccessDenied reports). */
export interface Failure {
  why: UnavailableReason
  action?: string
  account?: string
  message: string
  /** `budget`: when the caller's AWS budget has room again. */
  retryAfterSeconds?: number
}

export interface InlinePolicy {
  name: string
  /** URL-decoded, parsed JSON; the raw text when it could not be parsed (the engine then reports it). */
  document: unknown
}

export interface AttachedPolicy {
  name: string
  arn: string
}

/** A read that failed inside a record (one inline policy, one list), so the record is partial. */
export interface PartFailure extends Failure {
  what: string
}

export interface UserRecord {
  arn: string
  name: string
  path: string
  boundaryArn?: string
  inline: InlinePolicy[]
  attached: AttachedPolicy[]
  /** The user's IAM tags (aws:PrincipalTag/<key> on its requests). */
  tags?: Record<string, string>
  /** The user's groups, in AWS's order, with their ARNs (which carry the group's path). */
  groups: Array<{ name: string; arn: string }>
  failures: PartFailure[]
}

export interface GroupRecord {
  arn: string
  name: string
  inline: InlinePolicy[]
  attached: AttachedPolicy[]
  failures: PartFailure[]
}

export interface RoleRecord {
  arn: string
  name: string
  path: string
  boundaryArn?: string
  trustPolicy?: unknown
  /** The role's IAM tags (aws:PrincipalTag/<key> on its sessions' requests, unless a session tag overrides one). */
  tags?: Record<string, string>
  inline: InlinePolicy[]
  attached: AttachedPolicy[]
  failures: PartFailure[]
}

/** A managed policy and its default version's document. */
export interface ManagedPolicyRecord {
  arn: string
  name: string
  defaultVersionId: string
  document: unknown
}

/** `none`: the account is not in an organization (Organizations not in use): no SCP/RCP applies. */
export type OrganizationRecord = { none: true } | { none: false; id: string; managementAccountId: string }

export interface OrgNode {
  id: string
  type: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT'
}

export type OrgPolicyType = 'scp' | 'rcp'

/** The policies of one type attached to one target. `enabled: false`: the policy type is not enabled. */
export interface Attachments {
  enabled: boolean
  policies: Array<{ id: string; name: string; arn: string }>
}

export interface OrgPolicyRecord {
  id: string
  name: string
  arn: string
  document: unknown
}

/** A resource-based policy; document null when the resource has none (a bucket without a bucket policy). */
export interface ResourcePolicyRecord {
  arn: string
  document: unknown | null
  /** The resource's tags where iamdx reads them (KMS keys): aws:ResourceTag/<key> on requests to it. */
  tags?: Record<string, string>
  /** The tags could not be read (iamdx may not list them): the policy is still good. */
  tagsFailure?: Failure
}

/** A successful read with where it came from, or a failure. */
export type Fetched<T> = ({ ok: true; value: T } | { ok: false; failure: Failure }) & {
  fetchedAt: string
  fromCache: boolean
  /** The cache backend failed and the read went straight to the origin. */
  cacheDown?: boolean
}

/** What a resource ARN names, for resource-policy reads. */
export type ResourceRef =
  | { kind: 'kmsKey'; arn: string; account: string; region: string; keyId: string }
  | { kind: 'kmsAlias'; arn: string; account: string; region: string; alias: string }
  | { kind: 's3Bucket'; arn: string; account: string; bucket: string }
  | { kind: 'role'; arn: string; account: string; name: string }
  | { kind: 'sqsQueue'; arn: string; account: string; region: string; name: string }
  | { kind: 'snsTopic'; arn: string; account: string; region: string; name: string }
  | { kind: 'lambdaFunction'; arn: string; account: string; region: string; name: string; qualifier?: string }
  | { kind: 'secret'; arn: string; account: string; region: string }

export interface Directory {
  readonly source: SourceKind
  user(account: string, name: string): Promise<Fetched<UserRecord>>
  group(account: string, name: string): Promise<Fetched<GroupRecord>>
  role(account: string, name: string): Promise<Fetched<RoleRecord>>
  /** Read in the account of the principal that has it attached (AWS managed policies are readable anywhere). */
  managedPolicy(account: string, arn: string): Promise<Fetched<ManagedPolicyRecord>>
  /** The organization iamdx reads (through the organization role), or none. */
  organization(): Promise<Fetched<OrganizationRecord>>
  /** Root first, then each OU, then the account itself. notFound: the account is not in the organization. */
  accountPath(account: string): Promise<Fetched<OrgNode[]>>
  attachments(targetId: string, type: OrgPolicyType): Promise<Fetched<Attachments>>
  orgPolicy(policyId: string, type: OrgPolicyType): Promise<Fetched<OrgPolicyRecord>>
  /** The resource-based policy of a resource (the key policy, bucket policy, trust policy, …). */
  resourcePolicy(ref: ResourceRef): Promise<Fetched<ResourcePolicyRecord>>
}
