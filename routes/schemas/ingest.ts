// Wire schemas of POST /v1/ingest (API.md): the body holds exactly one of cloudTrailEvent, errorMessage or
// decodedAuthorizationMessage; the answer is the derived Request with what was inferred and what is missing.
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { LayerName, RequestSchema } from './evaluate.js'

const RefTo = <T extends TSchema>(schema: T, options: Record<string, unknown> = {}) => Type.Unsafe<Static<T>>(Type.Ref(schema.$id!, options))

export const IngestBodySchema = Type.Object(
  {
    cloudTrailEvent: Type.Optional(
      Type.Unknown({
        description:
          'A CloudTrail record of the call (as the console or a log file shows it), a log file {"Records": [...]}, the output of ' +
          '`aws cloudtrail lookup-events` {"Events": [{"CloudTrailEvent": "<record as JSON text>"}]}, an EventBridge event whose ' +
          'detail is a record, or any of these as JSON text. With several records, `request` is the first denied one.',
      }),
    ),
    errorMessage: Type.Optional(
      Type.String({
        maxLength: 100_000,
        description:
          'The AccessDenied message as the caller saw it, with or without what the CLI or an SDK wraps around it ' +
          '("An error occurred (AccessDenied) when calling the GetObject operation: User: … is not authorized to perform: …").',
      }),
    ),
    decodedAuthorizationMessage: Type.Optional(
      Type.Unknown({
        description:
          'What `aws sts decode-authorization-message` printed: the CLI output {"DecodedMessage": "<json>"}, the decoded JSON ' +
          'itself, or either as JSON text.',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'Exactly one of cloudTrailEvent, errorMessage or decodedAuthorizationMessage.',
  },
)

export const ReportedStatementSchema = Type.Object(
  {
    sid: Type.Union([Type.String(), Type.Null()]),
    effect: Type.Union([Type.String(), Type.Null()]),
    actions: Type.Array(Type.String()),
    resources: Type.Array(Type.String()),
    principals: Type.Array(Type.String(), { description: 'Unique ids (AIDA…, AROA…:session) as the decoded message gives them.' }),
    principalGroups: Type.Array(Type.String()),
    conditions: Type.Array(Type.Object({ key: Type.String(), values: Type.Array(Type.String()) })),
  },
  { additionalProperties: false },
)

export const ReportedCauseSchema = Type.Object(
  {
    decision: Type.Union([Type.Literal('allowed'), Type.Literal('explicitDeny'), Type.Literal('implicitDeny')]),
    layer: Type.Union([LayerName, Type.Null()], {
      description: 'The layer of the policy type AWS named ("role trust policy" → resource); null when AWS named none, or a cause that is no policy (S3 Block Public Access).',
    }),
    policyArn: Type.Union([Type.String(), Type.Null()], { description: 'The denying policy\'s ARN that newer messages append; null when absent.' }),
    policyTypePhrase: Type.Union([Type.String(), Type.Null()], { description: 'AWS\'s words for the policy type ("service control policy", "role trust policy") or the non-policy cause.' }),
    matchedStatements: Type.Optional(Type.Array(ReportedStatementSchema, { description: 'Decoded messages: the statements AWS says matched.' })),
  },
  { $id: 'ReportedCause', title: 'ReportedCause', additionalProperties: false, description: 'What AWS itself said about the cause: from the message text, the record\'s errorMessage, or the decoded message.' },
)

const Pointers = Type.Array(Type.String(), { description: 'JSON Pointers into this response of the fields that were derived rather than read.', examples: [['/request/resource']] })
const Missing = Type.Array(Type.String(), {
  description:
    'What could not be recovered and could change the answer. Entries start with "context <key>:" (the key, or a family such as ' +
    'aws:PrincipalTag/* or s3:*), "resource:", "resourceAccount:", "principal:", "session policies:" or "vpcEndpoint policy:".',
  examples: [['context aws:SourceVpce: an error message carries no request context']],
})
const Notes = Type.Array(Type.String(), { description: 'What was read from where, and anything a person should know about the derivation.' })

export const IngestRecordSchema = Type.Object(
  {
    path: Type.String({ description: 'JSON Pointer of the record in the request body.' }),
    eventName: Type.Union([Type.String(), Type.Null()]),
    eventTime: Type.Union([Type.String(), Type.Null()]),
    denied: Type.Boolean(),
    requestIndex: Type.Union([Type.Integer(), Type.Null()], { description: 'Index into requests; null when the record gave no request.' }),
    reportedCause: Type.Union([RefTo(ReportedCauseSchema), Type.Null()]),
    inferred: Pointers,
    missing: Missing,
    notes: Notes,
  },
  { additionalProperties: false },
)

export const IngestResponseSchema = Type.Object(
  {
    request: RefTo(RequestSchema),
    requests: Type.Optional(Type.Array(RefTo(RequestSchema), { description: 'With several records: every request, in order.' })),
    reportedCause: Type.Union([RefTo(ReportedCauseSchema), Type.Null()], { description: 'What AWS said, when it said anything; null otherwise.' }),
    inferred: Pointers,
    missing: Missing,
    notes: Notes,
    denied: Type.Boolean({ description: 'Whether the input is a denial; a record of a successful call is accepted and says false.' }),
    records: Type.Optional(Type.Array(IngestRecordSchema, { description: 'With several records: one summary per record (the inferred/missing/notes of each).' })),
  },
  { $id: 'IngestResponse', title: 'IngestResponse', additionalProperties: false },
)

export type IngestBodyWire = Static<typeof IngestBodySchema>
export type IngestResponseWire = Static<typeof IngestResponseSchema>

export const ingestExample = {
  errorMessage:
    'An error occurred (AccessDenied) when calling the GetObject operation: User: arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42 ' +
    'is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::my-bucket/reports/q3.csv" because no identity-based policy allows the s3:GetObject action',
}

/** Shared schemas ($id) this route refers to; `Request` comes from evaluateSharedSchemas. */
export const ingestSharedSchemas = [ReportedCauseSchema, IngestResponseSchema]
