// Service Authorization Reference: actions, resource types and ARN formats, condition keys and their
// types, dependent actions, RCP support, CloudTrail eventName → action. See catalog.ts for the lookups.

export { createCatalog, type Catalog } from './catalog.js'
export { loadCatalog, loadedCatalog } from './load-catalog.js'
export { parseArn, type ParsedArn } from './arn-format.js'
export { DEPENDENT_ACTIONS, UNCONFIRMED_DEPENDENT_ACTIONS, type DependentActionRow } from './dependent-actions.js'
export {
  EVENT_SOURCE_PREFIXES,
  OPERATION_ACTIONS,
  prefixForEventSource,
  type EventSourceRow,
  type OperationRow,
} from './cloudtrail-map.js'
export type * from './types.js'
