// Condition operators of the evaluation engine (§5 of IAM-EVALUATION.md): compile a policy Condition once,
// then test it against requests, or trace it for an explanation.
import { lookupOperator, operatorNames } from './registry.js'
import type { OperatorInfo } from './types.js'

export { compileCondition, type CompiledCondition } from './compile-condition.js'
export type { OperatorFamily, OperatorInfo } from './types.js'

/** For callers that need the semantics table (explain, validate). `base` is the name without prefix/suffix. */
export function operatorInfo(base: string): OperatorInfo | undefined {
  const entry = lookupOperator(base)
  if (!entry) return undefined
  let info = infos.get(entry.name)
  if (!info) {
    const { compile: _compile, ...rest } = entry
    info = Object.freeze(rest)
    infos.set(entry.name, info)
  }
  return info
}

const infos = new Map<string, OperatorInfo>()

/** Every base operator the engine knows, in AWS's spelling. */
export function listOperators(): string[] {
  return operatorNames()
}
