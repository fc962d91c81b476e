// The kinds of policy document, and the grammar rules that depend on the kind.

export type PolicyType =
  | 'identity'
  | 'resource'
  | 'permissionsBoundary'
  | 'session'
  | 'scp'
  | 'rcp'
  | 'trust'
  | 'vpcEndpoint'

export const POLICY_TYPES: readonly PolicyType[] = [
  'identity',
  'resource',
  'permissionsBoundary',
  'session',
  'scp',
  'rcp',
  'trust',
  'vpcEndpoint',
]

export function isPolicyType(value: unknown): value is PolicyType {
  return typeof value === 'string' && (POLICY_TYPES as readonly string[]).includes(value)
}

export interface PolicyTypeRules {
  /** Principal / NotPrincipal are rejected: policies attached to (or passed for) an identity (R4.2.1, PRINCIPAL;
   *  SCPs have no Principal element, SCPSYN). */
  principalForbidden: boolean
  /** Principal or NotPrincipal is required: resource-based policies incl. trust, VPCE, RCP (R4.1.6, R4.2.1). */
  principalRequired: boolean
  /** NotPrincipal is rejected although Principal is allowed: trust policies (R4.2.8, NOTPRINCIPAL) and RCPs (R1.4.5). */
  notPrincipalForbidden: boolean
  /** NotAction is rejected (RCPs: not in the element list, R1.4.5, RCPSYN). */
  notActionForbidden: boolean
  /** Principal must be exactly "*" (RCPs, R1.4.5). */
  principalMustBeWildcard: boolean
  /** What a statement without Resource/NotResource gets: trust policies imply the role (R4.1.6). */
  missingResource: 'error' | 'warning' | 'allowed'
  /** Non-ARN resources: IAM and Organizations reject them; some services accept their own forms in resource
   *  policies (API Gateway's `execute-api:/…`), so there it is only a warning. */
  nonArnResource: 'error' | 'warning'
  /** IAM validates these documents: characters outside tab/LF/CR/U+0020–U+00FF are rejected (R4.1.7, QUOTAS). */
  strictCharacters: boolean
  /** The `Id` element is not meant for identity-based policies (GRAMMAR notes). */
  idDiscouraged: boolean
}

const BASE: PolicyTypeRules = {
  principalForbidden: false,
  principalRequired: false,
  notPrincipalForbidden: false,
  notActionForbidden: false,
  principalMustBeWildcard: false,
  missingResource: 'error',
  nonArnResource: 'error',
  strictCharacters: false,
  idDiscouraged: false,
}

const RULES: Record<PolicyType, PolicyTypeRules> = {
  identity: { ...BASE, principalForbidden: true, strictCharacters: true, idDiscouraged: true },
  permissionsBoundary: { ...BASE, principalForbidden: true, strictCharacters: true, idDiscouraged: true },
  session: { ...BASE, principalForbidden: true, strictCharacters: true, idDiscouraged: true },
  scp: { ...BASE, principalForbidden: true },
  rcp: {
    ...BASE,
    principalRequired: true,
    notPrincipalForbidden: true,
    notActionForbidden: true,
    principalMustBeWildcard: true,
  },
  trust: {
    ...BASE,
    principalRequired: true,
    notPrincipalForbidden: true,
    missingResource: 'allowed',
    strictCharacters: true,
  },
  // Some resource policies omit Resource (the resource is implied, e.g. ECR repository policies; R4.1.6).
  resource: { ...BASE, principalRequired: true, missingResource: 'warning', nonArnResource: 'warning' },
  vpcEndpoint: { ...BASE, principalRequired: true },
}

/** Rules for documents of unknown kind: only the type-independent grammar, lenient where kinds differ. */
const UNTYPED: PolicyTypeRules = { ...BASE, missingResource: 'warning' }

export function rulesFor(policyType: PolicyType | undefined): PolicyTypeRules {
  return policyType === undefined ? UNTYPED : RULES[policyType]
}
