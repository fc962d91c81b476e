// POST /v1/ingest's body → one of the three ingesters. Exactly one input must be given (API.md).
import type { Catalog } from '../catalog/index.js'
import { ingestCloudTrail } from './cloudtrail/ingest-cloudtrail.js'
import { ingestDecodedMessage } from './decoded/ingest-decoded.js'
import { ingestErrorMessage } from './message/ingest-message.js'
import type { IngestResult } from './types.js'

export const INGEST_INPUTS = ['cloudTrailEvent', 'errorMessage', 'decodedAuthorizationMessage'] as const
export type IngestInput = (typeof INGEST_INPUTS)[number]

const WHAT: Record<IngestInput, string> = {
  cloudTrailEvent: 'a CloudTrail record, a {"Records": [...]} file or a lookup-events result',
  errorMessage: 'the AccessDenied message text',
  decodedAuthorizationMessage: 'the JSON `aws sts decode-authorization-message` printed',
}

const EXPECTED = INGEST_INPUTS.map((k) => `${k} (${WHAT[k]})`).join(', ')

/** Which of the three inputs a body holds (absent and null count as not given). */
export function givenInputs(body: Record<string, unknown>): IngestInput[] {
  return INGEST_INPUTS.filter((k) => body[k] !== undefined && body[k] !== null)
}

/**
 * Dispatches on exactly one of `cloudTrailEvent`, `errorMessage`, `decodedAuthorizationMessage`. CloudTrail
 * input needs the catalog (eventSource/eventName → action); without one it is reported as not derivable.
 */
export function ingest(body: unknown, catalog?: Catalog): IngestResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, recognised: [], errors: [{ path: '', message: `the body must be a JSON object with exactly one of ${EXPECTED}` }] }
  }
  const b = body as Record<string, unknown>
  const given = givenInputs(b)
  if (given.length === 0) {
    return { ok: false, recognised: [], errors: [{ path: '', message: `give exactly one of ${EXPECTED}` }] }
  }
  if (given.length > 1) {
    return {
      ok: false,
      recognised: given.map((k) => `${k} is given`),
      errors: given.map((k) => ({ path: `/${k}`, message: `give only one of ${INGEST_INPUTS.join(', ')}; this body has ${given.join(' and ')}` })),
    }
  }
  const [input] = given
  switch (input) {
    case 'cloudTrailEvent':
      if (!catalog) return { ok: false, recognised: [], errors: [{ path: '/cloudTrailEvent', message: 'the service authorization catalog is needed to map eventSource/eventName to an action' }] }
      return ingestCloudTrail(b.cloudTrailEvent, catalog)
    case 'errorMessage':
      if (typeof b.errorMessage !== 'string') {
        return { ok: false, recognised: [], errors: [{ path: '/errorMessage', message: 'errorMessage must be the message text (a string)' }] }
      }
      return ingestErrorMessage(b.errorMessage, catalog)
    case 'decodedAuthorizationMessage':
      return ingestDecodedMessage(b.decodedAuthorizationMessage, catalog)
  }
}
