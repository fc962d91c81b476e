// Turns any accepted input shape into a parsed JSON value plus its canonical text (JSON.stringify of the value, key
// order as written), so that an object, its JSON text and its URL-encoded JSON text all canonicalize alike.

import type { PolicyFinding } from './types.js'

export type Decoded =
  | {
      ok: true
      /** JSON.stringify of the document, key order as written ('' for inputs that are not objects or text). */
      canonical: string
      /** The parsed document (plain JSON data); for object inputs it is parsed from `canonical` on first call. */
      value: () => unknown
    }
  | { ok: false; finding: PolicyFinding }

function fail(code: string, message: string): Decoded {
  return { ok: false, finding: { severity: 'error', code, message, path: '' } }
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\.$/, '')
}

/** Parses policy text: JSON, or URL-encoded JSON as IAM's GetPolicyVersion/GetRolePolicy return it. */
export function decodePolicyText(input: string): Decoded {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  if (text.trim() === '') return fail('invalid-json', 'The policy text is empty; expected a JSON object.')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (jsonError) {
    // URL-encoded documents (`%7B%22Version%22…`): decodeURIComponent leaves '+' alone, as IAM encodes spaces as %20.
    let decoded: string | undefined
    if (text.indexOf('%') !== -1 && !text.trimStart().startsWith('{')) {
      try {
        decoded = decodeURIComponent(text)
      } catch {
        decoded = undefined
      }
    }
    if (decoded === undefined) {
      return fail('invalid-json', `The policy text is not valid JSON: ${errorText(jsonError)}.`)
    }
    try {
      value = JSON.parse(decoded)
    } catch (decodedError) {
      return fail(
        'invalid-json',
        `The policy text is not valid JSON, nor URL-encoded JSON (after URL decoding: ${errorText(decodedError)}).`,
      )
    }
  }
  return withCanonical(value)
}

/** Canonical text of an in-memory value, re-parsed so that later steps only ever see plain JSON data. */
export function decodePolicyObject(input: object): Decoded {
  let canonical: string | undefined
  try {
    canonical = JSON.stringify(input)
  } catch (e) {
    return fail('not-serializable', `The policy object cannot be written as JSON (${errorText(e)}).`)
  }
  if (typeof canonical !== 'string') {
    return fail('not-an-object', 'The policy document must be a JSON object; the value given has no JSON form.')
  }
  const text = canonical
  let parsed: { value: unknown } | undefined
  return {
    ok: true,
    canonical: text,
    value: () => (parsed ??= { value: JSON.parse(text) as unknown }).value,
  }
}

function withCanonical(value: unknown): Decoded {
  let canonical: string
  try {
    canonical = JSON.stringify(value)
  } catch (e) {
    return fail('not-serializable', `The policy document cannot be serialized (${errorText(e)}).`)
  }
  return { ok: true, value: () => value, canonical }
}

/** Decodes any input given to parsePolicy. Other values pass through; the parser reports them as not an object. */
export function decodePolicyInput(input: unknown): Decoded {
  if (typeof input === 'string') return decodePolicyText(input)
  if (typeof input === 'object' && input !== null) return decodePolicyObject(input)
  return { ok: true, value: () => input, canonical: '' }
}
