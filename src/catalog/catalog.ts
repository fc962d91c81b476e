// The catalog: synchronous lookups over a CatalogData object. Everything is indexed once, in
// createCatalog, by lower-cased names (action and key names are case-insensitive [ACTION, CONDITION]);
// no lookup reads the data package or awaits anything.

import { compileArnFormat, countSeparators, parseArn, resourceHeadOf, type CompiledArnFormat, type ParsedArn } from './arn-format.js'
import { mapEvent } from './cloudtrail-map.js'
import { buildConditionKeyIndex } from './condition-keys.js'
import { DEPENDENT_ACTIONS } from './dependent-actions.js'
import { editDistance } from './edit-distance.js'
import type {
  ActionData,
  ActionInfo,
  CatalogData,
  ConditionKeyInfo,
  DependentAction,
  EventAction,
  NearAction,
  ResourceTypeData,
  ResourceTypeMatch,
} from './types.js'
import { compilePattern } from './wildcard.js'

export interface Catalog {
  /** Version of the reference data (the package version; it carries the data's date). */
  readonly dataVersion: string
  /** ISO date of the data, when known. */
  readonly dataUpdatedAt?: string
  /** Service prefixes, lower-cased, sorted. */
  services(): string[]
  hasService(prefix: string): boolean
  serviceName(prefix: string): string | undefined
  /** `service:Action`, case-insensitive; undefined when the action does not exist. */
  action(name: string): ActionInfo | undefined
  /** The AWS-cased `prefix:Name` of an existing action, or undefined. */
  canonicalAction(name: string): string | undefined
  /** Actions matching an IAM action pattern (`s3:Get*`, `*:List*`, `ec2:Describe?pcs`), AWS-cased, sorted. */
  expandAction(pattern: string): string[]
  /** Close existing actions for a misspelt or mis-prefixed name, best first. */
  nearestActions(name: string, limit?: number): NearAction[]
  /** ARN formats of the action's resource types. */
  arnFormatsFor(action: string): Array<{ resourceType: string; required: boolean; arnFormat: string }>
  /** Resource types the ARN belongs to: the best-fitting ones (fewest separators swallowed by placeholders). */
  resourceTypeForArn(arn: string): ResourceTypeMatch[]
  /** Every resource type the ARN fits, best first. The array is shared (cached): do not modify it. */
  resourceTypesForArn(arn: string): readonly ResourceTypeMatch[]
  /** Which of the action's resource types the ARN fits, best first (empty: the ARN is of the wrong form). */
  matchArnToAction(action: string, arn: string): ResourceTypeMatch[]
  conditionKey(key: string): ConditionKeyInfo | undefined
  rcpSupported(servicePrefix: string): boolean
  /** Dependent actions: the data's (empty today) merged with our cited table. */
  dependentActions(action: string): DependentAction[]
  actionForEvent(eventSource: string, eventName: string, requestParameters?: Record<string, unknown> | null): EventAction
}

interface ServiceIndex {
  prefix: string
  name?: string
  /** lower-cased action name → data */
  actions: Map<string, ActionData>
  /** lower-cased resource type name → data */
  resourceTypes: Map<string, ResourceTypeData>
  /** lower-cased action names, for typo search */
  lowerNames: string[]
}

const EXPAND_CACHE_MAX = 2048
const ARN_CACHE_MAX = 4096

interface Hit {
  f: CompiledArnFormat
  absorbed: number
}

export function createCatalog(data: CatalogData): Catalog {
  const services = new Map<string, ServiceIndex>()
  /** lower-cased action name (without prefix) → full AWS-cased names across services */
  const byName = new Map<string, string[]>()
  /** every action as [lower-cased full name, AWS-cased full name] */
  const allActions: Array<[string, string]> = []
  /** ARN service field → resource head (`role/`, `function:`; '' when a placeholder comes first) → formats */
  const formatsByArnService = new Map<string, Map<string, CompiledArnFormat[]>>()
  /** `prefix:resourcetype` lower-cased → compiled format */
  const formatByType = new Map<string, CompiledArnFormat>()
  /** lower-cased `prefix:action` → where it is */
  const byFullName = new Map<string, { svc: ServiceIndex; data: ActionData }>()

  for (const s of data.services) {
    const prefix = s.prefix.toLowerCase()
    const idx: ServiceIndex = { prefix, name: s.name, actions: new Map(), resourceTypes: new Map(), lowerNames: [] }
    services.set(prefix, idx)
    for (const a of s.actions) {
      const lower = a.name.toLowerCase()
      idx.actions.set(lower, a)
      idx.lowerNames.push(lower)
      const full = `${s.prefix}:${a.name}`
      allActions.push([`${prefix}:${lower}`, full])
      byFullName.set(`${prefix}:${lower}`, { svc: idx, data: a })
      const list = byName.get(lower)
      if (list) list.push(full)
      else byName.set(lower, [full])
    }
    for (const r of s.resourceTypes) {
      idx.resourceTypes.set(r.name.toLowerCase(), r)
      const compiled = compileArnFormat(s.prefix, r.name, r.arnFormat)
      if (!compiled) continue
      formatByType.set(`${prefix}:${r.name.toLowerCase()}`, compiled)
      let byHead = formatsByArnService.get(compiled.arnService)
      if (!byHead) formatsByArnService.set(compiled.arnService, (byHead = new Map()))
      const list = byHead.get(compiled.resourceHead)
      if (list) list.push(compiled)
      else byHead.set(compiled.resourceHead, [compiled])
    }
  }
  allActions.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const sortedPrefixes = [...services.keys()].sort()

  const conditionKeys = buildConditionKeyIndex(
    data.globalConditionKeys,
    data.services.map((s) => ({ prefix: s.prefix.toLowerCase(), keys: s.conditionKeys })),
  )
  const rcp = new Set(data.rcpSupportedServices.map((p) => p.toLowerCase()))

  const dependentTable = new Map<string, DependentAction[]>()
  for (const row of DEPENDENT_ACTIONS) {
    const k = row.action.toLowerCase()
    const list = dependentTable.get(k) ?? []
    for (const req of row.requires) list.push({ action: req, when: row.when, source: row.source })
    dependentTable.set(k, list)
  }

  const split = (name: string): [string, string] | null => {
    const at = name.indexOf(':')
    if (at <= 0 || at === name.length - 1) return null
    return [name.slice(0, at).trim().toLowerCase(), name.slice(at + 1).trim().toLowerCase()]
  }

  const findAction = (name: string): { svc: ServiceIndex; data: ActionData } | undefined => {
    const hit = byFullName.get(name.toLowerCase())
    if (hit) return hit
    // Tolerate blanks around the parts (`s3 : GetObject`).
    const parts = split(name)
    return parts ? byFullName.get(`${parts[0]}:${parts[1]}`) : undefined
  }

  const infoCache = new Map<string, ActionInfo>()
  const buildInfo = (svc: ServiceIndex, a: ActionData): ActionInfo => {
    const levels = a.accessLevel.split(',').map((l) => l.trim()).filter(Boolean)
    const fullName = `${svc.prefix}:${a.name}`
    const fromTable = dependentTable.get(fullName.toLowerCase()) ?? []
    const deps = [...new Set([...a.dependentActions, ...a.resourceTypes.flatMap((r) => r.dependentActions), ...fromTable.map((d) => d.action)])]
    return {
      service: svc.prefix,
      name: a.name,
      fullName,
      accessLevel: levels[0] ?? a.accessLevel,
      accessLevels: levels,
      resourceTypes: a.resourceTypes.map((r) => {
        const rt = svc.resourceTypes.get(r.name.toLowerCase())
        return { name: r.name, required: r.required, arnFormats: rt ? [rt.arnFormat] : [], conditionKeys: r.conditionKeys }
      }),
      conditionKeys: a.conditionKeys,
      dependentActions: deps,
      wildcardOnly: a.resourceTypes.length === 0,
    }
  }

  const action = (name: string): ActionInfo | undefined => {
    const found = findAction(name)
    if (!found) return undefined
    const key = `${found.svc.prefix}:${found.data.name.toLowerCase()}`
    let info = infoCache.get(key)
    if (!info) {
      info = buildInfo(found.svc, found.data)
      infoCache.set(key, info)
    }
    return info
  }

  const canonicalAction = (name: string): string | undefined => {
    const found = findAction(name)
    return found ? `${found.svc.prefix}:${found.data.name}` : undefined
  }

  const expandCache = new Map<string, string[]>()
  const expandAction = (pattern: string): string[] => {
    const p = pattern.trim().toLowerCase()
    const cached = expandCache.get(p)
    if (cached) return cached.slice()
    const glob = compilePattern(p, true)
    let out: string[]
    if (!glob.hasWildcard) {
      const c = canonicalAction(p)
      out = c ? [c] : []
    } else {
      // The literal text before the first wildcard; when it holds the ':', only one service can match.
      const firstWild = p.search(/[*?]/)
      const head = p.slice(0, firstWild)
      const colon = head.indexOf(':')
      out = []
      if (colon > 0) {
        const svc = services.get(head.slice(0, colon))
        if (svc) for (const n of svc.lowerNames) if (glob.test(`${svc.prefix}:${n}`)) out.push(`${svc.prefix}:${svc.actions.get(n)!.name}`)
      } else {
        for (const [lower, full] of allActions) if (glob.test(lower)) out.push(full)
      }
      out.sort()
    }
    if (expandCache.size >= EXPAND_CACHE_MAX) expandCache.clear()
    expandCache.set(p, out)
    return out.slice()
  }

  const nearestActions = (name: string, limit = 5): NearAction[] => {
    const parts = split(name)
    const results = new Map<string, NearAction>()
    const add = (n: NearAction): void => {
      const prev = results.get(n.action)
      if (!prev || prev.distance > n.distance) results.set(n.action, n)
    }
    const typoSearch = (svc: ServiceIndex, wanted: string, extra: number, reason: NearAction['reason']): void => {
      const max = Math.max(2, Math.floor(wanted.length / 4))
      for (const n of svc.lowerNames) {
        const d = editDistance(wanted, n, max)
        if (d <= max) add({ action: `${svc.prefix}:${svc.actions.get(n)!.name}`, distance: d + extra, reason: d === 0 && extra === 0 ? 'case' : reason })
      }
    }
    if (!parts) {
      // No prefix: the same or a close action name in any service.
      const wanted = name.trim().toLowerCase()
      for (const full of byName.get(wanted) ?? []) add({ action: full, distance: 1, reason: 'otherService' })
    } else {
      const [prefix, wanted] = parts
      const svc = services.get(prefix)
      if (svc) typoSearch(svc, wanted, 0, 'typo')
      else {
        // Unknown prefix: look in services whose prefix is close.
        for (const p of sortedPrefixes) {
          const d = editDistance(prefix, p, 2)
          if (d <= 2) typoSearch(services.get(p)!, wanted, d, 'prefixTypo')
        }
      }
      // The same action name under another prefix (`s3:DescribeInstances` → `ec2:DescribeInstances`).
      for (const full of byName.get(wanted) ?? []) {
        if (full.toLowerCase().startsWith(`${prefix}:`)) continue
        add({ action: full, distance: 2, reason: 'otherService' })
      }
    }
    return [...results.values()]
      .sort((a, b) => a.distance - b.distance || (a.action < b.action ? -1 : a.action > b.action ? 1 : 0))
      .slice(0, limit)
  }

  // Best fit first: fewest separators swallowed, then more literal text, then the type defined by the
  // service whose prefix is the ARN's service field (iam `role` before sts `role`), then by name.
  const better = (arnService: string) => (a: Hit, b: Hit): number =>
    a.absorbed - b.absorbed ||
    b.f.literalLength - a.f.literalLength ||
    Number(b.f.service === arnService) - Number(a.f.service === arnService) ||
    (a.f.service + a.f.resourceType < b.f.service + b.f.resourceType ? -1 : 1)

  const matchFormats = (parsed: ParsedArn, ...lists: Array<readonly CompiledArnFormat[] | undefined>): ResourceTypeMatch[] => {
    const seps = countSeparators(parsed.resource)
    const hits: Hit[] = []
    for (const list of lists) if (list) for (const f of list) if (f.test(parsed)) hits.push({ f, absorbed: seps - f.literalSeparators })
    if (hits.length > 1) hits.sort(better(parsed.service.toLowerCase()))
    return hits.map(({ f, absorbed }) => ({ service: f.service, resourceType: f.resourceType, arnFormat: f.arnFormat, absorbedSeparators: absorbed }))
  }

  const arnCache = new Map<string, ResourceTypeMatch[]>()
  const resourceTypesForArn = (arn: string): readonly ResourceTypeMatch[] => {
    const cached = arnCache.get(arn)
    if (cached) return cached
    const parsed = parseArn(arn)
    let out: ResourceTypeMatch[] = []
    if (parsed) {
      // Formats whose literal start is the ARN's (`role/`), plus those that start with a placeholder.
      const byHead = formatsByArnService.get(parsed.service.toLowerCase())
      const head = resourceHeadOf(parsed.resource)
      if (byHead) out = matchFormats(parsed, head ? byHead.get(head) : undefined, byHead.get(''))
    }
    if (arnCache.size >= ARN_CACHE_MAX) arnCache.clear()
    arnCache.set(arn, out)
    return out
  }

  const resourceTypeForArn = (arn: string): ResourceTypeMatch[] => {
    const all = resourceTypesForArn(arn)
    if (all.length <= 1 || all[1].absorbedSeparators !== all[0].absorbedSeparators) return all.slice(0, 1)
    const best = all[0].absorbedSeparators
    const tier = all.filter((m) => m.absorbedSeparators === best)
    // Several services repeat another service's format (ssm lists s3's `bucket`, events lists kms's
    // `key`). When the service named in the ARN defines a type of the best fit, the repeats are dropped.
    const owner = parseArn(arn)!.service.toLowerCase()
    const own = tier.filter((m) => m.service === owner)
    return own.length > 0 ? own : tier
  }

  const arnFormatsFor = (name: string): Array<{ resourceType: string; required: boolean; arnFormat: string }> => {
    const info = action(name)
    if (!info) return []
    return info.resourceTypes.flatMap((r) => r.arnFormats.map((f) => ({ resourceType: r.name, required: r.required, arnFormat: f })))
  }

  const actionFormats = new Map<ActionData, CompiledArnFormat[]>()
  const matchArnToAction = (name: string, arn: string): ResourceTypeMatch[] => {
    const found = findAction(name)
    const parsed = parseArn(arn)
    if (!found || !parsed) return []
    let formats = actionFormats.get(found.data)
    if (!formats) {
      formats = []
      for (const r of found.data.resourceTypes) {
        const f = formatByType.get(`${found.svc.prefix}:${r.name.toLowerCase()}`)
        if (f) formats.push(f)
      }
      actionFormats.set(found.data, formats)
    }
    return matchFormats(parsed, formats)
  }

  const dependentActions = (name: string): DependentAction[] => {
    const found = findAction(name)
    const key = found ? `${found.svc.prefix}:${found.data.name}`.toLowerCase() : name.trim().toLowerCase()
    const fromData = found ? [...found.data.dependentActions, ...found.data.resourceTypes.flatMap((r) => r.dependentActions)] : []
    const out: DependentAction[] = fromData.map((a) => ({ action: a, when: 'listed by the Service Authorization Reference', source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html' }))
    for (const d of dependentTable.get(key) ?? []) out.push(d)
    return out
  }

  return {
    dataVersion: data.version,
    dataUpdatedAt: data.updatedAt,
    services: () => sortedPrefixes.slice(),
    hasService: (p) => services.has(p.trim().toLowerCase()),
    serviceName: (p) => services.get(p.trim().toLowerCase())?.name,
    action,
    canonicalAction,
    expandAction,
    nearestActions,
    arnFormatsFor,
    resourceTypeForArn,
    resourceTypesForArn,
    matchArnToAction,
    conditionKey: (key) => conditionKeys.lookup(key.trim()),
    rcpSupported: (p) => rcp.has(p.trim().toLowerCase()),
    dependentActions,
    actionForEvent: (eventSource, eventName, requestParameters) => mapEvent(eventSource, eventName, requestParameters, canonicalAction),
  }
}
