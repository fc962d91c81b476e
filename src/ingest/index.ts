// src/ingest: what users actually hold → the request the engine judges. Pure (imports policy and catalog).
//
//   ingest(body, catalog?)                      dispatches on exactly one of cloudTrailEvent / errorMessage /
//                                               decodedAuthorizationMessage (POST /v1/ingest's body)
//   ingestCloudTrail(input, catalog)            a record, a {"Records": [...]} file, a lookup-events result, …
//   ingestErrorMessage(text, catalog?)          every AccessDenied wording of IAM-EVALUATION.md §8.1, SDK/CLI wrappers
//   ingestDecodedMessage(input, catalog?)       `aws sts decode-authorization-message` output (§8.2)
//
// Every result is { ok: true, request, requests?, reportedCause?, inferred, missing, notes, denied, records? }
// or { ok: false, errors: [{ path, message }], recognised }. Fields derived rather than read are listed in
// `inferred` (JSON Pointers into the response); `missing` entries start with `context <key>:`, `resource:`,
// `resourceAccount:`, `principal:`, `session policies:` or `vpcEndpoint policy:`.

export { ingest, givenInputs, INGEST_INPUTS, type IngestInput } from './ingest.js'
export { ingestCloudTrail } from './cloudtrail/ingest-cloudtrail.js'
export { ingestErrorMessage } from './message/ingest-message.js'
export { ingestDecodedMessage } from './decoded/ingest-decoded.js'
export { POLICY_TYPE_PHRASES, type PolicyTypePhrase } from './message/policy-types.js'
export type * from './types.js'
