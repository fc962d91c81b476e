// Finds the CloudTrail records in what a user pastes. Shapes accepted [CTREC]:
//   a single record                      { "eventVersion", "userIdentity", "eventSource", "eventName", … }
//   a log file                           { "Records": [ record, … ] }
//   `aws cloudtrail lookup-events`       { "Events": [ { "EventId", "EventName", "CloudTrailEvent": "<record as JSON text>" }, … ] }
//   one lookup-events item               { "CloudTrailEvent": "<record as JSON text>", … }
//   an EventBridge event                 { "detail-type": "AWS API Call via CloudTrail", "detail": record }
//   an array of any of these, the same as JSON text, or JSON lines (one record a line)
import { childPointer } from '../../policy/index.js'
import type { IngestError } from '../types.js'

export type Obj = Record<string, unknown>

export interface FoundRecord {
  record: Obj
  /** JSON Pointer of the record in the request body (for a record inside a JSON string: the string's). */
  path: string
}

export interface FoundRecords {
  records: FoundRecord[]
  errors: IngestError[]
  recognised: string[]
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const BASE = '/cloudTrailEvent'

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== ''
}
const MAX_RECORDS = 10_000

function keysOf(o: Obj): string {
  const keys = Object.keys(o)
  if (!keys.length) return 'an empty object'
  return `the keys ${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', …' : ''}`
}

function parseJsonText(text: string): { value?: unknown; error?: string; lines?: unknown[] } {
  try {
    return { value: JSON.parse(text) }
  } catch (err) {
    // JSON lines: one record a line.
    const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)
    if (lines.length > 1) {
      const parsed: unknown[] = []
      for (const line of lines) {
        try {
          parsed.push(JSON.parse(line))
        } catch {
          return { error: (err as Error).message }
        }
      }
      return { lines: parsed }
    }
    return { error: (err as Error).message }
  }
}

export function findRecords(input: unknown): FoundRecords {
  const out: FoundRecords = { records: [], errors: [], recognised: [] }

  const visit = (value: unknown, path: string, inString: boolean, depth: number): void => {
    if (out.records.length >= MAX_RECORDS) return
    if (depth > 4) {
      out.errors.push({ path, message: 'records nested too deep' })
      return
    }
    if (typeof value === 'string') {
      const parsed = parseJsonText(value)
      if (parsed.error !== undefined) {
        out.errors.push({ path, message: `not JSON: ${parsed.error}` })
        return
      }
      if (parsed.lines) {
        out.recognised.push('JSON lines')
        parsed.lines.forEach((v) => visit(v, path, true, depth + 1))
        return
      }
      visit(parsed.value, path, true, depth + 1)
      return
    }
    const at = (token: string | number) => (inString ? path : childPointer(path, token))
    if (Array.isArray(value)) {
      if (!value.length) out.errors.push({ path, message: 'an empty list: no record in it' })
      value.forEach((v, i) => visit(v, at(i), inString, depth + 1))
      return
    }
    if (!isObj(value)) {
      out.errors.push({ path, message: `expected a CloudTrail record (a JSON object), got ${value === null ? 'null' : typeof value}` })
      return
    }
    if (Array.isArray(value.Records)) {
      out.recognised.push('a CloudTrail log file {"Records": [...]}')
      if (!value.Records.length) out.errors.push({ path: at('Records'), message: 'the log file holds no records' })
      value.Records.forEach((v, i) => visit(v, inString ? path : childPointer(childPointer(path, 'Records'), i), inString, depth + 1))
      return
    }
    if (Array.isArray(value.Events)) {
      out.recognised.push('a lookup-events result {"Events": [...]}')
      if (!value.Events.length) out.errors.push({ path: at('Events'), message: 'the lookup-events result holds no events' })
      value.Events.forEach((v, i) => visit(v, inString ? path : childPointer(childPointer(path, 'Events'), i), inString, depth + 1))
      return
    }
    if ('CloudTrailEvent' in value) {
      out.recognised.push('a lookup-events item with its CloudTrailEvent text')
      const inner = value.CloudTrailEvent
      visit(inner, at('CloudTrailEvent'), inString, depth + 1)
      return
    }
    if (isObj(value.detail) && typeof value['detail-type'] === 'string') {
      out.recognised.push(`an EventBridge event ("${value['detail-type']}")`)
      visit(value.detail, at('detail'), inString, depth + 1)
      return
    }
    if (nonEmpty(value.eventSource) && nonEmpty(value.eventName)) {
      out.records.push({ record: value, path })
      return
    }
    const partial = ['eventSource', 'eventName', 'userIdentity', 'eventTime', 'awsRegion'].filter((k) => k in value)
    out.errors.push({
      path,
      message: partial.length
        ? `not a complete CloudTrail record: it has ${partial.join(', ')} but a record needs eventSource and eventName (non-empty strings)`
        : `not a CloudTrail record: expected eventSource, eventName and userIdentity (or Records, or a lookup-events result); found ${keysOf(value)}`,
    })
  }

  visit(input, BASE, false, 0)
  return out
}
