// Readers for element values that take "a string or an array of strings" (R4.1.8, GRAMMAR).

import { childPointer } from './json-pointer.js'
import { describeValue, type Findings } from './findings.js'

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key)
}

/**
 * A string or a non-empty array of strings, as a list. Reports wrong types at the element's (or the entry's) path and
 * returns undefined if anything is wrong.
 */
export function readStringList(
  value: unknown,
  path: string,
  element: string,
  findings: Findings,
): string[] | undefined {
  if (typeof value === 'string') return [value]
  if (!Array.isArray(value)) {
    findings.error(
      'invalid-type',
      `${element} must be a string or an array of strings; got ${describeValue(value)}.`,
      path,
    )
    return undefined
  }
  if (value.length === 0) {
    findings.error('empty-array', `${element} is an empty array; list at least one value.`, path)
    return undefined
  }
  let ok = true
  for (let i = 0; i < value.length; i++) {
    const entry: unknown = value[i]
    if (typeof entry !== 'string') {
      findings.error(
        'invalid-type',
        `${element} entries must be strings; entry ${i} is ${describeValue(entry)}.`,
        childPointer(path, i),
      )
      ok = false
    }
  }
  return ok ? (value as string[]) : undefined
}

/** Path of entry `i` of a list element: the element itself when it was written as a single string. */
export function entryPath(value: unknown, path: string, i: number): string {
  return Array.isArray(value) ? childPointer(path, i) : path
}
