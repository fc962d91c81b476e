// CloudTrail input (a record, a log file, a lookup-events result …) → the request of the first denied record,
// and with several records every request in order. [IAM-EVALUATION.md §9; API.md "POST /v1/ingest"]
import type { Catalog } from '../../catalog/index.js'
import type { IngestError, IngestRecordSummary, IngestRequest, IngestResult, IngestSuccess } from '../types.js'
import { ingestRecord } from './ingest-record.js'
import { findRecords } from './records.js'

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null
}

export function ingestCloudTrail(input: unknown, catalog: Catalog): IngestResult {
  const found = findRecords(input)
  const errors: IngestError[] = [...found.errors]
  const results: Array<{ path: string; eventName: string | null; eventTime: string | null; result?: IngestSuccess; error?: IngestError }> = []

  for (const rec of found.records) {
    const out = ingestRecord(rec, catalog)
    const summary = { path: rec.path, eventName: str(rec.record.eventName), eventTime: str(rec.record.eventTime) }
    if (out.ok) results.push({ ...summary, result: out.result })
    else {
      results.push({ ...summary, error: out.error })
      errors.push(out.error)
    }
  }

  const derived = results.filter((r) => r.result)
  if (!derived.length) {
    const recognised = [...new Set(found.recognised)]
    for (const r of results) recognised.push(`a ${r.eventName ?? 'CloudTrail'} record at ${r.path}`)
    return {
      ok: false,
      recognised,
      errors: errors.length ? errors : [{ path: '/cloudTrailEvent', message: 'no CloudTrail record found' }],
    }
  }

  const firstDenied = derived.find((r) => r.result!.denied) ?? derived[0]
  const main = firstDenied.result!
  const single = found.records.length === 1 && !found.errors.length
  if (single) return main

  const requests: IngestRequest[] = []
  const records: IngestRecordSummary[] = []
  for (const r of results) {
    if (r.result) requests.push(r.result.request)
    records.push({
      path: r.path,
      eventName: r.eventName,
      eventTime: r.eventTime,
      denied: r.result?.denied ?? false,
      requestIndex: r.result ? requests.length - 1 : null,
      reportedCause: r.result?.reportedCause ?? null,
      inferred: r.result?.inferred ?? [],
      missing: r.result?.missing ?? [],
      notes: r.result ? r.result.notes : [`skipped: ${r.error!.message}`],
    })
  }
  const notes = [...main.notes]
  const deniedCount = derived.filter((r) => r.result!.denied).length
  notes.unshift(
    `${found.records.length} record${found.records.length > 1 ? 's' : ''} (${deniedCount} denied); request is ${firstDenied.result!.denied ? 'the first denied one' : 'the first (none is a denial)'}, the ${firstDenied.eventName ?? 'record'} at ${firstDenied.path}`,
  )
  for (const e of found.errors) notes.push(`not read: ${e.path}: ${e.message}`)
  for (const r of results) if (r.error) notes.push(`not derived: ${r.path}: ${r.error.message}`)
  return { ...main, notes, requests, records }
}
