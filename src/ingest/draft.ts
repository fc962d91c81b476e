// A request being derived: its fields, and for each what was read, what was derived (marked inferred as a
// JSON Pointer into the response) and what is missing. Every ingester fills one and finishes with it, so
// that "never a guess presented as fact" is enforced in one place: a value set with `derived: true` is
// listed in `inferred`.
import { childPointer } from '../policy/index.js'
import type { IngestContextValue, IngestRequest, IngestSuccess, ReportedCause } from './types.js'

export class Draft {
  principal?: string
  action?: string
  resource?: string
  resourceAccount?: string
  readonly context: Record<string, IngestContextValue> = {}
  private readonly inferredSet = new Set<string>()
  readonly missing: string[] = []
  readonly notes: string[] = []
  reportedCause?: ReportedCause

  setPrincipal(value: string, derived = false): void {
    this.principal = value
    this.mark('/request/principal', derived)
  }

  setAction(value: string, derived = false): void {
    this.action = value
    this.mark('/request/action', derived)
  }

  setResource(value: string, derived = false): void {
    this.resource = value
    this.mark('/request/resource', derived)
  }

  setResourceAccount(value: string, derived = false): void {
    this.resourceAccount = value
    this.mark('/request/resourceAccount', derived)
  }

  /** Sets a context key unless one with the same name (case-insensitive) is already set. */
  setContext(key: string, value: IngestContextValue, derived = false): boolean {
    const lower = key.toLowerCase()
    if (Object.keys(this.context).some((k) => k.toLowerCase() === lower)) return false
    this.context[key] = value
    this.mark(childPointer('/request/context', key), derived)
    return true
  }

  hasContext(key: string): boolean {
    const lower = key.toLowerCase()
    return Object.keys(this.context).some((k) => k.toLowerCase() === lower)
  }

  /** `missing` entry for a context key, in the form the explain step filters on: `context <key>: <why>`. */
  missingContext(key: string, why: string): void {
    if (this.hasContext(key)) return
    this.addMissing(`context ${key}: ${why}`)
  }

  addMissing(text: string): void {
    if (!this.missing.includes(text)) this.missing.push(text)
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text)
  }

  private mark(pointer: string, derived: boolean): void {
    if (derived) this.inferredSet.add(pointer)
    else this.inferredSet.delete(pointer)
  }

  get inferred(): string[] {
    return [...this.inferredSet]
  }

  /** The request, when principal, action and resource are known. */
  request(): IngestRequest | null {
    if (!this.principal || !this.action || !this.resource) return null
    const out: IngestRequest = { principal: this.principal, action: this.action, resource: this.resource }
    if (this.resourceAccount) out.resourceAccount = this.resourceAccount
    if (Object.keys(this.context).length) out.context = { ...this.context }
    return out
  }

  finish(denied: boolean): IngestSuccess | null {
    const request = this.request()
    if (!request) return null
    const out: IngestSuccess = { ok: true, request, inferred: this.inferred, missing: [...this.missing], notes: [...this.notes], denied }
    if (this.reportedCause) out.reportedCause = this.reportedCause
    return out
  }
}
