// Steps every ingester shares: naming the action as the catalog spells it, standing in `*` for a resource
// that cannot be recovered (and saying so), and the context keys an input could not carry.
import type { Catalog } from '../catalog/index.js'
import type { Draft } from './draft.js'

/** Sets the action as read; with a catalog, in AWS's casing, and a note when the reference lacks it. */
export function readAction(draft: Draft, written: string, catalog: Catalog | undefined, derived = false): void {
  const text = written.trim()
  if (!catalog) {
    draft.setAction(text, derived)
    return
  }
  const canonical = catalog.canonicalAction(text)
  if (canonical) {
    draft.setAction(canonical, derived)
    return
  }
  draft.setAction(text, derived)
  const near = catalog.nearestActions(text, 3).map((n) => n.action)
  draft.note(`${text} is not an action of the Service Authorization Reference${near.length ? `; close ones: ${near.join(', ')}` : ''}`)
}

/** The resource types an action acts on, for messages: `object (arn:${Partition}:s3:::${BucketName}/${ObjectName})`. */
export function resourceTypesText(action: string, catalog: Catalog | undefined): string | null {
  const formats = catalog?.arnFormatsFor(action) ?? []
  if (!formats.length) return null
  return formats.map((f) => `${f.resourceType} (${f.arnFormat})`).join(', ')
}

/**
 * No resource could be read. For an action that takes none (Service Authorization Reference: only `*`),
 * `*` is the right value; otherwise `*` stands in, marked inferred, and the gap is listed as missing.
 */
export function resourceNotGiven(draft: Draft, catalog: Catalog | undefined, why: string): void {
  const action = draft.action ? catalog?.action(draft.action) : undefined
  if (action?.wildcardOnly) {
    draft.setResource('*')
    draft.note(`${action.fullName} takes no resource (the Service Authorization Reference lists only "*"), so the resource is "*"`)
    return
  }
  draft.setResource('*', true)
  const types = draft.action ? resourceTypesText(draft.action, catalog) : null
  draft.addMissing(`resource: ${why}${types ? `; ${draft.action} acts on ${types}` : ''}`)
}

/** Context keys an error message cannot carry and that policies commonly test. */
export const REQUEST_CONTEXT_KEYS: readonly string[] = [
  'aws:SourceIp',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:MultiFactorAuthPresent',
  'aws:SecureTransport',
  'aws:RequestedRegion',
  'aws:PrincipalOrgID',
  'aws:PrincipalTag/*',
  'aws:ResourceTag/*',
  'aws:RequestTag/*',
  'aws:TagKeys',
  'aws:ViaAWSService',
  'aws:CalledVia',
]

export function servicePrefixOf(action: string | undefined): string | null {
  if (!action) return null
  const at = action.indexOf(':')
  return at > 0 ? action.slice(0, at).toLowerCase() : null
}
