// Collects findings and puts them in the order the API returns them: by severity, then by place in the
// document (statement 2 before statement 10), then by code.

import { severityOf, type ValidationCode } from './codes.js'
import { SEVERITIES, type Finding, type Severity } from './types.js'

export class FindingList {
  readonly list: Finding[] = []
  private readonly seen = new Set<string>()

  /** Adds a finding with the code's severity; the same finding at the same path is reported once. */
  add(code: ValidationCode, message: string, path: string): void {
    this.push({ severity: severityOf(code), code, message, path })
  }

  push(finding: Finding): void {
    const key = `${finding.code}\u0000${finding.path}\u0000${finding.message}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    this.list.push(finding)
  }
}

const RANK: Record<Severity, number> = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>

/** Compares two JSON Pointers token by token; array indexes compare as numbers. */
export function comparePointers(a: string, b: string): number {
  if (a === b) return 0
  const ta = a.split('/')
  const tb = b.split('/')
  const n = Math.min(ta.length, tb.length)
  for (let i = 0; i < n; i++) {
    const x = ta[i]
    const y = tb[i]
    if (x === y) continue
    const nx = /^\d+$/.test(x) ? Number(x) : NaN
    const ny = /^\d+$/.test(y) ? Number(y) : NaN
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny
    return x < y ? -1 : 1
  }
  return ta.length - tb.length
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      comparePointers(a.path, b.path) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  )
}
