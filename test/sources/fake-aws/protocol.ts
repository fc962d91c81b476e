// Wire-protocol helpers of the fake AWS: awsQuery (form-encoded request, XML response), awsJson1_0/1_1
// (x-amz-target, JSON), restXml (S3) and restJson1 (Lambda), and each protocol's error shape.

export type Kind = 'accessDenied' | 'throttled' | 'notFound'

/** An error the fake answers with; `code` is the service's own error code. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

export interface Reply {
  status: number
  headers: Record<string, string>
  body: string
}

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

export type XmlValue = string | number | boolean | undefined | XmlValue[] | { [key: string]: XmlValue }

/** Serializes awsQuery result members: arrays become <member> lists, objects nested elements. */
export function toXml(value: { [key: string]: XmlValue }): string {
  let out = ''
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue
    out += `<${key}>${xmlInner(v)}</${key}>`
  }
  return out
}

function xmlInner(v: XmlValue): string {
  if (v === undefined) return ''
  if (Array.isArray(v)) return v.map((item) => `<member>${xmlInner(item)}</member>`).join('')
  if (typeof v === 'object') return toXml(v)
  return xmlEscape(String(v))
}

let requestCounter = 0
export function requestId(): string {
  requestCounter++
  return `00000000-0000-4000-8000-${String(requestCounter).padStart(12, '0')}`
}

export function queryReply(op: string, namespace: string, result: string): Reply {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<${op}Response xmlns="${namespace}"><${op}Result>${result}</${op}Result>` +
    `<ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></${op}Response>`
  return { status: 200, headers: { 'content-type': 'text/xml' }, body }
}

export function queryError(namespace: string, err: ApiError): Reply {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${namespace}"><Error><Type>Sender</Type><Code>${xmlEscape(err.code)}</Code>` +
    `<Message>${xmlEscape(err.message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`
  return { status: err.status, headers: { 'content-type': 'text/xml' }, body }
}

export function jsonReply(version: '1.0' | '1.1', value: unknown): Reply {
  return { status: 200, headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amzn-requestid': requestId() }, body: JSON.stringify(value) }
}

export function jsonError(version: '1.0' | '1.1', err: ApiError, extraHeaders: Record<string, string> = {}): Reply {
  return {
    status: err.status,
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amzn-requestid': requestId(), 'x-amzn-errortype': err.code, ...extraHeaders },
    body: JSON.stringify({ __type: err.code, message: err.message }),
  }
}

export function restXmlError(err: ApiError, extra = ''): Reply {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message>${extra}<RequestId>${requestId()}</RequestId></Error>`
  return { status: err.status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId() }, body }
}

export function restJsonError(err: ApiError): Reply {
  return {
    status: err.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': err.code, 'x-amzn-requestid': requestId() },
    body: JSON.stringify({ Type: 'User', message: err.message }),
  }
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
export function iamEncode(doc: unknown): string {
  return encodeURIComponent(JSON.stringify(doc))
}
