// Which resource an action needs, from the Service Authorization Reference, and how a statement's Resource patterns
// differ from the request's ARN: bucket vs object (R3.3.2, S3EVAL), account, region, case (ARNs are case-sensitive,
// R4.4, RESOURCE), or another service.
import { parseArn, type Catalog } from '../catalog/index.js'
import { globMatch } from './glob.js'
import type { ResourceEvidence } from './types.js'

/**
 * The resource pattern a fix grants on: `*` when the request names no resource or the action takes none (it
 * supports no resource type); `arn:<partition>:s3:::<bucket>/*` for S3 object actions (the objects of the bucket,
 * R3.3.2); the request's ARN itself otherwise.
 */
export function neededResourcePattern(catalog: Catalog, action: string, resource: string): string {
  if (resource === '*') return '*'
  let byResource = neededCache.get(action)
  let hit = byResource?.get(resource)
  if (hit === undefined || hit.catalog !== catalog) {
    hit = { catalog, pattern: computeNeeded(catalog, action, resource) }
    if (neededCount >= 4096) {
      neededCache.clear()
      neededCount = 0
      byResource = undefined
    }
    if (!byResource) neededCache.set(action, (byResource = new Map()))
    if (!byResource.has(resource)) neededCount++
    byResource.set(resource, hit)
  }
  return hit.pattern
}

// action → resource → pattern (no key text is built per lookup).
const neededCache = new Map<string, Map<string, { catalog: Catalog; pattern: string }>>()
let neededCount = 0

function computeNeeded(catalog: Catalog, action: string, resource: string): string {
  const info = catalog.action(action)
  if (info?.wildcardOnly) return '*'
  const best = catalog.matchArnToAction(action, resource)[0]
  if (best && best.service === 's3' && best.resourceType === 'object') {
    const arn = parseArn(resource)
    const slash = arn ? arn.resource.indexOf('/') : -1
    if (arn && slash > 0) return `arn:${arn.partition}:s3:::${arn.resource.slice(0, slash)}/*`
  }
  return resource
}

/** The resource types the action acts on (shared, read-only: the same array for every finding about the action). */
export function actionResourceTypes(catalog: Catalog, action: string): ResourceEvidence['actionResourceTypes'] {
  let byAction = typesCache.get(catalog)
  if (!byAction) typesCache.set(catalog, (byAction = new Map()))
  let types = byAction.get(action)
  if (!types) {
    types = catalog.arnFormatsFor(action).map((f) => ({ resourceType: f.resourceType, arnFormat: f.arnFormat, required: f.required }))
    if (byAction.size >= 4096) byAction.clear()
    byAction.set(action, types)
  }
  return types
}

const typesCache = new WeakMap<Catalog, Map<string, ResourceEvidence['actionResourceTypes']>>()

/** The resource type of the request's ARN for this action (the best fit), when the catalog knows it. */
export function requestResourceType(catalog: Catalog, action: string, resource: string): string | undefined {
  if (resource === '*') return undefined
  return catalog.matchArnToAction(action, resource)[0]?.resourceType ?? catalog.resourceTypeForArn(resource)[0]?.resourceType
}

interface Compared {
  pattern: string
  difference: ResourceEvidence['difference']
  patternResourceType?: string
  /** Lower is closer. */
  distance: number
  /** One field that differs (account/region/partition): the pattern's value and the request's. */
  field?: { name: string; pattern: string; request: string }
}

/** Compares each pattern with the request's ARN and returns the closest, with how it differs. */
export function closestPattern(catalog: Catalog, action: string, resource: string, patterns: readonly string[]): Compared | undefined {
  let best: Compared | undefined
  for (const pattern of patterns) {
    const c = compare(catalog, action, resource, pattern)
    if (!best || c.distance < best.distance) best = c
  }
  return best
}

function compare(catalog: Catalog, action: string, resource: string, pattern: string): Compared {
  const patternType = pattern === '*' ? undefined : catalog.resourceTypeForArn(pattern)[0]
  const requestType = resource === '*' ? undefined : catalog.matchArnToAction(action, resource)[0] ?? catalog.resourceTypeForArn(resource)[0]
  const out = (difference: Compared['difference'], distance: number, field?: Compared['field']): Compared => {
    const c: Compared = { pattern, difference, distance }
    if (patternType) c.patternResourceType = patternType.resourceType
    if (field) c.field = field
    return c
  }
  if (patternType && requestType && patternType.service === requestType.service && patternType.resourceType !== requestType.resourceType) {
    // The pattern names a container of the resource (the bucket of an object) or something inside it.
    const stem = pattern.endsWith('*') ? pattern.slice(0, -1) : pattern
    const related = resource.startsWith(stem.endsWith('/') ? stem : `${stem}/`) || pattern.startsWith(`${resource}/`)
    if (related) return out('resourceType', 0)
  }
  if (globMatch(pattern, resource, true)) return out('case', 1)
  const p = parseArn(pattern)
  const r = parseArn(resource)
  if (!p || !r) return out('other', 6)
  if (!globMatch(p.service, r.service, true)) return out('service', 5)
  const fields: Array<['partition' | 'region' | 'account', string, string]> = [
    ['partition', p.partition, r.partition],
    ['region', p.region, r.region],
    ['account', p.account, r.account],
  ]
  const differing = fields.filter(([, pv, rv]) => !globMatch(pv, rv))
  if (differing.length === 1 && globMatch(p.resource, r.resource)) {
    const [name, pv, rv] = differing[0]
    return out(name, 2, { name, pattern: pv, request: rv })
  }
  return out('other', 4)
}
