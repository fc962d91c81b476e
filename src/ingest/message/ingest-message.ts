// An AccessDenied message → the request it describes and the cause AWS stated. [IAM-EVALUATION.md §8.1]
// A message carries no request context, so every context key policies commonly test is listed as missing.
import type { Catalog } from '../../catalog/index.js'
import { parseArn } from '../../catalog/index.js'
import { sqsQueueUrlToArn } from '../arns.js'
import { Draft } from '../draft.js'
import { describePrincipal, roleOfSession } from '../principal.js'
import { readAction, REQUEST_CONTEXT_KEYS, resourceNotGiven, servicePrefixOf } from '../request-parts.js'
import type { IngestResult } from '../types.js'
import { parseMessage, type ParsedMessage } from './parse-message.js'
import { reportedCauseOf } from './reported-cause.js'
import { servicePrefixCandidates, unwrapMessage, type Wrapping } from './unwrap.js'

const DECODE_HINT =
  'decode the encoded authorization failure message with `aws sts decode-authorization-message --encoded-message <message>` ' +
  '(it needs sts:DecodeAuthorizationMessage) and send the DecodedMessage it prints as decodedAuthorizationMessage: it carries the ' +
  'request context and the statements that matched'

/** The action the wrapper's operation stands for, when the service is known (CloudTrail's table applies). */
function actionFromOperation(w: Wrapping, catalog: Catalog | undefined): { action: string; note?: string } | null {
  if (!w.operation || !catalog) return null
  if (w.service) {
    for (const prefix of servicePrefixCandidates(w.service)) {
      if (!catalog.hasService(prefix)) continue
      const mapped = catalog.actionForEvent(`${prefix}.amazonaws.com`, w.operation, null)
      if (catalog.action(mapped.action)) return { action: mapped.action, note: mapped.note }
    }
  }
  // The CLI names the operation but not the service: accept it only when one service has that action.
  const same = catalog.nearestActions(w.operation, 20).filter((n) => n.reason === 'otherService')
  if (same.length === 1) return { action: same[0].action, note: `the only service with an action named ${w.operation}` }
  return null
}

function wrapperNotes(draft: Draft, w: Wrapping): void {
  if (w.errorCode) draft.note(`error code ${w.errorCode}`)
  if (w.requestId) draft.note(`request id ${w.requestId} (find the CloudTrail record of the call with it for the request context)`)
}

/** What the message recognised and what it lacks, as a failure. */
function failure(parsed: ParsedMessage, w: Wrapping, why: string, catalog: Catalog | undefined): IngestResult {
  const recognised = [...w.recognised, ...parsed.recognised]
  const op = actionFromOperation(w, catalog)
  if (op && !parsed.action) recognised.push(`the operation ${w.operation} (action ${op.action})`)
  if (parsed.encodedMessage) recognised.push(DECODE_HINT)
  return { ok: false, recognised, errors: [{ path: '/errorMessage', message: why }] }
}

export function ingestErrorMessage(text: string, catalog?: Catalog): IngestResult {
  if (typeof text !== 'string' || text.trim() === '') {
    return { ok: false, recognised: [], errors: [{ path: '/errorMessage', message: 'the error message is empty' }] }
  }
  const { text: core, wrapping } = unwrapMessage(text)
  if (wrapping.otherDocument) {
    return {
      ok: false,
      recognised: [`a JSON document that is a ${wrapping.otherDocument === 'cloudTrailEvent' ? 'CloudTrail record' : 'decoded authorization message'}`],
      errors: [{ path: '/errorMessage', message: `this is not an error message: send it as ${wrapping.otherDocument} instead` }],
    }
  }
  const parsed = parseMessage(core)

  if (parsed.generic === 'authentication') {
    return failure(parsed, wrapping, 'this is an authentication failure (the credentials were not accepted), not an authorization denial: no policy decided it, so there is no request to judge', catalog)
  }
  if (!parsed.principal) {
    const lacks = parsed.generic ? 'the message names no principal, so no request can be built; the CloudTrail record of the call names it' : 'the text is in no AccessDenied wording iamdx knows'
    return failure(parsed, wrapping, lacks, catalog)
  }

  const draft = new Draft()
  wrapperNotes(draft, wrapping)
  const who = describePrincipal(parsed.principal)
  draft.setPrincipal(parsed.principal)
  if (who.kind === 'unknown') draft.note(`"${parsed.principal}" is not a principal ARN of a known form (user, role, assumed-role session, federated user, root, service)`)
  if (who.kind === 'assumedRole') {
    draft.note(`aws:PrincipalArn of this session is its role ARN; the message does not give the role's path, so it is taken as ${roleOfSession(parsed.principal)}`)
  }

  if (parsed.action) readAction(draft, parsed.action, catalog)
  if (parsed.cause?.actionInCause) {
    draft.note(`the message names ${parsed.action} after "perform:" and ${parsed.cause.actionInCause} in its cause; the first is used`)
  }

  if (parsed.resource !== undefined) {
    const r = parsed.resource
    const sqs = r.startsWith('https://') ? sqsQueueUrlToArn(r) : null
    const iamNamed = /^(role|user|group|policy|instance-profile) (\S+)$/.exec(r)
    if (r === '*' || parseArn(r)) draft.setResource(r)
    else if (sqs) draft.setResource(sqs.arn, true)
    else if (iamNamed && who.account) {
      // IAM names the resource "<type> <name>"; the ARN is built in the caller's account, path unknown.
      draft.setResource(`arn:${who.partition}:iam::${who.account}:${iamNamed[1]}/${iamNamed[2]}`, true)
      draft.note(`IAM names the resource as "${r}"; its ARN is taken to be in the caller's account ${who.account}, without a path (an entity with a path has a longer ARN)`)
    }
    else resourceNotGiven(draft, catalog, `the message names "${r}", which is not an ARN`)
  } else {
    resourceNotGiven(draft, catalog, 'the message names no resource')
  }

  if (parsed.cause) {
    draft.reportedCause = reportedCauseOf(parsed.cause)
    if (parsed.cause.note) draft.note(parsed.cause.note)
    if (parsed.cause.policyName) draft.note(`AWS names the denying policy ${parsed.cause.policyName}`)
  } else {
    draft.note('the message names no policy type: an older format, or a service without the enhanced AccessDenied messages (DENIED)')
  }
  if (parsed.encodedMessage) draft.note(DECODE_HINT)
  if (parsed.authorizationId) {
    draft.note(`authorization ID ${parsed.authorizationId}: \`aws iam-toolbox get-request-authorization-details --authorization-id ${parsed.authorizationId}\` returns AWS's own evaluation (preview)`)
  }
  if (parsed.leftover) draft.note(`text not read: "${parsed.leftover.length > 200 ? `${parsed.leftover.slice(0, 200)}…` : parsed.leftover}"`)

  // An error message carries no request context.
  const regional = draft.resource ? parseArn(draft.resource)?.region : undefined
  for (const key of REQUEST_CONTEXT_KEYS) {
    if (key === 'aws:RequestedRegion' && regional) continue
    draft.missingContext(key, 'an error message carries no request context')
  }
  if (who.kind === 'service') {
    draft.missingContext('aws:SourceArn', 'an error message does not name the resource the service acted for')
    draft.missingContext('aws:SourceAccount', 'an error message does not name the account the service acted for')
  }
  const prefix = servicePrefixOf(draft.action)
  if (prefix) draft.addMissing(`context ${prefix}:*: the service's own condition keys are not in the message`)

  return draft.finish(true) ?? failure(parsed, wrapping, 'no action could be read from the message', catalog)
}

