// Each statement of the normalized policy next to its raw JSON (for exact paths) and its Action/NotAction
// entries resolved against the service authorization reference, once, for every check that needs them.

import type { ActionInfo, Catalog } from '../catalog/index.js'
import { childPointer, type Policy, type PolicyType, type Statement } from '../policy/index.js'
import type { FindingList } from './finding-list.js'

export interface ActionEntry {
  /** As written. */
  text: string
  /** JSON Pointer of the entry. */
  path: string
  /** `*`: every action of every service. */
  all: boolean
  /** Service prefix as written, lower-cased ('' for `*`). */
  service: string
  hasWildcard: boolean
  /** The actions the entry stands for (one for a plain name, the expansion of a pattern); empty when unknown. */
  readonly actions: ActionInfo[]
  /** How many actions the entry stands for (without building them). */
  count: number
  /** The service prefix exists in the reference. */
  knownService: boolean
}

export interface StatementView {
  statement: Statement
  raw: Record<string, unknown>
  /** Action or NotAction, whichever the statement has. */
  element: 'Action' | 'NotAction' | undefined
  entries: ActionEntry[]
}

export interface CheckContext {
  policy: Policy
  policyType: PolicyType
  catalog: Catalog
  out: FindingList
  statements: StatementView[]
}

const WILDCARD = /[*?]/

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Path of entry `i` of a list element: the element itself when it was written as a single string. */
export function entryPath(raw: Record<string, unknown>, statementPath: string, element: string, i: number): string {
  const at = childPointer(statementPath, element)
  return Array.isArray(raw[element]) ? childPointer(at, i) : at
}

/** The raw statement object at a normalized statement's path (`/Statement` or `/Statement/3`). */
function rawStatement(doc: Record<string, unknown>, statement: Statement): Record<string, unknown> {
  const list = doc.Statement
  const value = Array.isArray(list) ? list[statement.index] : list
  return isObject(value) ? value : {}
}

/** Raw entries of a string-or-list element, as written. */
export function rawEntries(raw: Record<string, unknown>, element: string): string[] {
  const value = raw[element]
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

function resolveEntry(text: string, path: string, catalog: Catalog): ActionEntry {
  const compact = text.replace(/\s+/g, '')
  if (compact === '*') return { text, path, all: true, service: '', hasWildcard: true, actions: [], count: 0, knownService: true }
  const colon = compact.indexOf(':')
  const service = colon > 0 ? compact.slice(0, colon).toLowerCase() : ''
  const hasWildcard = WILDCARD.test(compact)
  const knownService = service !== '' && catalog.hasService(service)
  const names = !knownService ? [] : hasWildcard ? catalog.expandAction(compact) : [catalog.canonicalAction(compact)].filter((n): n is string => n !== undefined)
  let actions: ActionInfo[] | undefined
  const entry = { text, path, all: false, service, hasWildcard, knownService, count: names.length } as ActionEntry
  // The ActionInfo objects are built when a check first asks for them (most statements never need them).
  Object.defineProperty(entry, 'actions', {
    enumerable: true,
    get: () => (actions ??= names.map((n) => catalog.action(n)).filter((a): a is ActionInfo => a !== undefined)),
  })
  return entry
}

export function buildStatementViews(policy: Policy, doc: Record<string, unknown>, catalog: Catalog): StatementView[] {
  return policy.statements.map((statement) => {
    const raw = rawStatement(doc, statement)
    const element = statement.action ? 'Action' : statement.notAction ? 'NotAction' : undefined
    const entries = element
      ? rawEntries(raw, element).map((text, i) => resolveEntry(text, entryPath(raw, statement.path, element, i), catalog))
      : []
    return { statement, raw, element, entries }
  })
}

/** The services a statement's Action names, or undefined when that is not known (`*`, a wildcard or unknown prefix, NotAction). */
export function actionServices(view: StatementView): Set<string> | undefined {
  if (view.element !== 'Action') return undefined
  const services = new Set<string>()
  for (const e of view.entries) {
    // `*`, a wildcard or unknown prefix: the statement may name services the check cannot see.
    if (e.all || WILDCARD.test(e.service) || !e.knownService) return undefined
    services.add(e.service)
  }
  return services
}
