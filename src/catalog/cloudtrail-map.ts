// CloudTrail eventSource + eventName → IAM action. [IAM-EVALUATION.md §9.3; CTREC; SVCREF]
//
// Default rule: `<prefix>:<eventName>`, the prefix being the eventSource host without `.amazonaws.com`.
// Two cited tables correct it: hosts whose name is not the IAM prefix, and operations whose action has
// another name. The data package has no operation → action mapping (checked by the real-data test), so
// these tables are ours. A row marked confirmed: false was not found on an AWS page; its result is
// returned with inferred: true and a note, like any guess.

import type { EventAction } from './types.js'

export interface EventSourceRow {
  host: string
  prefix: string
  source: string
}

/** eventSource hosts that are not the IAM service prefix. Only hosts confirmed on a page are listed. */
export const EVENT_SOURCE_PREFIXES: readonly EventSourceRow[] = [
  // CloudWatch: "eventSource: monitoring.amazonaws.com"; its actions use the prefix cloudwatch (CTREC).
  { host: 'monitoring.amazonaws.com', prefix: 'cloudwatch', source: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-monitoring.html' },
  // Resource Groups Tagging API: "eventSource: tagging.amazonaws.com"; IAM prefix `tag` (SVCREF data).
  { host: 'tagging.amazonaws.com', prefix: 'tag', source: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-tagging.html' },
]

export interface OperationRow {
  /** IAM prefix of the service. */
  prefix: string
  eventName: string
  /** Only when requestParameters has this key with a non-empty value (`versionId`). */
  whenParam?: string
  /** Only when requestParameters[key] equals the value (`list-type` = `2`). */
  whenParamEquals?: [string, string]
  action: string
  alsoRequires?: string[]
  confirmed: boolean
  source: string
  note?: string
}

const S3_OPS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html'
const S3_REF = 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_s3.html'
const SQS_BATCH = 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-batch-api.html'

/** Operations whose IAM action is not `<prefix>:<eventName>`. Rows with a parameter condition come first. */
export const OPERATION_ACTIONS: readonly OperationRow[] = [
  // S3 — "To use this operation, you must have permission to perform the s3:ListBucket action" (ListObjectsV2).
  { prefix: 's3', eventName: 'ListObjects', whenParamEquals: ['list-type', '2'], action: 's3:ListBucket', confirmed: true, source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html', note: 'CloudTrail logs ListObjectsV2 as ListObjects with list-type 2' },
  { prefix: 's3', eventName: 'ListObjects', action: 's3:ListBucket', confirmed: false, source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html', note: 'ListObjects (V1) assumed to need s3:ListBucket like ListObjectsV2; not read on its own page' },
  { prefix: 's3', eventName: 'ListObjectsV2', action: 's3:ListBucket', confirmed: true, source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html' },
  // "If you include a versionId in your request header, you must have the s3:GetObjectVersion permission"
  { prefix: 's3', eventName: 'GetObject', whenParam: 'versionId', action: 's3:GetObjectVersion', confirmed: true, source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html' },
  // "To use HEAD, you must have the s3:GetObject permission. You need the relevant read object (or version) permission"
  { prefix: 's3', eventName: 'HeadObject', whenParam: 'versionId', action: 's3:GetObjectVersion', confirmed: true, source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html' },
  { prefix: 's3', eventName: 'HeadObject', action: 's3:GetObject', confirmed: true, source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html' },
  // "To use this operation, you must have permissions to perform the s3:ListBucket action" (HeadBucket)
  { prefix: 's3', eventName: 'HeadBucket', action: 's3:ListBucket', confirmed: true, source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html' },
  // "you must have permission to perform the s3:ListBucketVersions action. Be aware of the name difference."
  { prefix: 's3', eventName: 'ListObjectVersions', action: 's3:ListBucketVersions', confirmed: true, source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html' },
  // Operations table of the S3 reference: CompleteMultipartUpload → s3:PutObject; CopyObject → s3:GetObject … s3:PutObject.
  { prefix: 's3', eventName: 'CompleteMultipartUpload', action: 's3:PutObject', confirmed: true, source: S3_REF },
  { prefix: 's3', eventName: 'CopyObject', action: 's3:PutObject', alsoRequires: ['s3:GetObject'], confirmed: true, source: S3_REF, note: 's3:PutObject on the destination, s3:GetObject on the source object' },
  { prefix: 's3', eventName: 'UploadPart', action: 's3:PutObject', confirmed: false, source: S3_OPS, note: 'multipart parts are assumed to need s3:PutObject; the row was not read on a page' },
  { prefix: 's3', eventName: 'CreateMultipartUpload', action: 's3:PutObject', confirmed: false, source: S3_OPS, note: 'assumed s3:PutObject; the row was not read on a page' },
  { prefix: 's3', eventName: 'UploadPartCopy', action: 's3:PutObject', alsoRequires: ['s3:GetObject'], confirmed: false, source: S3_OPS, note: 'assumed like CopyObject; the row was not read on a page' },
  { prefix: 's3', eventName: 'DeleteObjects', action: 's3:DeleteObject', confirmed: false, source: S3_OPS, note: 'assumed s3:DeleteObject per key; the row was not read on a page' },
  // "To use this operation, you must have the s3:ListAllMyBuckets permission." (ListBuckets)
  { prefix: 's3', eventName: 'ListBuckets', action: 's3:ListAllMyBuckets', confirmed: true, source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html' },
  // Lambda — "This operation requires permission for the lambda:InvokeFunction action."
  { prefix: 'lambda', eventName: 'Invoke', action: 'lambda:InvokeFunction', confirmed: true, source: 'https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html' },
  { prefix: 'lambda', eventName: 'InvokeWithResponseStream', action: 'lambda:InvokeFunction', confirmed: true, source: 'https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html' },
  // SQS — "setting permissions for SendMessage, DeleteMessage, or ChangeMessageVisibility sets permissions
  // for the corresponding batch versions of the actions."
  { prefix: 'sqs', eventName: 'SendMessageBatch', action: 'sqs:SendMessage', confirmed: true, source: SQS_BATCH },
  { prefix: 'sqs', eventName: 'DeleteMessageBatch', action: 'sqs:DeleteMessage', confirmed: true, source: SQS_BATCH },
  { prefix: 'sqs', eventName: 'ChangeMessageVisibilityBatch', action: 'sqs:ChangeMessageVisibility', confirmed: true, source: SQS_BATCH },
  // Bedrock — Converse: "This operation requires permission for the bedrock:InvokeModel action."
  { prefix: 'bedrock', eventName: 'Converse', action: 'bedrock:InvokeModel', confirmed: true, source: 'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html' },
  { prefix: 'bedrock', eventName: 'ConverseStream', action: 'bedrock:InvokeModelWithResponseStream', confirmed: false, source: 'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html', note: 'assumed the streaming counterpart of Converse; not read on the page' },
]

const HOST_INDEX = new Map(EVENT_SOURCE_PREFIXES.map((r) => [r.host, r]))
const OP_INDEX = new Map<string, OperationRow[]>()
for (const row of OPERATION_ACTIONS) {
  const k = `${row.prefix}:${row.eventName.toLowerCase()}`
  const list = OP_INDEX.get(k)
  if (list) list.push(row)
  else OP_INDEX.set(k, [row])
}

/** Lambda logs many management events with the API version appended: `ListFunctions20150331`,
 *  `GetFunction20150331v2`. Not confirmed on an AWS page (seen in public CloudTrail queries). */
const LAMBDA_VERSION_SUFFIX = /^([A-Za-z]+?)(20\d{6})(v\d+)?$/

/** The IAM prefix an eventSource host stands for, and the table row that says so (if any). */
export function prefixForEventSource(eventSource: string): { prefix: string; row?: EventSourceRow } {
  const host = eventSource.trim().toLowerCase()
  const row = HOST_INDEX.get(host)
  if (row) return { prefix: row.prefix, row }
  const m = /^([^.]+(?:\.[^.]+)*?)\.amazonaws\.com(?:\.cn)?$/.exec(host)
  return { prefix: m ? m[1] : host.split('.')[0] }
}

type Params = Record<string, unknown> | null | undefined

function rowApplies(row: OperationRow, params: Params): boolean {
  if (row.whenParam) {
    const v = params?.[row.whenParam]
    if (v === undefined || v === null || v === '') return false
  }
  if (row.whenParamEquals) {
    const [k, want] = row.whenParamEquals
    if (String(params?.[k] ?? '') !== want) return false
  }
  return true
}

function fromRow(row: OperationRow, lookup: (action: string) => string | undefined): EventAction {
  const out: EventAction = { action: lookup(row.action) ?? row.action, inferred: !row.confirmed, source: row.source }
  if (row.alsoRequires) out.alsoRequires = row.alsoRequires.map((a) => lookup(a) ?? a)
  const notes: string[] = []
  if (row.note) notes.push(row.note)
  if (!row.confirmed) notes.push('UNCONFIRMED mapping')
  if (notes.length) out.note = notes.join('; ')
  return out
}

/**
 * Maps one CloudTrail record's eventSource/eventName to the IAM action. `lookup` returns the AWS-cased
 * `prefix:Name` of an existing action (case-insensitive) or undefined.
 */
export function mapEvent(
  eventSource: string,
  eventName: string,
  requestParameters: Params,
  lookup: (action: string) => string | undefined,
): EventAction {
  const { prefix, row: hostRow } = prefixForEventSource(eventSource)
  const name = eventName.trim()
  const rows = OP_INDEX.get(`${prefix}:${name.toLowerCase()}`)
  const row = rows?.find((r) => rowApplies(r, requestParameters))
  if (row) return fromRow(row, lookup)

  const direct = lookup(`${prefix}:${name}`)
  if (direct) {
    const out: EventAction = { action: direct, inferred: false }
    if (hostRow) out.source = hostRow.source
    return out
  }

  if (prefix === 'lambda') {
    const m = LAMBDA_VERSION_SUFFIX.exec(name)
    if (m) {
      const base = m[1]
      const baseRows = OP_INDEX.get(`lambda:${base.toLowerCase()}`)
      const baseRow = baseRows?.find((r) => rowApplies(r, requestParameters))
      const action = baseRow ? lookup(baseRow.action) ?? baseRow.action : lookup(`lambda:${base}`)
      if (action) {
        return { action, inferred: true, note: `API version suffix "${m[2]}${m[3] ?? ''}" removed from the event name (UNCONFIRMED rule)` }
      }
    }
  }

  return {
    action: `${prefix}:${name}`,
    inferred: true,
    note: 'default rule <prefix>:<eventName>; no such action in the Service Authorization Reference data',
  }
}
