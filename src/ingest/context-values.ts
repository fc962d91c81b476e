// Typing context values read as text (decoded authorization messages give every value as a string) with the
// key's type from the Service Authorization Reference: Bool → boolean, Numeric → number, ArrayOf… (multivalued)
// → array. Anything that does not read cleanly as its type stays a string, which the engine reads the way
// AWS does (condition values are strings in policies). [SVMV; SVCREF]
import type { Catalog } from '../catalog/index.js'
import type { IngestContextValue } from './types.js'

export function typedContextValue(key: string, values: string[], catalog: Catalog | undefined): IngestContextValue {
  const info = catalog?.conditionKey(key)
  const valueType = info?.valueType ?? 'String'
  const one = (v: string): string | number | boolean => {
    if (valueType === 'Bool' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true'
    if (valueType === 'Numeric' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v)
    return v
  }
  const typed = values.map(one)
  if (info?.multivalued || typed.length !== 1) return typed
  return typed[0]
}
