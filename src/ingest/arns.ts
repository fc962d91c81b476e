// Building ARNs from the names services log. Formats from the Service Authorization Reference [ARNS, SVCREF].

/**
 * SQS queue URL → queue ARN (`arn:${Partition}:sqs:${Region}:${Account}:${QueueName}`). Accepts the current
 * `https://sqs.REGION.amazonaws.com/ACCOUNT/QUEUE` form and the legacy `https://REGION.queue.amazonaws.com/…`
 * and `https://queue.amazonaws.com/…` (us-east-1) forms. Null when the text is not a queue URL.
 */
export function sqsQueueUrlToArn(url: string, fallbackRegion?: string): { arn: string; region: string; account: string } | null {
  const m = /^https?:\/\/([^/]+)\/(\d{12})\/([\w-]{1,80}(?:\.fifo)?)\/?$/.exec(url.trim())
  if (!m) return null
  const host = m[1].toLowerCase()
  let region: string | undefined
  let partition = 'aws'
  let h: RegExpExecArray | null
  if ((h = /^sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(host))) {
    region = h[1]
    if (h[2]) partition = 'aws-cn'
  } else if ((h = /^([a-z0-9-]+)\.queue\.amazonaws\.com(\.cn)?$/.exec(host))) {
    region = h[1]
    if (h[2]) partition = 'aws-cn'
  } else if (host === 'queue.amazonaws.com') region = 'us-east-1'
  else if (/^vpce-[\w-]+\.sqs\.([a-z0-9-]+)\.vpce\.amazonaws\.com$/.test(host)) region = /\.sqs\.([a-z0-9-]+)\.vpce/.exec(host)![1]
  else region = fallbackRegion
  if (!region) return null
  if (region.startsWith('us-gov-')) partition = 'aws-us-gov'
  return { arn: `arn:${partition}:sqs:${region}:${m[2]}:${m[3]}`, region, account: m[2] }
}

/** The partition of a region name (`cn-north-1` → `aws-cn`, `us-gov-west-1` → `aws-us-gov`). */
export function partitionOfRegion(region: string | undefined): string {
  if (!region) return 'aws'
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  if (region.startsWith('us-iso-')) return 'aws-iso'
  if (region.startsWith('us-isob-')) return 'aws-iso-b'
  if (region.startsWith('eusc-')) return 'aws-eusc'
  return 'aws'
}

export function isArn(text: unknown): text is string {
  return typeof text === 'string' && /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12}|aws)?:.+/.test(text)
}
