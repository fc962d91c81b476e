// The Condition element: { Operator: { key: value | [values] } } (§4.5, §5).

import { childPointer } from './json-pointer.js'
import { describeValue, type Findings } from './findings.js'
import { parseOperatorName } from './operators.js'
import type { Condition } from './types.js'
import { isObject } from './values.js'

/**
 * A policy value as a string. Numbers and booleans may be written unquoted ("Quotation marks are optional for numeric
 * and Boolean values", GRAMMAR; condition_value = string | number | Boolean): true → "true", 10 → "10".
 */
function conditionValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  return undefined
}

function readValues(raw: unknown, path: string, label: string, findings: Findings): string[] | undefined {
  const single = conditionValue(raw)
  if (single !== undefined) return [single]
  if (!Array.isArray(raw)) {
    findings.error(
      'invalid-condition-value',
      `Condition values must be strings, numbers or booleans, or an array of them; ${label} has ${describeValue(raw)}.`,
      path,
    )
    return undefined
  }
  if (raw.length === 0) {
    findings.warning('empty-condition-values', `${label} lists no values, so it can never match.`, path)
    return []
  }
  const values: string[] = []
  let ok = true
  for (let i = 0; i < raw.length; i++) {
    const v = conditionValue(raw[i])
    if (v === undefined) {
      findings.error(
        'invalid-condition-value',
        `Condition values must be strings, numbers or booleans; entry ${i} of ${label} is ${describeValue(raw[i])}.`,
        childPointer(path, i),
      )
      ok = false
    } else {
      values.push(v)
    }
  }
  return ok ? values : undefined
}

/** Parses a Condition element into one Condition per (operator, key), in document order. */
export function parseConditionBlock(value: unknown, path: string, findings: Findings): Condition[] {
  const conditions: Condition[] = []
  if (!isObject(value)) {
    findings.error(
      'invalid-condition',
      `Condition must be an object of the form {"Operator": {"key": "value"}}; got ${describeValue(value)}.`,
      path,
    )
    return conditions
  }
  for (const operator of Object.keys(value)) {
    const opPath = childPointer(path, operator)
    const parsed = parseOperatorName(operator)
    if (!parsed.ok) findings.error(parsed.code, parsed.message, opPath)
    const block = value[operator]
    if (!isObject(block)) {
      findings.error(
        'invalid-condition',
        `Condition operator "${operator}" must map to an object of condition keys and values; got ${describeValue(block)}.`,
        opPath,
      )
      continue
    }
    for (const key of Object.keys(block)) {
      const keyPath = childPointer(opPath, key)
      const values = readValues(block[key], keyPath, `"${operator}" "${key}"`, findings)
      if (!parsed.ok || values === undefined) continue
      const op = parsed.value
      conditions.push({
        operator,
        base: op.base,
        ifExists: op.ifExists,
        set: op.set,
        key,
        values,
        path: keyPath,
      })
    }
  }
  return conditions
}
