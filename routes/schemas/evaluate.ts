// Wire schemas of POST /v1/evaluate and /v1/evaluate/batch (API.md). They are validation, TypeScript types
// and the OpenAPI document at once.
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { SourcesUsedSchema } from './sources.js'

/** A $ref to a shared schema (registered with app.addSchema) that keeps its static type. */
const RefTo = <T extends TSchema>(schema: T, options: Record<string, unknown> = {}) => Type.Unsafe<Static<T>>(Type.Ref(schema.$id!, options))

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()])

export const ContextValue = Type.Union([Scalar, Type.Array(Scalar)], {
  description: 'A string, number or boolean, or an array of them for multivalued keys such as aws:TagKeys.',
})

export const RequestSchema = Type.Object(
  {
    principal: Type.String({
      minLength: 1,
      description: 'IAM user, role, assumed-role session, federated user or account root ARN, a 12-digit account id, a service principal (lambda.amazonaws.com) or an identity provider.',
      examples: ['arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42'],
    }),
    action: Type.String({ minLength: 1, description: 'service-prefix:ActionName', examples: ['s3:GetObject'] }),
    resource: Type.String({ minLength: 1, description: 'The resource ARN, or "*" for actions that take none.', examples: ['arn:aws:s3:::my-bucket/reports/q3.csv'] }),
    resourceAccount: Type.Optional(Type.String({ pattern: '^[0-9]{12}$', description: 'Defaults to the account in the resource ARN, or the principal\'s account where the ARN has none (S3).' })),
    context: Type.Optional(
      Type.Record(Type.String(), ContextValue, {
        description: 'Request context keys (case-insensitive names). Keys AWS derives from the request (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:userid, aws:username, aws:ResourceAccount, aws:RequestedRegion, aws:CurrentTime, aws:EpochTime) are filled in when absent.',
        examples: [{ 'aws:SourceIp': '203.0.113.7', 'aws:TagKeys': ['team', 'env'], 'aws:MultiFactorAuthPresent': true }],
      }),
    ),
  },
  { $id: 'Request', additionalProperties: false, title: 'Request', description: 'A request to be judged.' },
)

const Document = Type.Unknown({
  description: 'A policy document: a JSON object, the JSON string AWS APIs return, or the URL-encoded JSON string of IAM GetPolicyVersion.',
})

export const PolicyInputSchema = Type.Object(
  {
    id: Type.Optional(Type.String({ description: 'Any label; echoed in traces and findings (an ARN is best).' })),
    document: Document,
  },
  { $id: 'PolicyInput', additionalProperties: false },
)
const PolicyInputRef = RefTo(PolicyInputSchema)

export const PolicySetSchema = Type.Object(
  {
    identity: Type.Optional(Type.Array(PolicyInputRef, { description: 'Identity-based policies: the user\'s (with its groups\') or the role\'s.' })),
    resource: Type.Optional(RefTo(PolicyInputSchema, { description: 'The resource-based policy of the resource: bucket, queue, topic, function, secret policy; a KMS key policy; a role trust policy for sts:AssumeRole*.' })),
    permissionsBoundary: Type.Optional(PolicyInputRef),
    session: Type.Optional(Type.Array(PolicyInputRef, { description: 'Session policies passed when the session was created.' })),
    scp: Type.Optional(Type.Array(Type.Array(PolicyInputRef), { description: 'SCPs of the principal\'s account: one array per level, root first, then each OU, then the account. Omit for the management account or outside an organization.' })),
    rcp: Type.Optional(Type.Array(Type.Array(PolicyInputRef), { description: 'RCPs of the resource\'s account, one array per level like scp.' })),
    vpcEndpoint: Type.Optional(
      Type.Object(
        {
          id: Type.Optional(Type.String()),
          document: Document,
          endpointType: Type.Optional(Type.Union([Type.Literal('Interface'), Type.Literal('Gateway')], { description: 'Gateway endpoints (S3, DynamoDB) read an account principal as its root user only. Default Interface.' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'PolicySet', additionalProperties: false, title: 'PolicySet', description: 'The policies in force. An absent layer does not apply.' },
)

export const Decision = Type.Union([Type.Literal('allowed'), Type.Literal('explicitDeny'), Type.Literal('implicitDeny')])
export const LayerName = Type.Union(
  ['identity', 'resource', 'permissionsBoundary', 'session', 'scp', 'rcp', 'vpcEndpoint'].map((l) => Type.Literal(l)),
)

export const StatementRefSchema = Type.Object(
  {
    layer: LayerName,
    policyId: Type.String(),
    policyIndex: Type.Integer({ description: 'Index of the policy in its layer (and level).' }),
    level: Type.Optional(Type.Integer({ description: 'scp/rcp: 0 = root, then each OU, then the account.' })),
    index: Type.Integer({ description: 'Index of the statement in the document.' }),
    sid: Type.Optional(Type.String()),
    effect: Type.Union([Type.Literal('Allow'), Type.Literal('Deny')]),
  },
  { $id: 'StatementRef' },
)

export const ConditionResultSchema = Type.Object({
  operator: Type.String(),
  key: Type.String(),
  policyValues: Type.Array(Type.String()),
  requestValues: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'null when the request lacks the key.' }),
  matched: Type.Boolean(),
  reason: Type.Optional(Type.String()),
  issue: Type.Optional(Type.String()),
})

export const StatementResultSchema = Type.Object({
  policyId: Type.String(),
  policyIndex: Type.Integer(),
  level: Type.Optional(Type.Integer()),
  index: Type.Integer(),
  sid: Type.Optional(Type.String()),
  effect: Type.Union([Type.Literal('Allow'), Type.Literal('Deny')]),
  matched: Type.Boolean(),
  action: Type.Boolean({ description: 'Action/NotAction matched.' }),
  resource: Type.Boolean({ description: 'Resource/NotResource matched (true when the document has none).' }),
  principal: Type.Boolean({ description: 'Principal/NotPrincipal matched (true in policies without one).' }),
  conditions: Type.Boolean({ description: 'Every condition matched.' }),
  reasons: Type.Optional(Type.Array(Type.String(), { description: 'Why each element that did not match did not.' })),
  conditionResults: Type.Optional(Type.Array(ConditionResultSchema)),
})

export const LayerResultSchema = Type.Object({
  layer: LayerName,
  decision: Decision,
  levels: Type.Optional(Type.Array(Type.Object({ level: Type.Integer(), decision: Decision }))),
  statements: Type.Array(StatementResultSchema),
})

export const EvaluateResponseSchema = Type.Object(
  {
    decision: Decision,
    deniedBy: Type.Optional(
      Type.Object(
        {
          layer: LayerName,
          level: Type.Optional(Type.Integer({ description: 'scp/rcp: the level that denied (0 = root, then each OU, then the account).' })),
          kind: Type.Union([Type.Literal('explicit'), Type.Literal('implicit')]),
        },
        { description: 'The layer whose verdict denied.' },
      ),
    ),
    layers: Type.Optional(Type.Array(LayerResultSchema, { description: 'One entry per layer that applies, in AWS\'s order.' })),
    matchedStatements: Type.Optional(Type.Array(RefTo(StatementRefSchema), { description: 'The statements that decided: the denies that won, or the allows that carried the request.' })),
    missingContextKeys: Type.Optional(Type.Array(Type.String())),
    issues: Type.Optional(Type.Array(Type.Object({ code: Type.String(), message: Type.String() }))),
    sources: Type.Optional(SourcesUsedSchema),
  },
  { $id: 'EvaluateResponse', title: 'EvaluateResponse' },
)

export const SourceChoice = Type.Union([Type.Literal('aws'), Type.Literal('snapshot')], {
  description: 'In place of `policies`: gather the policies in force for the request\'s principal and resource live from AWS or from the loaded snapshots (cached); the response lists their provenance under `sources`.',
})

export const EvaluateBodySchema = Type.Object(
  {
    request: RefTo(RequestSchema),
    policies: Type.Optional(RefTo(PolicySetSchema, { description: 'The policies in force; or give `source` instead.' })),
    source: Type.Optional(SourceChoice),
  },
  { additionalProperties: false, description: 'The request, and either the policies in force or a source to gather them from.' },
)

export const BatchBodySchema = Type.Object(
  {
    policies: RefTo(PolicySetSchema),
    requests: Type.Array(RefTo(RequestSchema), { minItems: 1, maxItems: 10000 }),
    detail: Type.Optional(Type.Union([Type.Literal('decision'), Type.Literal('summary'), Type.Literal('full')], { default: 'summary' })),
  },
  { additionalProperties: false },
)

export const BatchResponseSchema = Type.Object({ results: Type.Array(RefTo(EvaluateResponseSchema)) })
export const EvaluateResponseRef = RefTo(EvaluateResponseSchema)

export type EvaluateBody = Static<typeof EvaluateBodySchema>
export type BatchBody = Static<typeof BatchBodySchema>
export type EvaluateResponse = Static<typeof EvaluateResponseSchema>

/** Shared schemas registered with app.addSchema so $refs resolve and OpenAPI lists them once. */
export const evaluateSharedSchemas = [RequestSchema, PolicyInputSchema, PolicySetSchema, StatementRefSchema, EvaluateResponseSchema]
