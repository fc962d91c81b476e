// Reads an AccessDenied message (wrappers already peeled by unwrap.ts) into its parts: principal, action,
// resource, and the cause AWS stated. Every wording handled is one AWS documents or prints:
//
//   enhanced (DENIED, S3403):  User: P is not authorized to perform: A [on resource: R] because no <type> allows the A action
//                              User: P is not authorized to perform: A [on resource: R] with an explicit deny in a|an|the <type>
//     + ": <policy ARN>" (ARNBLOG), + " (<policy name>)", + ". Go to … authorization id: <id>" (authorization-ID preview)
//     + " transitively through a service control policy" (DENIED, "VPC request fails due to another policy")
//   S3's other causes (S3403): "… because public ACLs are prevented by the BlockPublicAcls setting in S3 Block Public Access."
//   older, no cause:           User: P is not authorized to perform: A [on resource: R]
//   EC2 (DECODE):              You are not authorized to perform this operation. [User: …] Encoded authorization failure message: <blob>
//   S3 generic (S3403):        Access Denied
//   STS web identity / SAML:   Not authorized to perform sts:AssumeRoleWithWebIdentity
//   SQS legacy:                Access to the resource https://sqs.…/ACCOUNT/QUEUE is denied.
//   authentication failures:   The security token included in the request is invalid / expired, SignatureDoesNotMatch, …
import { PHRASE_PATTERN, phraseInfo } from './policy-types.js'
import type { IngestDecision, IngestLayer } from '../types.js'

export interface StatedCause {
  decision: IngestDecision
  layer: IngestLayer | null
  /** AWS's words for the policy type, as written. */
  phrase: string | null
  policyArn: string | null
  policyName: string | null
  /** "… transitively through a service control policy". */
  transitiveThroughScp: boolean
  /** The action named in "allows the X action" when it differs from the one after "perform:". */
  actionInCause?: string
  /** A non-policy cause S3 states (Block Public Access, blocked SSE-C). */
  otherReason?: string
  note?: string
}

export type GenericKind = 'accessDenied' | 'ec2NotAuthorized' | 'notAuthorizedToPerform' | 'sqsResourceDenied' | 'authentication'

export interface ParsedMessage {
  /** For a person: each part of the text that was recognised. */
  recognised: string[]
  principal?: string
  action?: string
  resource?: string
  cause?: StatedCause
  /** A wording without principal (and often without action): what it is. */
  generic?: GenericKind
  /** The EC2 "Encoded authorization failure message". */
  encodedMessage?: string
  /** The authorization ID of the IAM access-troubleshooting preview. */
  authorizationId?: string
  /** Text after the parts that were read, when it is not a known trailer. */
  leftover?: string
}

// IAM writes its resources as "<type> <name>" ("on resource: role app-role", "policy policyName").
const CORE = /\bUser: (\S+) is not authorized to perform:? (\S+?)(?: on resource: ("[^"]*"|(?:role|user|group|policy|instance-profile) (?!because\b|with\b)\S+|\S+))?(?= |$)/i
const IMPLICIT = new RegExp(`^because no (${PHRASE_PATTERN}) allows the (\\S+?) action\\.?`, 'i')
const EXPLICIT = new RegExp(
  `^with an explicit deny in (?:an? |the )?(${PHRASE_PATTERN})(?: transitively through (?:an? |the )?(service control policy))?` +
    `(?:: (arn:[^\\s()]+))?(?: \\(([^)]*)\\))?`,
  'i',
)
const OTHER_BECAUSE = /^because (.+?)(?:\.(?= |$)|$)/i
const ENCODED = /Encoded authorization failure message: ?([A-Za-z0-9_\-+/=]+)/
const AUTH_ID = /(?:authorization[- ]id:? ?|#\/authorization-details\/)([0-9a-z]+)/i
const GO_TO = /^\.? ?Go to https?:\/\/\S+ for complete details, or call the GetRequestAuthorizationDetails API with the following authorization id: [0-9a-z]+\.?/i

const AUTHENTICATION: Array<[RegExp, string]> = [
  [/The security token included in the request is (?:invalid|expired)/i, 'the security token was rejected'],
  [/\b(?:ExpiredToken|ExpiredTokenException|InvalidClientTokenId|UnrecognizedClientException|InvalidAccessKeyId|SignatureDoesNotMatch)\b/, 'the credentials or signature were rejected'],
  [/The request signature we calculated does not match the signature you provided/i, 'the request signature did not match'],
  [/The AWS Access Key Id you provided does not exist in our records/i, 'the access key does not exist'],
]

/** Strips the quotes S3 puts around resources and the sentence dot that may follow an unquoted one. */
function cleanResource(raw: string): string {
  if (raw.startsWith('"') && raw.endsWith('"')) return raw.slice(1, -1)
  return raw.replace(/[.,;]+$/, '')
}

function readTail(tail: string, out: ParsedMessage, action: string): void {
  let rest = tail.trim()
  let m: RegExpExecArray | null
  if ((m = IMPLICIT.exec(rest))) {
    const info = phraseInfo(m[1])
    out.cause = {
      decision: 'implicitDeny',
      layer: info?.layer ?? null,
      phrase: m[1],
      policyArn: null,
      policyName: null,
      transitiveThroughScp: false,
      note: info?.note,
    }
    if (m[2].replace(/\.$/, '').toLowerCase() !== action.toLowerCase()) out.cause.actionInCause = m[2].replace(/\.$/, '')
    out.recognised.push(`the implicit-deny cause "because no ${m[1]} allows the … action"`)
    rest = rest.slice(m[0].length)
  } else if ((m = EXPLICIT.exec(rest))) {
    const info = phraseInfo(m[1])
    const viaScp = Boolean(m[2])
    const policyArn = m[3] ? m[3].replace(/[.,;]+$/, '') : null
    out.cause = {
      decision: 'explicitDeny',
      // "… in a VPC endpoint policy transitively through a service control policy": the DENIED page's fix for
      // this message is to look for the Deny in the SCPs, so the layer is scp. (DENIED, "Access is denied when
      // a VPC request fails due to another policy")
      layer: viaScp ? 'scp' : info?.layer ?? null,
      phrase: m[1] + (viaScp ? ` transitively through a service control policy` : ''),
      policyArn,
      policyName: m[4] ?? null,
      transitiveThroughScp: viaScp,
      note: viaScp
        ? 'AWS names a VPC endpoint policy reached through a service control policy; its troubleshooting page says to look for the Deny in the SCPs'
        : info?.note,
    }
    out.recognised.push(`the explicit-deny cause "with an explicit deny in … ${m[1]}"${policyArn ? ' with the denying policy\'s ARN' : ''}`)
    rest = rest.slice(m[0].length)
  } else if ((m = OTHER_BECAUSE.exec(rest))) {
    const reason = m[1]
    const bpa = /\b(BlockPublicAcls|BlockPublicPolicy|IgnorePublicAcls|RestrictPublicBuckets)\b setting in S3 Block Public Access/i.exec(reason)
    const ssec = /blocked upload requests that specify Server Side Encryption with Customer provided keys/i.test(reason)
    out.cause = {
      // S3403: Block Public Access settings act as explicit denies; a blocked encryption type rejects the request.
      decision: 'explicitDeny',
      layer: null,
      phrase: null,
      policyArn: null,
      policyName: null,
      transitiveThroughScp: false,
      otherReason: bpa ? `S3 Block Public Access (${bpa[1]})` : ssec ? 'the bucket blocks SSE-C uploads (BlockedEncryptionTypes)' : reason,
      note: 'a bucket setting, not a policy: no policy layer can change this answer',
    }
    out.recognised.push(`S3's stated reason "${bpa ? `${bpa[1]} setting in S3 Block Public Access` : ssec ? 'blocked SSE-C uploads' : reason}"`)
    rest = rest.slice(m[0].length)
    // The SSE-C text continues with an instruction sentence.
    rest = rest.replace(/^ ?Please specify a different server-side encryption type\.?/i, '')
  }
  rest = rest.replace(/^\.\s*/, '').trim()
  const go = GO_TO.exec(rest)
  if (go) rest = rest.slice(go[0].length).trim()
  const enc = ENCODED.exec(rest)
  if (enc) rest = (rest.slice(0, enc.index) + rest.slice(enc.index + enc[0].length)).trim()
  rest = rest.replace(/^[.\s]+|[.\s]+$/g, '')
  if (rest) out.leftover = rest
}

export function parseMessage(text: string): ParsedMessage {
  const out: ParsedMessage = { recognised: [] }
  const enc = ENCODED.exec(text)
  if (enc) {
    out.encodedMessage = enc[1]
    out.recognised.push('an encoded authorization failure message (decode it with `aws sts decode-authorization-message`)')
  }
  const auth = AUTH_ID.exec(text)
  if (auth) {
    out.authorizationId = auth[1]
    out.recognised.push(`the authorization ID ${auth[1]} (IAM access troubleshooting, preview)`)
  }

  const core = CORE.exec(text)
  if (core) {
    out.principal = core[1]
    out.action = core[2].replace(/[.,;]+$/, '')
    if (core[3] !== undefined) out.resource = cleanResource(core[3])
    out.recognised.push(`"User: ${out.principal} is not authorized to perform: ${out.action}${out.resource !== undefined ? ` on resource: ${out.resource}` : ''}"`)
    if (/^You are not authorized to perform this operation\.?/i.test(text.slice(0, core.index).trim())) {
      out.recognised.push('EC2\'s "You are not authorized to perform this operation."')
    }
    readTail(text.slice(core.index + core[0].length), out, out.action)
    return out
  }

  for (const [re, what] of AUTHENTICATION) {
    if (re.test(text)) {
      out.generic = 'authentication'
      out.recognised.push(`an authentication failure (${what}): AWS did not get as far as evaluating policies`)
      return out
    }
  }

  let m: RegExpExecArray | null
  if ((m = /\bNot authorized to perform:? ([a-z0-9-]+:[A-Za-z0-9]+)/i.exec(text))) {
    out.generic = 'notAuthorizedToPerform'
    out.action = m[1]
    out.recognised.push(`"Not authorized to perform ${m[1]}" (no principal named)`)
    return out
  }
  if ((m = /Access to the resource (https:\/\/\S+?) is denied/i.exec(text))) {
    out.generic = 'sqsResourceDenied'
    out.resource = m[1]
    out.recognised.push(`SQS's "Access to the resource ${m[1]} is denied" (no principal or action named)`)
    return out
  }
  if (/You are not authorized to perform this operation/i.test(text)) {
    out.generic = 'ec2NotAuthorized'
    out.recognised.push('EC2\'s "You are not authorized to perform this operation." (no principal, action or resource named)')
    return out
  }
  if (/^Access Denied\.?$/i.test(text.replace(/^AccessDenied:? ?/, '').trim()) || /^Access Denied\b/i.test(text)) {
    out.generic = 'accessDenied'
    out.recognised.push('the generic "Access Denied" (S3 gives it to callers outside the bucket owner\'s account or organization; it names no principal, action or resource)')
    return out
  }
  return out
}
