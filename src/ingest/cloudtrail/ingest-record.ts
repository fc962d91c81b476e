// One CloudTrail record → the request AWS judged. [IAM-EVALUATION.md §9]
// Action: eventSource + eventName through the catalog's operation table (src/catalog/cloudtrail-map.ts);
// when the record's errorMessage names the action AWS evaluated, that wins. Principal and credential keys:
// identity.ts. Context: record-context.ts. Resource: resource.ts. AWS's stated cause: the errorMessage, read
// with the same parser as POST /v1/ingest's errorMessage.
import type { Catalog } from '../../catalog/index.js'
import { childPointer } from '../../policy/index.js'
import { Draft } from '../draft.js'
import { reportedCauseOf } from '../message/reported-cause.js'
import { parseMessage, type ParsedMessage } from '../message/parse-message.js'
import { unwrapMessage } from '../message/unwrap.js'
import { describePrincipal } from '../principal.js'
import { readAction, servicePrefixOf } from '../request-parts.js'
import type { IngestError, IngestSuccess } from '../types.js'
import { outcomeOf } from './denial.js'
import { readIdentity } from './identity.js'
import { readRecordContext } from './record-context.js'
import { isObj, type FoundRecord } from './records.js'
import { readResource } from './resource.js'

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined
}

export type RecordResult = { ok: true; result: IngestSuccess } | { ok: false; error: IngestError }

export function ingestRecord(found: FoundRecord, catalog: Catalog): RecordResult {
  const { record, path } = found
  const draft = new Draft()
  const eventSource = str(record.eventSource)!
  const eventName = str(record.eventName)!

  const version = str(record.eventVersion)
  if (version && !/^1\.\d+$/.test(version)) draft.note(`eventVersion ${version}: iamdx reads the 1.x record format (CTREC)`)
  if (str(record.eventType) && str(record.eventType) !== 'AwsApiCall') {
    draft.note(`eventType ${str(record.eventType)}: not an API call record; the derived request may not be one AWS authorized`)
  }

  const identity = readIdentity(record, draft, path)
  if (!identity.ok) return identity

  // AWS's own words, when the call failed.
  const outcome = outcomeOf(record.errorCode, record.errorMessage)
  const message = str(record.errorMessage)
  let parsed: ParsedMessage | undefined
  if (message) parsed = parseMessage(unwrapMessage(message).text)

  // The action: the catalog's operation table, unless AWS's message names the action it evaluated.
  const rp = isObj(record.requestParameters) ? record.requestParameters : null
  const mapped = catalog.actionForEvent(eventSource, eventName, rp)
  if (parsed?.action && outcome.kind === 'denied') {
    readAction(draft, parsed.action, catalog)
    if (draft.action?.toLowerCase() !== mapped.action.toLowerCase()) {
      draft.note(`the errorMessage names ${draft.action}; ${eventSource} ${eventName} maps to ${mapped.action}${mapped.inferred ? ' (a guess)' : ''}, so the call needs (at least) ${draft.action}`)
    }
  } else {
    readAction(draft, mapped.action, catalog, mapped.inferred)
    if (mapped.note) draft.note(`action ${mapped.action}: ${mapped.note}`)
    if (mapped.inferred) draft.note(`${eventSource} ${eventName} → ${mapped.action} is not confirmed by the Service Authorization Reference or a cited table row`)
  }
  if (mapped.alsoRequires?.length) draft.note(`${eventName} also needs ${mapped.alsoRequires.join(', ')}`)

  const principalInfo = describePrincipal(draft.principal!)
  readResource(
    {
      record,
      action: draft.action!,
      messageResource: outcome.kind === 'denied' ? parsed?.resource : undefined,
      principalAccount: identity.info.account,
      principalPartition: principalInfo.partition,
    },
    draft,
    catalog,
  )
  readRecordContext(record, draft)
  const prefix = servicePrefixOf(draft.action)
  if (prefix) draft.addMissing(`context ${prefix}:*: the service's own condition keys are not read from records`)

  if (parsed?.principal && parsed.principal !== draft.principal) {
    draft.note(`the errorMessage names the principal ${parsed.principal}; userIdentity gives ${draft.principal}`)
  }

  switch (outcome.kind) {
    case 'success':
      draft.note('the record is of a call that succeeded (no errorCode): it is not a denial')
      break
    case 'denied':
      if (parsed?.cause) {
        draft.reportedCause = reportedCauseOf(parsed.cause)
        if (parsed.cause.note) draft.note(parsed.cause.note)
      } else if (message) {
        draft.note(`the errorMessage names no policy type${parsed?.generic === 'accessDenied' ? ' (S3 gives the generic "Access Denied" to callers outside the bucket owner\'s account or organization)' : ''}`)
      }
      if (parsed?.encodedMessage) {
        draft.note('the errorMessage holds an encoded authorization failure message: decode it with `aws sts decode-authorization-message` and send the result as decodedAuthorizationMessage for the full request context')
      }
      draft.note(`denied with error code ${outcome.code}`)
      break
    case 'authentication':
      draft.note(`the call failed with ${outcome.code}: an authentication failure (credentials not accepted), not a policy decision`)
      break
    case 'otherError':
      draft.note(`the call failed with ${outcome.code}, which is not an authorization denial`)
      break
  }

  const result = draft.finish(outcome.kind === 'denied')
  if (!result) return { ok: false, error: { path: childPointer(path, 'eventName'), message: 'no request could be derived from the record' } }
  return { ok: true, result }
}
