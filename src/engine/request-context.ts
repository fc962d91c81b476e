// The request as the engine sees it: principal parsed, action lower-cased, context keys normalized.
// Built once per request by context.ts (derived keys filled in) and read by every matcher.

/** A request context key's values, normalized to strings (true → "true", 5 → "5"). */
export interface ContextEntry {
  /** The key's name as the caller wrote it. */
  key: string
  values: string[]
  /** Given as an array (a multivalued key such as aws:TagKeys). */
  multi: boolean
}

export type PrincipalKind =
  | 'root'
  | 'user'
  | 'role' // an IAM role ARN given as the caller (rare: callers are sessions), or a service-linked role
  | 'assumedRole' // arn:aws:sts::acct:assumed-role/RoleName/SessionName
  | 'federatedUser' // arn:aws:sts::acct:federated-user/Name (GetFederationToken)
  | 'service' // lambda.amazonaws.com
  | 'identityProvider' // SAML/OIDC provider ARN or a web identity provider (accounts.google.com): the caller
  //                      of sts:AssumeRoleWithSAML / AssumeRoleWithWebIdentity, matched by Principal.Federated
  | 'anonymous'

export interface ParsedPrincipal {
  /** As given. */
  arn: string
  kind: PrincipalKind
  partition: string
  /** 12-digit account; '' for service principals and anonymous. */
  account: string
  /** IAM path of a user/role, '/' when none ('' when unknown, e.g. a session ARN's role). */
  path: string
  /** User, role or federated-user name; for assumedRole the role name. */
  name: string
  /** assumedRole: the session name. */
  sessionName?: string
  /** For sessions of a role: the role's ARN (path as known; from aws:PrincipalArn when the caller gave it). */
  roleArn?: string
  /** Service principal: the full name, e.g. `lambda.amazonaws.com`. */
  service?: string
  /** True for roles under /aws-service-role/ (service-linked roles, exempt from SCPs and RCPs). */
  serviceLinked: boolean
}

/** Read access to the request's context keys by lower-cased name (a Map satisfies it). */
export interface ContextKeys {
  get(keyLower: string): ContextEntry | undefined
  has(keyLower: string): boolean
}

export interface RequestContext {
  principal: ParsedPrincipal
  /** Lower-cased `service:action`. */
  action: string
  /** As given, e.g. `s3:GetObject`. */
  actionAsGiven: string
  /** Service prefix, lower-cased. */
  service: string
  resource: string
  resourceAccount: string
  /** Context keys by lower-cased name (derived keys included). */
  keys: ContextKeys
  /** Resolves a single-valued key for policy variables (multivalued keys are not variables, SVMV). */
  resolve(keyLower: string): string | undefined
}
