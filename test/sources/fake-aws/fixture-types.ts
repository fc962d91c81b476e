// The fake AWS's data model: a small organization as plain JSON (documents are JSON objects; the fake encodes them
// the way each real API returns them: URL-encoded from IAM, JSON text from the others).

export type Doc = Record<string, unknown>

export interface FixturePrincipalPolicies {
  /** Inline policies by name. */
  inline?: Record<string, Doc>
  /** ARNs of attached managed policies. */
  attached?: string[]
}

export interface FixtureUser extends FixturePrincipalPolicies {
  name: string
  path?: string
  groups?: string[]
  boundary?: string
  tags?: Record<string, string>
}

export interface FixtureGroup extends FixturePrincipalPolicies {
  name: string
  path?: string
}

export interface FixtureRole extends FixturePrincipalPolicies {
  name: string
  path?: string
  trust: Doc
  boundary?: string
  tags?: Record<string, string>
}

export interface FixtureManagedPolicy {
  name: string
  path?: string
  defaultVersion: string
  versions: Record<string, Doc>
}

export interface FixtureAccount {
  users?: FixtureUser[]
  groups?: FixtureGroup[]
  roles?: FixtureRole[]
  /** Customer managed policies of this account. */
  policies?: FixtureManagedPolicy[]
  keys?: Array<{ id: string; policy: Doc; aliases?: string[]; tags?: Record<string, string> }>
  buckets?: Array<{ name: string; policy?: Doc }>
  queues?: Array<{ name: string; policy?: Doc }>
  topics?: Array<{ name: string; policy?: Doc }>
  functions?: Array<{ name: string; policy?: Doc }>
  secrets?: Array<{ name: string; suffix: string; policy?: Doc }>
}

export interface FixtureOrgPolicy {
  id: string
  name: string
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY'
  awsManaged?: boolean
  document: Doc
}

export interface FixtureOrganization {
  id: string
  managementAccountId: string
  root: { id: string; name: string }
  ous: Array<{ id: string; name: string; parentId: string }>
  accounts: Array<{ id: string; name: string; parentId: string }>
  policies: FixtureOrgPolicy[]
  /** Target id (root, OU or account) → attached policy ids. */
  attachments: Record<string, string[]>
}

export interface Fixture {
  region: string
  /** The account of the base (non-assumed) credentials. */
  homeAccount: string
  /** Roles of this name may be assumed in every account (IAMDX_ASSUME_ROLE_NAME), as may any role in the fixture. */
  readerRoleName: string
  organization?: FixtureOrganization
  /** AWS managed policies (arn:aws:iam::aws:policy/<path><name>). */
  awsManagedPolicies: FixtureManagedPolicy[]
  accounts: Record<string, FixtureAccount>
}
