// The policy-type phrases of AWS's AccessDenied messages and the API.md layer each names.
// [IAM-EVALUATION.md §8.1; DENIED; S3403]
//
// "User: X is not authorized to perform: A [on resource: R] because no <type> allows the A action"
// "User: X is not authorized to perform: A [on resource: R] with an explicit deny in a|an|the <type>"

import type { IngestLayer } from '../types.js'

export interface PolicyTypePhrase {
  /** Lower-cased phrase as it appears after "no " or "deny in a/an/the ". */
  phrase: string
  layer: IngestLayer
  note?: string
}

export const POLICY_TYPE_PHRASES: readonly PolicyTypePhrase[] = [
  // (changed) Older DENIED text: an SCP implicit deny could be reported as explicit.
  { phrase: 'service control policy', layer: 'scp', note: 'older AWS messages could report an SCP implicit deny as explicit: do not rely on the SCP\'s explicit/implicit wording (DENIED, 2023 text)' },
  // RCPs only deny; the DENIED page shows only the explicit form.
  { phrase: 'resource control policy', layer: 'rcp' },
  { phrase: 'vpc endpoint policy', layer: 'vpcEndpoint' },
  { phrase: 'permissions boundary', layer: 'permissionsBoundary' },
  { phrase: 'session policy', layer: 'session' },
  // AWS's own example on the DENIED page reads "with an explicit deny in a sessions policy".
  { phrase: 'sessions policy', layer: 'session', note: 'AWS wrote "sessions policy" (a variant of "session policy" seen on the DENIED page)' },
  { phrase: 'resource-based policy', layer: 'resource' },
  { phrase: 'identity-based policy', layer: 'identity' },
  // "because no role trust policy allows the sts:AssumeRole action" / "with an explicit deny in the role trust
  // policy": a trust policy is given to iamdx as the `resource` layer (API.md PolicySet).
  { phrase: 'role trust policy', layer: 'resource', note: 'a role trust policy is the resource layer of sts:AssumeRole* requests (API.md)' },
]

/** Alternation of the phrases for a regular expression, longest first. */
export const PHRASE_PATTERN = [...POLICY_TYPE_PHRASES]
  .map((p) => p.phrase)
  .sort((a, b) => b.length - a.length)
  .map((p) => p.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))
  .join('|')

export function phraseInfo(text: string): PolicyTypePhrase | undefined {
  const lower = text.trim().toLowerCase()
  return POLICY_TYPE_PHRASES.find((p) => p.phrase === lower)
}
