// Wire schemas of POST /v1/explain (API.md): the body, the query (?format=text) and the diagnosis. They are
// validation, TypeScript types and the OpenAPI document at once; the request and policy schemas are those of
// /v1/evaluate, referred to by $id.
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { EvaluateResponseSchema, PolicySetSchema, RequestSchema, SourceChoice } from './evaluate.js'
import { SourcesUsedSchema } from './sources.js'

const RefTo = <T extends TSchema>(schema: T, options: Record<string, unknown> = {}) => Type.Unsafe<Static<T>>(Type.Ref(schema.$id!, options))

const Decision = Type.Union([Type.Literal('allowed'), Type.Literal('explicitDeny'), Type.Literal('implicitDeny')])
const LayerName = Type.Union(['identity', 'resource', 'permissionsBoundary', 'session', 'scp', 'rcp', 'vpcEndpoint'].map((l) => Type.Literal(l)))
const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()])

export const FINDING_CODE_VALUES = [
  'EXPLICIT_DENY', 'NO_MATCHING_ALLOW', 'RESOURCE_ARN_MISMATCH', 'ACTION_MISMATCH', 'CONDITION_MISMATCH',
  'MISSING_CONTEXT_KEY', 'PRINCIPAL_MISMATCH', 'PERMISSIONS_BOUNDARY_LIMIT', 'SESSION_POLICY_LIMIT', 'SCP_LIMIT',
  'RCP_LIMIT', 'CROSS_ACCOUNT_ONE_SIDED', 'KMS_KEY_POLICY_GAP', 'TRUST_POLICY_GAP', 'MISSING_DEPENDENT_ACTION',
  'REPORTED_CAUSE_DISAGREES',
] as const

export const ExplainBodySchema = Type.Object(
  {
    request: Type.Optional(RefTo(RequestSchema, { description: 'The request to explain; or give one of the three inputs below instead.' })),
    cloudTrailEvent: Type.Optional(Type.Unknown({ description: 'A CloudTrail record of the denied call (a record, a {"Records": [...]} file or a lookup-events result), in place of request.' })),
    errorMessage: Type.Optional(Type.String({ description: 'The AccessDenied text the caller saw, in place of request.' })),
    decodedAuthorizationMessage: Type.Optional(Type.Unknown({ description: 'What `aws sts decode-authorization-message` printed (object or JSON string), in place of request.' })),
    policies: Type.Optional(RefTo(PolicySetSchema, { description: 'The policies in force; or give `source` instead.' })),
    source: Type.Optional(SourceChoice),
  },
  { additionalProperties: false, description: 'Exactly one of request, cloudTrailEvent, errorMessage, decodedAuthorizationMessage; and either the policies in force or a source to gather them from.' },
)

export const ExplainQuerySchema = Type.Object(
  {
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('text')], {
        default: 'json',
        description: '`text` returns the same diagnosis as plain text, for terminals and chat tools.',
      }),
    ),
  },
  { additionalProperties: false },
)

const StatementJson = Type.Record(Type.String(), Type.Unknown(), { description: 'A policy statement as JSON.' })

export const FixSchema = Type.Object(
  {
    layer: LayerName,
    policyId: Type.String({ description: 'The policy to change (or, for addPolicy, the id of the new policy).' }),
    policyIndex: Type.Optional(Type.Integer({ description: 'Index of the policy in its layer (and level); absent for addPolicy.' })),
    level: Type.Optional(Type.Integer({ description: 'scp/rcp: 0 = root, then each OU, then the account.' })),
    action: Type.Union([Type.Literal('addStatement'), Type.Literal('replaceStatement'), Type.Literal('addCondition'), Type.Literal('addPolicy')]),
    index: Type.Optional(Type.Integer({ description: 'replaceStatement / addCondition: the statement that `statement` replaces.' })),
    statement: StatementJson,
    condition: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Array(Type.String())), { description: 'addCondition: the block added (already merged into `statement`).' })),
    description: Type.String(),
    warning: Type.Optional(Type.String({ description: 'What else the change allows or exempts.' })),
    verified: Type.Literal(true, { description: 'Re-evaluating the request with the fix applied confirmed it.' }),
    decisionAfter: Decision,
    remaining: Type.Optional(Type.String({ description: 'When still denied: the AccessDenied message after the fix.' })),
    requires: Type.Optional(Type.Array(Type.Integer(), { description: 'Indices of findings whose fixes were applied first when this one was verified (the plan\'s earlier steps).' })),
    verifiedOn: Type.Optional(Type.Object({ actions: Type.Array(Type.String()), resource: Type.String() }, { description: 'Dependent actions: the requests the fix was verified on.' })),
  },
  { description: 'The narrowest policy change, verified by re-evaluation.' },
)

const RequestChangeSchema = Type.Object(
  {
    context: Type.Record(Type.String(), Type.Union([Scalar, Type.Array(Scalar)])),
    description: Type.String(),
    verified: Type.Literal(true),
    decisionAfter: Decision,
  },
  { description: 'A change to the request (not the policies) that changes the answer, verified by re-evaluation.' },
)

const EvidenceSchema = Type.Object({
  condition: Type.Optional(
    Type.Object({
      operator: Type.String(),
      key: Type.String(),
      policyValues: Type.Array(Type.String()),
      requestValues: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'null when the request does not carry the key.' }),
      reason: Type.Optional(Type.String()),
    }),
  ),
  resource: Type.Optional(
    Type.Object({
      patterns: Type.Array(Type.String()),
      requestResource: Type.String(),
      actionResourceTypes: Type.Array(Type.Object({ resourceType: Type.String(), arnFormat: Type.String(), required: Type.Boolean() }), { description: 'From the Service Authorization Reference.' }),
      requestResourceType: Type.Optional(Type.String()),
      patternResourceType: Type.Optional(Type.String()),
      neededPattern: Type.String(),
      difference: Type.String({ description: 'resourceType, account, region, partition, case, service, excluded or other.' }),
    }),
  ),
  action: Type.Optional(
    Type.Object({
      patterns: Type.Array(Type.String()),
      requested: Type.String(),
      known: Type.Boolean(),
      suggestions: Type.Array(Type.String()),
      difference: Type.String({ description: 'typo, otherService, unknownAction, notCovered or excluded.' }),
    }),
  ),
  principal: Type.Optional(
    Type.Object({
      principals: Type.Array(Type.String()),
      requestPrincipal: Type.String(),
      principalArn: Type.Optional(Type.String()),
      difference: Type.String({ description: 'session, rolePath, account, principalType, excluded or other.' }),
    }),
  ),
  dependent: Type.Optional(
    Type.Object({
      actions: Type.Array(Type.String()),
      when: Type.String(),
      source: Type.String(),
      decision: Decision,
      resource: Type.String(),
      allowedOn: Type.Optional(Type.Array(Type.String())),
    }),
  ),
  layer: Type.Optional(
    Type.Object({
      decision: Decision,
      failingLevels: Type.Optional(Type.Array(Type.Integer())),
      policies: Type.Array(Type.String()),
      allowedBy: Type.Optional(Type.Array(Type.Object({ layer: LayerName, policyId: Type.String(), index: Type.Integer(), sid: Type.Optional(Type.String()) }))),
    }),
  ),
})

export const FindingSchema = Type.Object(
  {
    code: Type.Union(FINDING_CODE_VALUES.map((c) => Type.Literal(c))),
    severity: Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')], {
      description: 'error: part of why the request is denied; warning: the call may still fail for it; info: could change another answer.',
    }),
    layer: Type.Optional(LayerName),
    level: Type.Optional(Type.Integer()),
    policyId: Type.Optional(Type.String()),
    policyIndex: Type.Optional(Type.Integer()),
    index: Type.Optional(Type.Integer({ description: 'Statement index in the policy document.' })),
    sid: Type.Optional(Type.String()),
    message: Type.String(),
    evidence: Type.Optional(EvidenceSchema),
    fix: Type.Optional(FixSchema),
    requestChange: Type.Optional(RequestChangeSchema),
  },
  { $id: 'Finding', title: 'Finding' },
)

export const ExplainResponseSchema = Type.Object(
  {
    decision: Decision,
    message: Type.String({ description: 'The AccessDenied text AWS would show (enhanced format naming the policy type), or a sentence naming the statements that allow.' }),
    request: RefTo(RequestSchema, { description: 'The request as judged.' }),
    findings: Type.Array(RefTo(FindingSchema), { description: 'In reading order: explicit denies, then per denying layer its near misses (best first) and its own finding, then dependent actions and notes.' }),
    fixPlan: Type.Optional(
      Type.Object(
        {
          steps: Type.Array(Type.Integer(), { description: 'Indices into findings whose fixes are applied together, in order.' }),
          decisionAfter: Decision,
          remaining: Type.Optional(Type.String()),
        },
        { description: 'One fix per denying layer, applied together and re-evaluated.' },
      ),
    ),
    evaluation: RefTo(EvaluateResponseSchema, { description: 'The full decision record, as POST /v1/evaluate returns it.' }),
    catalogVersion: Type.String({ description: 'Version of the Service Authorization Reference data used.' }),
    sources: Type.Optional(SourcesUsedSchema),
    ingest: Type.Optional(
      Type.Object(
        {
          reportedCause: Type.Union([Type.Null(), Type.Object({}, { additionalProperties: true })], { description: 'What AWS itself said about the cause (as POST /v1/ingest returns it).' }),
          inferred: Type.Array(Type.String(), { description: 'JSON Pointers of request fields derived rather than read.' }),
          missing: Type.Array(Type.String(), { description: 'What the input could not carry and the policies in force would read.' }),
          notes: Type.Array(Type.String()),
          denied: Type.Boolean({ description: 'Whether the input records a denial.' }),
        },
        { description: 'Present when the request was derived from cloudTrailEvent, errorMessage or decodedAuthorizationMessage.' },
      ),
    ),
  },
  { $id: 'ExplainResponse', title: 'ExplainResponse' },
)

export const ExplainResponseRef = RefTo(ExplainResponseSchema)

export type ExplainBody = Static<typeof ExplainBodySchema>
export type ExplainResponse = Static<typeof ExplainResponseSchema>
export type WireFinding = Static<typeof FindingSchema>

/** Shared schemas (app.addSchema) the explain route refers to by $id, besides evaluate's. */
export const explainSharedSchemas = [FindingSchema, ExplainResponseSchema]
