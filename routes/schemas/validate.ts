// Wire schemas of POST /v1/validate (API.md): a policy document and its kind in, findings with Access
// Analyzer's severities out. They are validation, TypeScript types and the OpenAPI document at once.
import { Type, type Static, type TSchema } from '@sinclair/typebox'

/** A $ref to a shared schema (registered with app.addSchema) that keeps its static type. */
const RefTo = <T extends TSchema>(schema: T, options: Record<string, unknown> = {}) => Type.Unsafe<Static<T>>(Type.Ref(schema.$id!, options))

export const VALIDATE_POLICY_TYPES = ['identity', 'resource', 'scp', 'rcp', 'permissionsBoundary', 'trust', 'session', 'vpcEndpoint'] as const

export const ValidatePolicyTypeSchema = Type.Union(
  VALIDATE_POLICY_TYPES.map((t) => Type.Literal(t)),
  {
    description:
      'The kind of document: identity (a user, group or role policy), resource (a bucket, queue, topic, key… policy), scp, rcp, ' +
      'permissionsBoundary, trust (a role trust policy), session (a session policy passed to AssumeRole or GetFederationToken), ' +
      'vpcEndpoint (a VPC endpoint policy). The kind decides which elements are allowed and which size quota applies.',
  },
)

export const ValidationFindingSchema = Type.Object(
  {
    severity: Type.Union([Type.Literal('error'), Type.Literal('securityWarning'), Type.Literal('warning'), Type.Literal('suggestion')], {
      description:
        'IAM Access Analyzer\'s finding types. error: AWS would refuse the document (grammar, an element the kind does not allow, a hard size quota). ' +
        'securityWarning: it grants more than it seems to. warning: AWS saves it but part of it does not work as written (an unknown action or ' +
        'condition key, a value the operator cannot read, a resource none of the actions acts on). suggestion: it works, but could be simpler or clearer.',
    }),
    code: Type.String({
      description:
        'Stable code. Grammar findings use the parser\'s kebab-case codes (invalid-effect, principal-not-allowed, …); the other checks use ' +
        'Access Analyzer-style codes (UNKNOWN_ACTION, RESOURCE_MATCHES_NO_ACTION, PASS_ROLE_WITH_STAR_IN_RESOURCE, …).',
      examples: ['RESOURCE_MATCHES_NO_ACTION'],
    }),
    message: Type.String({ description: 'What is wrong and what to do about it.' }),
    path: Type.String({ description: "JSON Pointer into the document ('' is the whole document).", examples: ['/Statement/0/Resource'] }),
  },
  { $id: 'ValidationFinding', title: 'ValidationFinding', additionalProperties: false },
)

export const SizeReportSchema = Type.Object(
  {
    chars: Type.Integer({ description: 'Characters of the text measured.' }),
    nonWhitespace: Type.Integer({ description: 'Characters other than white space.' }),
    bytes: Type.Integer({ description: 'UTF-8 bytes.' }),
    measured: Type.Union([Type.Literal('asGiven'), Type.Literal('compact')], {
      description: 'asGiven: the document string as sent; compact: the JSON of a document given as an object, without white space.',
    }),
    limit: Type.Union([Type.Integer(), Type.Null()], { description: 'The quota of this kind of document; null when not known (most resource policies).' }),
    unit: Type.Union([Type.Literal('characters'), Type.Literal('nonWhitespaceCharacters'), Type.Literal('bytes')], {
      description: 'What the quota counts: IAM ignores white space; Organizations and VPC endpoint policies count every character sent; services count bytes.',
    }),
    size: Type.Integer({ description: 'The size in the quota\'s unit.' }),
    note: Type.String(),
  },
  { additionalProperties: false },
)

const Document = Type.Unknown({
  description:
    'The policy document: a JSON object, the JSON string AWS APIs return, or the URL-encoded JSON string of IAM GetPolicyVersion. ' +
    'A document that is not even JSON is judged too: the answer is a 200 with error findings.',
})

export const ValidateBodySchema = Type.Object(
  { document: Document, policyType: ValidatePolicyTypeSchema },
  { additionalProperties: false },
)

export const ValidateResponseSchema = Type.Object(
  {
    findings: Type.Array(RefTo(ValidationFindingSchema), { description: 'Sorted by severity (error first), then by place in the document.' }),
    size: SizeReportSchema,
    catalogVersion: Type.String({ description: 'Version of the service authorization reference the actions, resources and condition keys were checked against.' }),
  },
  { $id: 'ValidateResponse', title: 'ValidateResponse', additionalProperties: false },
)

export type ValidateBody = Static<typeof ValidateBodySchema>
export type ValidateResponse = Static<typeof ValidateResponseSchema>

/** Shared schemas registered with app.addSchema so $refs resolve and OpenAPI lists them once. */
export const validateSharedSchemas = [ValidationFindingSchema, ValidateResponseSchema]
