// Policy documents as the sources hand them on: parsed JSON. IAM returns documents URL-encoded (RFC 3986),
// Organizations, KMS, S3 and the others as JSON text; snapshots may hold either, or objects. src/policy's decoder
// reads all three; text it cannot read is passed on as it is, so that the engine reports the problem with a location.

import { decodePolicyInput } from '../policy/index.js'

export function decodeDocument(input: unknown): unknown {
  if (typeof input !== 'string') return input
  const decoded = decodePolicyInput(input)
  return decoded.ok ? decoded.value() : input
}
