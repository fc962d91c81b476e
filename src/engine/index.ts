// The evaluation engine: AWS's authorization decision for one request, as data.
export * from './types.js'
export type { RequestContext, ParsedPrincipal, PrincipalKind, ContextEntry } from './request-context.js'
export { evaluateRequest, evaluateContext, LAYER_ORDER, type EvaluateOptions, type EvaluateOutcome } from './evaluate.js'
export { buildRequestContext, splitArn, type InputError } from './context.js'
export { resourceKindOf, type ResourceKind } from './resource-kind.js'
export { operatorInfo, listOperators, type OperatorInfo as ConditionOperatorInfo } from './conditions/index.js'
