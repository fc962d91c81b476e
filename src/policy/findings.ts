// Stable finding codes and a small collector. Codes never change meaning; messages may be reworded.

import type { PolicyFinding } from './types.js'

export const FINDING_CODES = [
  // Input and document shape
  'invalid-json', // a string that is neither JSON nor URL-encoded JSON
  'not-serializable', // an object input that cannot be written as JSON (circular, BigInt, …)
  'not-an-object', // the document is an array, number, string, null, …
  'unknown-element', // an element AWS does not know (names are case-sensitive)
  'invalid-version',
  'missing-statement',
  'invalid-statement', // Statement is not an object or an array
  'no-statements', // warning: Statement is an empty array
  'statement-not-object',
  // Statement elements
  'missing-effect',
  'invalid-effect',
  'invalid-type', // an element value of the wrong JSON type
  'empty-array', // an element list with no entries
  'action-and-notaction',
  'missing-action',
  'invalid-action',
  'action-whitespace', // warning
  'resource-and-notresource',
  'missing-resource', // error or warning by policy type
  'invalid-resource',
  'incomplete-resource-arn',
  'resource-service-wildcard', // warning
  'principal-and-notprincipal',
  'invalid-principal',
  'unknown-principal-key',
  'principal-wildcard',
  'invalid-condition', // Condition or an operator block is not an object
  'unknown-operator',
  'ifexists-not-allowed',
  'invalid-condition-value',
  'empty-condition-values', // warning
  // Policy-type rules
  'principal-not-allowed',
  'principal-required',
  'notprincipal-not-allowed',
  'notprincipal-with-allow',
  'element-not-allowed',
  'rcp-principal-not-wildcard',
  'resource-in-trust-policy', // warning
  'id-in-identity-policy', // warning
  // Hygiene
  'duplicate-sid', // warning
  'invalid-sid-characters', // warning
  'invalid-characters', // error for IAM policy types, warning otherwise
  'invalid-policy-type', // opts.policyType is not one of the PolicyType values
  // Last resort: a bug in this parser, reported instead of thrown
  'internal-error',
] as const

export type FindingCode = (typeof FINDING_CODES)[number]

export class Findings {
  readonly list: PolicyFinding[] = []
  private errors = 0

  error(code: FindingCode, message: string, path: string): void {
    this.list.push({ severity: 'error', code, message, path })
    this.errors++
  }

  warning(code: FindingCode, message: string, path: string): void {
    this.list.push({ severity: 'warning', code, message, path })
  }

  add(severity: 'error' | 'warning', code: FindingCode, message: string, path: string): void {
    if (severity === 'error') this.error(code, message, path)
    else this.warning(code, message, path)
  }

  get hasErrors(): boolean {
    return this.errors > 0
  }
}

/** A short, printable rendering of a JSON value for messages (never the whole of a huge value). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)
    case 'number':
    case 'boolean':
      return String(value)
    case 'object':
      return 'an object'
    default:
      return typeof value
  }
}
