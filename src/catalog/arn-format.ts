// ARN formats of the reference (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) compiled once into
// matchers. ARN layout: arn:partition:service:region:account:resource, where the resource part may itself
// contain `:` and `/`. [ARNS, RESOURCE in IAM-EVALUATION.md §4.4]
//
// A placeholder stands for one or more characters, so `${BucketName}` alone would also accept
// `bucket/key`. Which placeholders may hold a `/` or `:` is not in the data; instead every match reports
// how many of the ARN's `/` and `:` characters had to be swallowed by placeholders (the ARN's separators
// minus the format's literal ones; the count does not depend on how the placeholders split the text).
// The fewer, the better the fit: an object ARN fits `object` with 0 and `bucket` with 1.

import { compilePieces, piecesOfTemplate, type Wildcard } from './wildcard.js'

export interface ParsedArn {
  partition: string
  service: string
  region: string
  account: string
  resource: string
}

/** Splits an ARN at its first five colons; null when it is not an ARN. */
export function parseArn(arn: string): ParsedArn | null {
  if (!arn.startsWith('arn:')) return null
  const parts: string[] = []
  let from = 4
  for (let i = 0; i < 4; i++) {
    const at = arn.indexOf(':', from)
    if (at < 0) return null
    parts.push(arn.slice(from, at))
    from = at + 1
  }
  const [partition, service, region, account] = parts
  if (!partition || !service) return null
  return { partition, service, region, account, resource: arn.slice(from) }
}

export interface CompiledArnFormat {
  service: string
  resourceType: string
  arnFormat: string
  /** The ARN's service field (`s3`); not always the IAM prefix of the service that defines the type. */
  arnService: string
  /** Literal `/` and `:` characters of the format's resource part. */
  literalSeparators: number
  literalLength: number
  /** Literal start of the resource part up to and including its first `/` or `:` (`role/`, `function:`),
   *  '' when a placeholder comes first. Used to index formats; see resourceHeadOf. */
  resourceHead: string
  test(arn: ParsedArn): boolean
}

/** The resource part up to and including its first `/` or `:`, or all of it when it has neither. */
export function resourceHeadOf(resource: string): string {
  for (let i = 0; i < resource.length; i++) {
    const c = resource.charCodeAt(i)
    if (c === 47 || c === 58) return resource.slice(0, i + 1)
  }
  return resource
}

function formatHead(resource: string): string {
  const head = resourceHeadOf(resource)
  return /\$\{|</.test(head) ? '' : head
}

const PLACEHOLDER = /^\$\{[^}]*\}$/

/** Compiles one format; null when the format is not of the arn:…:…:…:…:… shape. */
export function compileArnFormat(service: string, resourceType: string, arnFormat: string): CompiledArnFormat | null {
  const f = parseArn(arnFormat)
  if (!f) return null
  const field = (text: string, allowEmpty: boolean): ((v: string) => boolean) => {
    if (PLACEHOLDER.test(text)) return allowEmpty ? () => true : (v) => v.length > 0
    return (v) => v === text
  }
  // Region and account placeholders accept an empty field too: some ARNs of regional types omit them.
  const partition = field(f.partition, false)
  const region = field(f.region, true)
  const account = field(f.account, true)
  const resource: Wildcard = compilePieces(piecesOfTemplate(f.resource), false)
  const arnService = f.service.toLowerCase()
  return {
    service,
    resourceType,
    arnFormat,
    arnService,
    literalSeparators: countSeparators(stripPlaceholders(f.resource)),
    literalLength: resource.literalLength,
    resourceHead: formatHead(f.resource),
    test: (a) =>
      (a.service === arnService || a.service.toLowerCase() === arnService) &&
      partition(a.partition) &&
      region(a.region) &&
      account(a.account) &&
      resource.test(a.resource),
  }
}

export function countSeparators(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 47 /* / */ || c === 58 /* : */) n++
  }
  return n
}

function stripPlaceholders(s: string): string {
  return s.replace(/\$\{[^}]*\}|<[^>]*>/g, '')
}
