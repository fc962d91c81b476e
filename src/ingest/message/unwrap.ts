// Peels what SDKs, CLIs and HTTP bodies wrap around an AccessDenied message, keeping what the wrappers say
// (error code, operation, service, request id). The wrappers recognised, each from the text the tool prints:
//
//   AWS CLI / boto3   An error occurred (AccessDenied) when calling the GetObject operation: <message>
//   Go SDK v2         operation error S3: GetObject, https response error StatusCode: 403, RequestID: …, api error AccessDenied: <message>
//   Go SDK v1         AccessDenied: <message>\n\tstatus code: 403, request id: …
//   Java SDK v1       <message> (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: …)
//   Java SDK v2       <message> (Service: S3, Status Code: 403, Request ID: …, Extended Request ID: …)
//   JS SDK v3 / .NET  AccessDeniedException: <message>, S3ServiceException: …, Amazon.S3.AmazonS3Exception: …
//   HTTP bodies       <Error><Code>…</Code><Message>…</Message></Error>, {"__type": "…", "message": "…"}
//
// Nothing here decides what the message means; parse-message.ts does.

export interface Wrapping {
  errorCode?: string
  operation?: string
  /** The service as the wrapper names it (`S3`, `Amazon S3`, `EC2`, `Secrets Manager`). */
  service?: string
  requestId?: string
  status?: number
  /** For a person: each wrapper recognised. */
  recognised: string[]
  /** The input held a JSON document of another kind (a CloudTrail record, a decoded message). */
  otherDocument?: 'cloudTrailEvent' | 'decodedAuthorizationMessage'
}

const GENERIC_CLASS = /^(?:S3|AmazonS3|Amazon\w*Service|Aws\w*|Sdk\w*|Service|Client)Exception$/
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g // terminal colours

function decodeXmlEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&amp;/g, '&')
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined
}

/** A JSON error body: returns its message and code, or notes another kind of document. */
function fromJson(text: string, w: Wrapping): string | null {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof doc === 'string') return doc
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return null
  const o = doc as Record<string, unknown>
  if ('eventSource' in o || 'userIdentity' in o || 'Records' in o || 'CloudTrailEvent' in o) {
    w.otherDocument = 'cloudTrailEvent'
    return null
  }
  if ('DecodedMessage' in o || 'explicitDeny' in o || 'matchedStatements' in o) {
    w.otherDocument = 'decodedAuthorizationMessage'
    return null
  }
  const err = (o.Error ?? o.error) as Record<string, unknown> | undefined
  const message = str(o.message) ?? str(o.Message) ?? str(o.errorMessage) ?? (err && typeof err === 'object' ? str(err.Message) ?? str(err.message) : undefined)
  if (!message) return null
  const rawCode = str(o.__type) ?? str(o.code) ?? str(o.Code) ?? str(o.errorCode) ?? (err && typeof err === 'object' ? str(err.Code) ?? str(err.code) : undefined)
  // AWS JSON protocols may send `__type` as `com.amazonaws.kms#AccessDeniedException` or with a `:` suffix.
  if (rawCode) w.errorCode = rawCode.replace(/^.*#/, '').replace(/:.*$/, '')
  w.recognised.push('a JSON error body')
  return message
}

function fromXml(text: string, w: Wrapping): string | null {
  const m = /<Message>([\s\S]*?)<\/Message>/i.exec(text)
  if (!m) return null
  const code = /<Code>([^<]*)<\/Code>/i.exec(text)
  if (code) w.errorCode = decodeXmlEntities(code[1].trim())
  const rid = /<Request(?:ID|Id)>([^<]*)<\/Request(?:ID|Id)>/i.exec(text)
  if (rid) w.requestId = rid[1].trim()
  w.recognised.push('an XML error body')
  return decodeXmlEntities(m[1])
}

/** Returns the message without its wrappers, whitespace collapsed, and what the wrappers said. */
export function unwrapMessage(input: string): { text: string; wrapping: Wrapping } {
  const w: Wrapping = { recognised: [] }
  let text = input.replace(ANSI, '').trim()

  if (text.startsWith('{') || text.startsWith('"')) {
    const inner = fromJson(text, w)
    if (inner !== null) text = inner.trim()
    if (w.otherDocument) return { text, wrapping: w }
  }
  if (text.startsWith('<') || /<Error>/i.test(text)) {
    const inner = fromXml(text, w)
    if (inner !== null) text = inner.trim()
  }

  text = text.replace(/\s+/g, ' ').trim()

  // AWS CLI and boto3 (botocore's ClientError).
  const cli = /An error occurred \(([^)]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: ?/.exec(text)
  if (cli) {
    w.errorCode ??= cli[1]
    w.operation = cli[2]
    w.recognised.push(`the AWS CLI / boto3 wrapper (error code ${cli[1]}, operation ${cli[2]})`)
    text = text.slice(cli.index + cli[0].length)
  }

  // Go SDK v2 (smithy-go OperationError).
  const go2 = /operation error ([^:,]+): (\w+), https response error StatusCode: (\d+), RequestID: ([^,]*),(?: HostID: [^,]*,)? api error ([^:]+): ?/.exec(text)
  if (go2) {
    w.service = go2[1].trim()
    w.operation = go2[2]
    w.status = Number(go2[3])
    w.requestId = go2[4].trim() || undefined
    w.errorCode ??= go2[5].trim()
    w.recognised.push(`the Go SDK v2 wrapper (service ${w.service}, operation ${go2[2]}, status ${go2[3]})`)
    text = text.slice(go2.index + go2[0].length)
  }

  // Go SDK v1: "Code: message\n\tstatus code: 403, request id: …" (newlines already collapsed).
  const go1 = / status code: (\d+), request id: ([\w-]*)(?:, host id: [^\s,]*)?/.exec(text)
  if (go1) {
    w.status = Number(go1[1])
    w.requestId = go1[2] || undefined
    w.recognised.push(`the Go SDK v1 trailer (status ${go1[1]})`)
    text = text.slice(0, go1.index).trim()
  }

  // Java SDK v1: "(Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: …; …)".
  const java1 = /\s*\(Service: ([^;()]+); Status Code: (\d+); Error Code: ([^;()]+); Request ID: ([^;()]*)(?:;[^()]*)?\)\s*$/.exec(text)
  if (java1) {
    w.service = java1[1].trim()
    w.status = Number(java1[2])
    w.errorCode ??= java1[3].trim()
    w.requestId = java1[4].trim() || undefined
    w.recognised.push(`the Java SDK v1 trailer (service ${w.service}, error code ${java1[3].trim()})`)
    text = text.slice(0, java1.index).trim()
  }

  // Java SDK v2: "(Service: S3, Status Code: 403, Request ID: …, Extended Request ID: …)".
  const java2 = /\s*\(Service: ([^,()]+), Status Code: (\d+), Request ID: ([^,()]*)(?:,[^()]*)?\)\s*$/.exec(text)
  if (java2) {
    w.service = java2[1].trim()
    w.status = Number(java2[2])
    w.requestId = java2[3].trim() || undefined
    w.recognised.push(`the Java SDK v2 trailer (service ${w.service}, status ${java2[2]})`)
    text = text.slice(0, java2.index).trim()
  }

  // Exception class names (Java, .NET, JS SDK v3 error names) and bare error codes before the message.
  for (let i = 0; i < 3; i++) {
    const cls = /^(?:[\w$]+\.)*([A-Z][\w$]*(?:Exception|Error))(?:: | - )/.exec(text)
    const code = /^((?:Client\.)?(?:AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedAccess|AuthorizationError|AuthorizationErrorException|Forbidden|NotAuthorized|UnauthorizedException)): /.exec(text)
    const hit = cls ?? code
    if (!hit) break
    const name = hit[1]
    // Generic class names (S3Exception, AmazonServiceException) are not error codes.
    if (!GENERIC_CLASS.test(name)) w.errorCode ??= name
    w.recognised.push(`the exception or error-code prefix ${name}`)
    text = text.slice(hit[0].length)
  }

  return { text: text.trim(), wrapping: w }
}

/** Wrapper service names → IAM prefix candidates (`Amazon S3` → `s3`, `Secrets Manager` → `secretsmanager`). */
export function servicePrefixCandidates(service: string): string[] {
  const squashed = service.toLowerCase().replace(/^(amazon|aws)\s*/, '').replace(/[\s_-]+/g, '')
  const known: Record<string, string> = {
    securitytokenservice: 'sts',
    identitymanagement: 'iam',
    simplesystemsmanagement: 'ssm',
    cloudwatchlogs: 'logs',
    dynamodbv2: 'dynamodb',
    elasticloadbalancingv2: 'elasticloadbalancing',
    keymanagementservice: 'kms',
    simplequeueservice: 'sqs',
    simplenotificationservice: 'sns',
    simpleemailservice: 'ses',
    awskms: 'kms',
  }
  return [known[squashed] ?? squashed]
}
