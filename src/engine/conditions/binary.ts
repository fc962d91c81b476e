// Binary family: BinaryEquals compares the key's bytes with the base64-encoded policy value, byte for byte
// (§5.5, OPS). The request gives binary values as base64 too; both sides are decoded, so two encodings of
// the same bytes (with / without padding) are equal. No policy variables, no wildcards.
import { decodeBase64 } from './base64.js'
import { NO_MATCH, UNREADABLE, staticView, type ValueMatcher } from './types.js'

function notBase64(v: string): string {
  return `not base64: '${v}'`
}

export function binaryIssue(v: string): string | undefined {
  return decodeBase64(v) === null ? notBase64(v) : undefined
}

export function compileBinary(values: string[]): ValueMatcher {
  const bytes = values.map(decodeBase64)
  const view = staticView(values, values.filter((_, i) => bytes[i] === null).map(notBase64))
  return {
    find(v) {
      const b = decodeBase64(v)
      if (b === null) return UNREADABLE
      for (let i = 0; i < bytes.length; i++) if (bytes[i] === b) return i
      return NO_MATCH
    },
    policy: () => view,
    unreadable: notBase64,
  }
}
