// src/policy: parse any accepted shape of an AWS policy document into the normalized model of types.ts.
// Pure: no I/O, no clock, no imports from the rest of iamdx.
//
//   parsePolicy(input, { policyType })        object | JSON text | URL-encoded JSON text → { policy | null, findings }
//   parsePolicyCached(input, { policyType })  the same, cached: same content → the same (immutable) result object
//   OPERATORS / parseOperatorName             the condition operator table shared by engine and validator
//   measurePolicy(text)                       sizes as IAM (non-white-space) and Organizations/VPCE (all) count them
//   FINDING_CODES                             every finding code this module emits

export type {
  Condition,
  Effect,
  ParseResult,
  Policy,
  PolicyFinding,
  PolicyVersion,
  Principals,
  Statement,
} from './types.js'
export { parsePolicy, TOP_LEVEL_ELEMENTS, type ParseOptions } from './parse-policy.js'
export { STATEMENT_ELEMENTS } from './parse-statement.js'
export {
  createPolicyCache,
  parsePolicyCached,
  policyCacheStats,
  type PolicyCache,
  type PolicyCacheOptions,
  type PolicyCacheStats,
} from './cache.js'
export { POLICY_TYPES, isPolicyType, rulesFor, type PolicyType, type PolicyTypeRules } from './policy-type.js'
export {
  OPERATORS,
  getOperator,
  parseOperatorName,
  suggestOperator,
  type OperatorFamily,
  type OperatorInfo,
  type OperatorParse,
  type ParsedOperator,
  type SetOperator,
} from './operators.js'
export { FINDING_CODES, type FindingCode } from './findings.js'
export { decodePolicyInput, type Decoded } from './decode.js'
export { hash64 } from './hash.js'
export { measurePolicy, type PolicySize } from './measure.js'
export { escapePointerToken, childPointer } from './json-pointer.js'
export { firstDisallowedCharacter } from './charset.js'
export { editDistance } from './suggest.js'
