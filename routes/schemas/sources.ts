// Wire schemas of the sources routes (API.md "Sources and cache"): the policies in force for a principal with their
// provenance, cache invalidation, and snapshot uploads. OrganizationSnapshot documents iamdx's organization format.
import { Type, type Static, type TSchema } from '@sinclair/typebox'

const RefTo = <T extends TSchema>(id: string, options: Record<string, unknown> = {}) => Type.Unsafe<Static<T>>(Type.Ref(id, options))

const AccountId = Type.String({ pattern: '^[0-9]{12}$', description: 'A 12-digit AWS account id', examples: ['333333333333'] })
const SourceLayer = Type.Union(['identity', 'resource', 'permissionsBoundary', 'session', 'scp', 'rcp'].map((l) => Type.Literal(l)))

export const PrincipalParams = Type.Object(
  {
    arn: Type.String({
      minLength: 1,
      description:
        'The principal, URL-encoded (its slashes as %2F): an IAM user or role ARN, an assumed-role session ARN, an account root ARN or a 12-digit account id.',
      examples: ['arn%3Aaws%3Aiam%3A%3A333333333333%3Arole%2Fservice%2Fapp-role'],
    }),
  },
  { additionalProperties: false },
)

export const PrincipalPoliciesQuery = Type.Object(
  {
    resource: Type.Optional(Type.String({ minLength: 1, description: 'The resource ARN: adds its resource-based policy and the RCPs of its account.' })),
    action: Type.Optional(Type.String({ minLength: 1, description: 'The action (service:Action); with a role ARN as resource, sts:AssumeRole* reads its trust policy.' })),
    resourceAccount: Type.Optional(Type.String({ pattern: '^[0-9]{12}$', description: "The resource's account when its ARN has none (S3); default: the principal's account." })),
    source: Type.Optional(Type.Union([Type.Literal('aws'), Type.Literal('snapshot')], { description: 'Where to read the policies: live from AWS (default) or from the loaded snapshots.' })),
  },
  { additionalProperties: false },
)

export const ProvenanceSchema = Type.Object(
  {
    layer: SourceLayer,
    level: Type.Optional(Type.Integer({ description: 'scp/rcp: 0 = root, then each OU, then the account.' })),
    policyId: Type.String({ description: "The policy's id in policies." }),
    source: Type.Union([Type.Literal('aws'), Type.Literal('snapshot')]),
    arn: Type.String({ description: 'The policy ARN; for an inline policy the ARN of the user, group or role holding it; for a resource policy the resource ARN.' }),
    kind: Type.String({ description: 'inline, managed, scp, rcp, keyPolicy, bucketPolicy, trustPolicy, queuePolicy, topicPolicy, functionPolicy, secretPolicy' }),
    versionId: Type.Optional(Type.String({ description: "A managed policy's default version." })),
    name: Type.Optional(Type.String()),
    via: Type.Optional(Type.String({ description: 'The group a group policy comes from; the root, OU or account an SCP/RCP is attached to.' })),
    fetchedAt: Type.String({ description: 'When it was read from AWS, or when the snapshot was stored (ISO 8601).' }),
    fromCache: Type.Boolean({ description: 'Served from the cache (this replica, Redis, or read by another replica).' }),
  },
  { additionalProperties: false },
)

export const UnavailableSchema = Type.Object(
  {
    what: Type.String(),
    why: Type.Union([Type.Literal('accessDenied'), Type.Literal('notFound'), Type.Literal('throttled'), Type.Literal('budget'), Type.Literal('error')], {
      description: 'budget: the asking caller\'s budget of AWS calls per minute is spent (IAMDX_AWS_CALLS_PER_MINUTE); nothing was asked of AWS.',
    }),
    action: Type.Optional(Type.String({ description: 'The IAM action iamdx needed (see docs/iamdx-minimal-policy.json).' })),
    account: Type.Optional(Type.String()),
    scope: Type.Union([Type.Literal('principal'), SourceLayer], { description: 'principal: the principal itself; else the layer that may lack a policy.' }),
    message: Type.String(),
    retryAfterSeconds: Type.Optional(Type.Integer({ description: 'budget: seconds until the caller may make AWS calls again.' })),
  },
  { additionalProperties: false },
)

export const SourceWarningSchema = Type.Object(
  {
    code: Type.String({ description: 'SESSION_POLICIES_UNKNOWN, MANAGEMENT_ACCOUNT_EXEMPT, SERVICE_LINKED_ROLE_EXEMPT, ACCOUNT_NOT_IN_ORGANIZATION, SCP_NOT_ENABLED, RCP_NOT_ENABLED, SCP_LEVEL_EMPTY, RCP_LEVEL_EMPTY, CACHE_UNAVAILABLE' }),
    message: Type.String(),
  },
  { additionalProperties: false },
)

export const PrincipalPoliciesResponse = Type.Object(
  {
    principal: Type.String(),
    source: Type.Union([Type.Literal('aws'), Type.Literal('snapshot')]),
    policies: RefTo('PolicySet'),
    provenance: Type.Array(ProvenanceSchema),
    unavailable: Type.Array(UnavailableSchema, { description: 'What could not be read: the PolicySet may lack it.' }),
    warnings: Type.Array(SourceWarningSchema),
    context: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]), {
      description: 'Request context keys AWS sets that the source learned: aws:PrincipalOrgID and aws:PrincipalOrgPaths (the principal\'s account in the organization), aws:ResourceOrgID and aws:ResourceOrgPaths (the resource\'s account), aws:PrincipalTag/<key> (the user\'s or role\'s IAM tags), aws:ResourceTag/<key> (a KMS key\'s tags).',
    }),
  },
  { additionalProperties: false, title: 'PrincipalPolicies' },
)

export const InvalidateBody = Type.Object(
  {
    account: Type.Optional(Type.String({ minLength: 1, description: 'A 12-digit account id, `org` for the organization, `aws` for AWS managed policies.' })),
    kind: Type.Optional(Type.String({ minLength: 1, description: 'user, group, role, policy, organization, parents, scpAttachments, rcpAttachments, scp, rcp, keyAlias, keyPolicy, bucketPolicy, queuePolicy, topicPolicy, functionPolicy, secretPolicy' })),
    id: Type.Optional(Type.String({ minLength: 1, description: 'A name (user, group, role), an ARN (policy, resource policies) or an id (scp, rcp, target).' })),
  },
  { additionalProperties: false, examples: [{}, { account: '333333333333', kind: 'role', id: 'app-role' }, { account: 'org', kind: 'scp' }] },
)

export const InvalidateResponse = Type.Object({ deleted: Type.Integer({ minimum: 0, description: 'Cache entries dropped.' }) }, { additionalProperties: false })

export const SnapshotSummarySchema = Type.Object(
  {
    id: Type.String({ description: '12-digit account id, or organization' }),
    storedAt: Type.String(),
    etag: Type.String(),
    counts: Type.Record(Type.String(), Type.Integer()),
    shared: Type.Boolean({ description: 'Written to the shared cache (Redis) too, so every replica answers from it.' }),
  },
  { additionalProperties: false },
)

export const SnapshotPutResponse = Type.Object({ snapshot: SnapshotSummarySchema }, { additionalProperties: false })
export const SnapshotListResponse = Type.Object({ snapshots: Type.Array(SnapshotSummarySchema) }, { additionalProperties: false })

export const AccountParams = Type.Object({ account: AccountId }, { additionalProperties: false })

const Entries = (description: string) => Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description }))

export const AccountSnapshotBody = Type.Object(
  {
    UserDetailList: Entries('Users with UserPolicyList, GroupList, AttachedManagedPolicies, PermissionsBoundary.'),
    GroupDetailList: Entries('Groups with GroupPolicyList and AttachedManagedPolicies.'),
    RoleDetailList: Entries('Roles with AssumeRolePolicyDocument, RolePolicyList, AttachedManagedPolicies, PermissionsBoundary.'),
    Policies: Entries('Managed policies with DefaultVersionId and PolicyVersionList.'),
    ResourcePolicies: Entries(
      'iamdx extension: [{ "Arn": resource ARN, "Policy": document or null (no policy), "Aliases"?: ["alias/x"] and "Tags"?: [{ "TagKey", "TagValue" }] for KMS keys }] — key, bucket, queue, topic, function and secret policies.',
    ),
  },
  {
    additionalProperties: true,
    title: 'AccountSnapshot',
    description:
      'The output of `aws iam get-account-authorization-details` for one account (all pages merged). Documents may be objects (as the CLI prints them), JSON text, or URL-encoded JSON text (as the API returns them).',
  },
)

const PolicyIds = Type.Optional(Type.Array(Type.String({ pattern: '^p-[0-9a-zA-Z_]{8,128}$' }), { description: 'Ids of the SCPs and RCPs attached directly here.' }))

export const OrganizationSnapshotBody = Type.Object(
  {
    id: Type.Optional(Type.String({ description: 'The organization id (o-…).' })),
    managementAccountId: AccountId,
    root: Type.Object({ id: Type.String({ pattern: '^r-[0-9a-z]{4,32}$' }), name: Type.Optional(Type.String()), policies: PolicyIds }, { additionalProperties: false }),
    organizationalUnits: Type.Optional(
      Type.Array(
        Type.Object(
          { id: Type.String({ pattern: '^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$' }), name: Type.Optional(Type.String()), parentId: Type.String({ description: 'The root or an OU.' }), policies: PolicyIds },
          { additionalProperties: false },
        ),
      ),
    ),
    accounts: Type.Array(Type.Object({ id: AccountId, name: Type.Optional(Type.String()), parentId: Type.String({ description: 'The root or an OU.' }), policies: PolicyIds }, { additionalProperties: false })),
    policies: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^p-[0-9a-zA-Z_]{8,128}$' }),
          name: Type.Optional(Type.String()),
          type: Type.Union([Type.Literal('SERVICE_CONTROL_POLICY'), Type.Literal('RESOURCE_CONTROL_POLICY')]),
          arn: Type.Optional(Type.String()),
          document: Type.Unknown({ description: 'The policy document: an object or its JSON text.' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    additionalProperties: false,
    title: 'OrganizationSnapshot',
    description:
      "An organization for the snapshot source: the root, OUs and accounts with their parents and the SCPs/RCPs attached to each, the policies' documents, and the management account (exempt from SCPs and RCPs). A policy type counts as enabled when the root has a policy of that type.",
  },
)

export type PrincipalPoliciesQueryT = Static<typeof PrincipalPoliciesQuery>

export const SourcesUsedSchema = Type.Object(
  {
    source: Type.Union([Type.Literal('aws'), Type.Literal('snapshot')]),
    provenance: Type.Array(ProvenanceSchema, { description: 'Where each policy judged came from.' }),
    unavailable: Type.Array(UnavailableSchema, { description: 'What could not be read: the answer may lack these policies.' }),
    warnings: Type.Array(SourceWarningSchema),
    context: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]), {
      description: 'Context keys the source learned and the request did not carry, added to the request as judged (aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:ResourceOrgID, aws:ResourceOrgPaths, aws:PrincipalTag/<key>, aws:ResourceTag/<key>).',
    }),
  },
  { additionalProperties: false, description: 'Present when `source` was given in place of `policies`: where the policies in force came from.' },
)
export type SourcesUsed = Static<typeof SourcesUsedSchema>
