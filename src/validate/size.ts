// Size quotas per kind of document, counted the way AWS counts them (§4.6 of IAM-EVALUATION.md):
// IAM ignores white space (QUOTAS; GetAccountSummary counts non-white-space characters); Organizations
// (SCP, RCP) and VPC endpoint policies count every character sent through the API/CLI (the console strips
// superfluous white space first, R1.3.8, SCPSYN, VPCE); services state their resource-policy quotas in bytes.

import { measurePolicy, type Policy, type PolicyType } from '../policy/index.js'
import type { ValidationCode } from './codes.js'
import type { LoadedDocument } from './document.js'
import type { FindingList } from './finding-list.js'
import type { SizeReport } from './types.js'

type Unit = SizeReport['unit']

interface Quota {
  limit: number
  unit: Unit
  code: ValidationCode
  /** What the quota is, for messages and the report. */
  what: string
  source: string
}

const IDENTITY: Quota = {
  limit: 6144,
  unit: 'nonWhitespaceCharacters',
  code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA',
  what: 'a customer managed policy',
  source: 'QUOTAS',
}

const QUOTAS: Partial<Record<PolicyType, Quota>> = {
  identity: IDENTITY,
  permissionsBoundary: IDENTITY,
  trust: {
    limit: 2048,
    unit: 'nonWhitespaceCharacters',
    code: 'POLICY_SIZE_EXCEEDS_TRUST_POLICY_QUOTA',
    what: 'a role trust policy by default',
    source: 'QUOTAS',
  },
  session: {
    limit: 2048,
    unit: 'characters',
    code: 'POLICY_SIZE_EXCEEDS_SESSION_POLICY_QUOTA',
    what: 'a session policy (plain text)',
    source: 'ASSUMEROLE',
  },
  scp: {
    limit: 5120,
    unit: 'characters',
    code: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA',
    what: 'a service control policy',
    source: 'ORGLIMITS',
  },
  rcp: {
    limit: 5120,
    unit: 'characters',
    code: 'POLICY_SIZE_EXCEEDS_RCP_QUOTA',
    what: 'a resource control policy',
    source: 'ORGLIMITS',
  },
  vpcEndpoint: {
    limit: 20480,
    unit: 'characters',
    code: 'POLICY_SIZE_EXCEEDS_VPC_ENDPOINT_POLICY_QUOTA',
    what: 'a VPC endpoint policy',
    source: 'VPCE',
  },
}

/** Resource-based policy quotas of the services whose pages state one. */
const RESOURCE_QUOTAS: Record<string, Quota> = {
  sqs: {
    limit: 8192,
    unit: 'bytes',
    code: 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA',
    what: 'an SQS queue policy',
    source: 'SQSQUOTA',
  },
  s3: {
    limit: 20480,
    unit: 'bytes',
    code: 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA',
    what: 'an S3 bucket policy (20 KB)',
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html',
  },
  kms: {
    limit: 32768,
    unit: 'bytes',
    code: 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA',
    what: 'a KMS key policy',
    source: 'https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html',
  },
}

/** UTF-8 length of a string. */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

function sizeIn(unit: Unit, text: string): number {
  if (unit === 'bytes') return utf8Length(text)
  const m = measurePolicy(text)
  return unit === 'characters' ? m.chars : m.nonWhitespace
}

/** The one service a resource-based policy is for, from its actions and resource ARNs. */
function resourceService(policy: Policy | null): string | undefined {
  if (!policy) return undefined
  const services = new Set<string>()
  for (const st of policy.statements) {
    for (const a of [...(st.action ?? []), ...(st.notAction ?? [])]) {
      const colon = a.indexOf(':')
      if (colon > 0 && !/[*?]/.test(a.slice(0, colon))) services.add(a.slice(0, colon).trim())
    }
    for (const r of [...(st.resource ?? []), ...(st.notResource ?? [])]) {
      const parts = r.split(':')
      if (parts.length > 2 && parts[0] === 'arn' && !/[*?$]/.test(parts[2])) services.add(parts[2].toLowerCase())
    }
  }
  return services.size === 1 ? [...services][0] : undefined
}

const fmt = (n: number) => n.toLocaleString('en-US')

const UNIT_WORDS: Record<Unit, string> = {
  characters: 'characters',
  nonWhitespaceCharacters: 'characters without white space',
  bytes: 'bytes',
}

export function checkSize(doc: LoadedDocument, policyType: PolicyType, policy: Policy | null, out: FindingList): SizeReport {
  const m = measurePolicy(doc.text)
  const base = { chars: m.chars, nonWhitespace: m.nonWhitespace, bytes: utf8Length(doc.text), measured: doc.measured === 'asGiven' ? ('asGiven' as const) : ('compact' as const) }
  let quota = QUOTAS[policyType]
  if (policyType === 'resource') {
    const service = resourceService(policy)
    quota = service ? RESOURCE_QUOTAS[service] : undefined
    if (!quota) {
      return {
        ...base,
        limit: null,
        unit: 'bytes',
        size: base.bytes,
        note: `The quota of a resource-based policy depends on the service${service ? ` (${service}: not known here)` : ''}; known here: SQS 8,192 bytes, S3 20 KB, KMS 32,768 bytes.`,
      }
    }
  }
  if (!quota) return { ...base, limit: null, unit: 'characters', size: base.chars, note: 'No quota is known for this kind of document.' }

  const size = sizeIn(quota.unit, doc.text)
  const compactSize = sizeIn(quota.unit, doc.compact)
  const report: SizeReport = {
    ...base,
    limit: quota.limit,
    unit: quota.unit,
    size,
    note: `Quota of ${quota.what}: ${fmt(quota.limit)} ${UNIT_WORDS[quota.unit]} [${quota.source}].`,
  }
  const words = UNIT_WORDS[quota.unit]
  if (compactSize > quota.limit) {
    out.add(quota.code, exceedsMessage(policyType, quota, compactSize, words), '')
  } else if (size > quota.limit) {
    // White space counts where the quota counts every character (API/CLI); compact JSON would fit.
    out.add(
      'POLICY_SIZE_COUNTS_WHITESPACE',
      `The document has ${fmt(size)} ${words} as given, more than the ${fmt(quota.limit)} allowed for ${quota.what}; without its white space it has ${fmt(compactSize)}. The API and CLI count white space, so send it minified (the console strips it) [${quota.source}].`,
      '',
    )
  }
  return report
}

function exceedsMessage(policyType: PolicyType, quota: Quota, size: number, words: string): string {
  const head = `The policy has ${fmt(size)} ${words}, more than the ${fmt(quota.limit)} allowed for ${quota.what} [${quota.source}].`
  switch (policyType) {
    case 'identity':
      return size > 10240
        ? `${head} That is more than any identity policy may have (a role's inline policies together: 10,240); split it into several policies.`
        : `${head} As inline policies a role's may total 10,240, a group's 5,120 and a user's 2,048; otherwise split it into several policies.`
    case 'permissionsBoundary':
      return `${head} A permissions boundary is a managed policy; shorten it (AWS managed policies are not bound by this quota).`
    case 'trust':
      return size > 8192
        ? `${head} The quota can be raised through Service Quotas, to at most 8,192 by recent accounts (UNCONFIRMED; 4,096 in 2023); shorten it.`
        : `${head} The quota can be raised through Service Quotas (to 4,096 by the 2023 documentation, 8,192 by recent accounts, UNCONFIRMED), or shorten it.`
    case 'session':
      return `${head} AssumeRole rejects it; AWS also limits the packed size of session policies and tags together (PackedPolicyTooLarge).`
    default:
      return `${head} AWS rejects it; split it into several policies.`
  }
}
