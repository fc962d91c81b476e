// Allowed characters in IAM policy documents: tab, LF, CR and U+0020–U+00FF (R4.1.7, QUOTAS).

import type { Findings } from './findings.js'
import { childPointer } from './json-pointer.js'

const MAX_REPORTED = 10

/** Index of the first character IAM does not accept, or -1. */
export function firstDisallowedCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c > 0xff || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) return i
  }
  return -1
}

function codePointLabel(text: string, index: number): string {
  const cp = text.codePointAt(index) ?? 0
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * Whether the canonical JSON text (JSON.stringify output) of a document can hold a disallowed character: one above
 * U+00FF appears as itself, and JSON.stringify writes control characters other than tab, LF and CR as \b, \f or
 * \u00XX (and lone surrogates as \udXXX). A false alarm only costs the full walk below.
 */
export function mayHaveDisallowedCharacters(canonical: string): boolean {
  for (let i = 0; i < canonical.length; i++) {
    const c = canonical.charCodeAt(i)
    if (c > 0xff) return true
    if (c === 0x5c /* \ */) {
      const next = canonical.charCodeAt(i + 1)
      if (next === 0x75 /* u */ || next === 0x62 /* b */ || next === 0x66 /* f */) return true
      i++
    }
  }
  return false
}

/**
 * Reports strings (keys and values) holding characters outside the allowed set, at their JSON Pointer. Walks the
 * parsed document without recursion, so any nesting depth is safe. At most MAX_REPORTED findings.
 */
export function checkCharacters(document: unknown, severity: 'error' | 'warning', findings: Findings): void {
  const stack: Array<[unknown, string]> = [[document, '']]
  let reported = 0
  const report = (text: string, index: number, path: string, what: string) => {
    reported++
    findings.add(
      severity,
      'invalid-characters',
      `${what} has the character ${codePointLabel(text, index)} at position ${index}; IAM policies may contain only tab, line feed, carriage return and characters U+0020 to U+00FF.`,
      path,
    )
  }
  while (stack.length > 0 && reported < MAX_REPORTED) {
    const [value, path] = stack.pop()!
    if (typeof value === 'string') {
      const bad = firstDisallowedCharacter(value)
      if (bad !== -1) report(value, bad, path, 'A value')
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], childPointer(path, i)])
    } else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>
      const keys = Object.keys(record)
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]
        const keyPath = childPointer(path, key)
        const bad = firstDisallowedCharacter(key)
        if (bad !== -1 && reported < MAX_REPORTED) report(key, bad, keyPath, 'A key')
        stack.push([record[key], keyPath])
      }
    }
  }
}
