// Resource entries against the resource types of the statement's actions (§4.4, SVCREF): the bucket/object
// mistake caught before it ships. A statement's resource that no action of the statement acts on grants (or
// denies) nothing; an action none of whose resource types the statement names is never allowed (or denied)
// by it; an action that supports no resource-level permissions is authorized on "*" only (R4.4.7, RESOURCE).
//
// A plain ARN is placed with the catalog (matchArnToAction, resourceTypesForArn); a pattern with wildcards or
// variables with arn-pattern.ts, under the same measure of fit: an ARN belongs to the resource types it fits
// best, so `arn:aws:s3:::b/*` is an object ARN even though `${BucketName}` could swallow "b/x".

import type { ActionInfo, Catalog } from '../catalog/index.js'
import { COLON_COST, formatAlternatives, formatTokens, intersectionCost, isPattern, patternTokens, serviceField, witness } from './arn-pattern.js'
import { entryPath, rawEntries, type ActionEntry, type CheckContext, type StatementView } from './statements.js'
import { andList, orList, some } from './text.js'

interface FormatRef {
  resourceType: string
  arnFormat: string
}

interface Caches {
  /** ARN service field → formats of the service with that prefix (its own resource types). */
  serviceFormats: Map<string, FormatRef[]>
  tokens: Map<string, Int32Array | null>
  costs: Map<string, number>
}

const CACHES = new WeakMap<Catalog, Caches>()
const COST_CACHE_MAX = 20000
/** Statements whose actions expand to more than this are not placed (`*:Describe*`): too broad to judge. */
const MAX_ACTIONS = 2500

function cachesFor(catalog: Catalog): Caches {
  let c = CACHES.get(catalog)
  if (!c) {
    c = { serviceFormats: new Map(), tokens: new Map(), costs: new Map() }
    CACHES.set(catalog, c)
  }
  return c
}

function tokensOf(caches: Caches, format: string): Int32Array | null {
  let t = caches.tokens.get(format)
  if (t === undefined) {
    t = formatTokens(format)
    caches.tokens.set(format, t)
  }
  return t
}

/** Cost of the pattern against the format (-1: they share no ARN), cached. */
function costOf(caches: Caches, pattern: string, patternToks: Int32Array, format: string): number {
  const key = `${pattern}\u0000${format}`
  let cost = caches.costs.get(key)
  if (cost === undefined) {
    cost = -1
    for (const alternative of formatAlternatives(format)) {
      const ft = tokensOf(caches, alternative)
      // A format that is not an ARN cannot be judged: treat it as fitting.
      const c = ft ? intersectionCost(patternToks, ft) : 0
      if (c >= 0 && (cost < 0 || c < cost)) cost = c
    }
    if (caches.costs.size >= COST_CACHE_MAX) caches.costs.clear()
    caches.costs.set(key, cost)
  }
  return cost
}

/** The resource types of the service whose prefix is the ARN's service field, with formats of that field. */
function serviceFormats(catalog: Catalog, caches: Caches, field: string): FormatRef[] {
  const key = field.toLowerCase()
  let list = caches.serviceFormats.get(key)
  if (!list) {
    const seen = new Set<string>()
    list = []
    if (catalog.hasService(key)) {
      for (const name of catalog.expandAction(`${key}:*`)) {
        for (const f of catalog.arnFormatsFor(name)) {
          if (seen.has(f.arnFormat) || serviceField(f.arnFormat)?.toLowerCase() !== key) continue
          seen.add(f.arnFormat)
          list.push({ resourceType: f.resourceType, arnFormat: f.arnFormat })
        }
      }
    }
    caches.serviceFormats.set(key, list)
  }
  return list
}

interface Placed {
  text: string
  path: string
  /** '*' or an ARN whose service field is literal: something we can place. */
  judged: boolean
  star: boolean
  tokens: Int32Array | null
  /** The best fit over the resource types of its service (Infinity when the service has none). */
  bestCost: number
  /** The resource types it belongs to, for messages. */
  bestTypes: FormatRef[]
  /** The formats of its service it fits best (for the qualifier rule in acts()). */
  fitFormats: string[]
}

function place(ctx: CheckContext, caches: Caches, text: string, path: string): Placed {
  const base: Placed = { text, path, judged: false, star: text === '*', tokens: null, bestCost: Infinity, bestTypes: [], fitFormats: [] }
  if (text === '*') return { ...base, judged: true }
  const field = serviceField(text)
  if (!field || /[*?$]/.test(field)) return base
  return { ...base, judged: true, tokens: patternTokens(text), bestCost: NaN }
}

/** The best fit of an entry over the resource types of its service, computed when first needed. */
function bestFit(ctx: CheckContext, caches: Caches, r: Placed): void {
  if (!Number.isNaN(r.bestCost)) return
  const field = serviceField(r.text)!
  let best = Infinity
  let fit: FormatRef[] = []
  for (const f of serviceFormats(ctx.catalog, caches, field)) {
    const c = costOf(caches, r.text, r.tokens!, f.arnFormat)
    if (c < 0) continue
    if (c < best) {
      best = c
      fit = [f]
    } else if (c === best) fit.push(f)
  }
  r.bestCost = best
  r.fitFormats = fit.map((f) => f.arnFormat)
  // Name the types from the catalog, which knows every resource type (also those no action lists).
  const named = ctx.catalog.resourceTypeForArn(isPattern(r.text) ? witness(r.text) : r.text)
  r.bestTypes = dedupe(named.length > 0 || best >= COLON_COST ? named.map((m) => ({ resourceType: m.resourceType, arnFormat: m.arnFormat })) : fit)
}

function dedupe(list: FormatRef[]): FormatRef[] {
  const seen = new Set<string>()
  return list.filter((f) => (seen.has(f.arnFormat) ? false : (seen.add(f.arnFormat), true)))
}

// The reference defines two services under this prefix (Elastic Load Balancing and Elastic Load Balancing
// V2); the data keeps one definition per action name, so the resource types of shared names are incomplete.
const MIXED_PREFIXES = new Set(['elasticloadbalancing'])

/** Does the action act on resources the entry names? ('*' always; an unjudged entry is given the benefit.) */
function acts(ctx: CheckContext, caches: Caches, action: ActionInfo, r: Placed): boolean {
  if (r.star || !r.judged || MIXED_PREFIXES.has(action.service)) return true
  if (!isPattern(r.text)) {
    // A plain ARN: the catalog places it among the action's resource types (best fit first).
    const own = ctx.catalog.matchArnToAction(action.fullName, r.text)
    const best = ctx.catalog.resourceTypesForArn(r.text)[0]?.absorbedSeparators ?? Infinity
    if (own.length > 0 && own[0].absorbedSeparators <= best) return true
  }
  let own = Infinity
  const ownFormats: string[] = []
  for (const f of ctx.catalog.arnFormatsFor(action.fullName)) {
    const c = costOf(caches, r.text, r.tokens!, f.arnFormat)
    if (c >= 0 && c < own) own = c
    ownFormats.push(...formatAlternatives(f.arnFormat))
  }
  if (own === Infinity) return false
  if (own === 0) return true
  bestFit(ctx, caches, r)
  // The best fit decides between types only when it is a clean one; a fit that needs a ':' swallowed is no
  // real fit of any type, so then any intersection is given the benefit of the doubt.
  if (own <= r.bestCost || r.bestCost >= COLON_COST) return true
  // A qualified ARN (`function:name:alias`) fits its qualified type best, but AWS authorizes the actions of
  // the unqualified type on it too: a best fit that extends one of the action's formats by ":${…}" counts.
  return r.fitFormats.some((g) => formatAlternatives(g).some((ga) => ownFormats.some((f) => ga.startsWith(`${f}:`))))
}

function needs(ctx: CheckContext, action: ActionInfo): FormatRef[] {
  return dedupe(ctx.catalog.arnFormatsFor(action.fullName).map((f) => ({ resourceType: f.resourceType, arnFormat: f.arnFormat })))
}

function describeNeeds(ctx: CheckContext, action: ActionInfo): string {
  const types = needs(ctx, action).map((f) => `${f.resourceType} (${f.arnFormat})`)
  return `${action.fullName} acts on ${orList(some(types, 3))}`
}

function describeFit(r: Placed): string {
  if (!r.judged) return ''
  if (r.bestTypes.length === 0) return `${r.text} fits none of the resource types of its service`
  const names = [...new Set(r.bestTypes.map((t) => t.resourceType))]
  const article = /^[aeiou]/i.test(names[0]) ? 'an' : 'a'
  return `${r.text} names ${article} ${orList(some(names, 3))} resource`
}

/** A corrected ARN: the resource extended or cut to the needed format when one format extends the other. */
function suggestFix(r: Placed, needed: FormatRef[]): string | undefined {
  for (const have of r.bestTypes) {
    for (const want of needed) {
      if (want.arnFormat.length > have.arnFormat.length && want.arnFormat.startsWith(have.arnFormat)) {
        // `arn:…:s3:::${BucketName}` → `…/${ObjectName}`: append the rest with '*' for each placeholder.
        const rest = want.arnFormat.slice(have.arnFormat.length).replace(/\$\{[^}]*\}|<[^>]*>/g, '*')
        return r.text.endsWith('*') && rest.startsWith('/') ? undefined : r.text + rest
      }
      if (have.arnFormat.length > want.arnFormat.length && have.arnFormat.startsWith(want.arnFormat)) {
        // Cut the resource part after as many separators as the shorter format has.
        const wantResource = want.arnFormat.split(':').slice(5).join(':')
        const keep = (wantResource.replace(/\$\{[^}]*\}|<[^>]*>/g, '').match(/[/:]/g) ?? []).length
        const parts = r.text.split(':')
        if (parts.length < 6) return undefined
        const resource = parts.slice(5).join(':')
        let seps = 0
        for (let i = 0; i < resource.length; i++) {
          if (resource[i] === '/' || resource[i] === ':') {
            if (seps === keep) {
              const cut = `${parts.slice(0, 5).join(':')}:${resource.slice(0, i)}`
              return /[*?]$/.test(resource.slice(0, i)) || resource.slice(0, i) === '' ? undefined : cut
            }
            seps++
          }
        }
      }
    }
  }
  return undefined
}

interface EntryActions {
  entry: ActionEntry
  /** Actions with resource types. */
  placed: ActionInfo[]
  /** Actions that support no resource-level permissions. */
  starOnly: ActionInfo[]
}

function checkStatement(ctx: CheckContext, caches: Caches, view: StatementView): void {
  const st = view.statement
  if (view.element !== 'Action' || !st.resource) return
  if (view.entries.some((e) => e.all)) return
  const total = view.entries.reduce((n, e) => n + e.count, 0)
  if (total === 0 || total > MAX_ACTIONS) return
  if (st.resource.includes('*')) return
  const resources = rawEntries(view.raw, 'Resource').map((text, i) => place(ctx, caches, text, entryPath(view.raw, st.path, 'Resource', i)))
  const groups: EntryActions[] = view.entries
    .filter((e) => e.actions.length > 0)
    .map((entry) => ({ entry, placed: entry.actions.filter((a) => !a.wildcardOnly), starOnly: entry.actions.filter((a) => a.wildcardOnly) }))
  const verb = st.effect === 'Allow' ? 'allows' : 'denies'

  // Actions authorized on "*" only (R4.4.7, RESOURCE).
  for (const g of groups) {
    if (g.placed.length > 0 || g.starOnly.length === 0) continue
    const names = g.entry.hasWildcard ? `${JSON.stringify(g.entry.text)} (${andList(some(g.starOnly.map((a) => a.fullName), 3))})` : g.starOnly[0].fullName
    ctx.out.add(
      'ACTION_NEEDS_STAR_RESOURCE',
      `${names} ${g.starOnly.length > 1 ? 'support' : 'supports'} no resource-level permissions: AWS authorizes ${g.starOnly.length > 1 ? 'them' : 'it'} on "*", which none of this statement's resources matches, so the statement never ${verb} ${g.starOnly.length > 1 ? 'them' : 'it'}. Move ${g.starOnly.length > 1 ? 'them' : 'it'} to a statement with "Resource": "*".`,
      g.entry.path,
    )
  }

  const withTypes = groups.filter((g) => g.placed.length > 0)
  if (withTypes.length === 0) return
  const judged = resources.filter((r) => r.judged)
  const matches = new Map<Placed, boolean>()
  const entryOk = new Map<EntryActions, boolean>()
  for (const g of withTypes) {
    let ok = false
    for (const r of judged) {
      for (const a of g.placed) {
        if (acts(ctx, caches, a, r)) {
          ok = true
          matches.set(r, true)
          break
        }
      }
    }
    // Unjudged entries (wildcards in the service field) may name anything.
    if (judged.length < resources.length) ok = true
    entryOk.set(g, ok)
  }
  // An unknown action may be the one meant for a resource: then unused resources are not reported.
  const unknownEntries = view.entries.some((e) => !e.all && e.count === 0)
  const failingResources = unknownEntries ? [] : judged.filter((r) => !matches.get(r))
  const allFail = failingResources.length === resources.length && resources.length > 0
  const placedActions = withTypes.flatMap((g) => g.placed)

  for (const r of failingResources) {
    bestFit(ctx, caches, r)
    const fix = suggestFix(r, placedActions.flatMap((a) => needs(ctx, a)))
    const actionsText = some(
      [...new Map(placedActions.map((a) => [a.fullName, a])).values()].map((a) => describeNeeds(ctx, a)),
      3,
    )
    ctx.out.add(
      'RESOURCE_MATCHES_NO_ACTION',
      `${describeFit(r)}, which none of this statement's actions acts on, so the statement ${verb} nothing on it: ${actionsText.join('; ')}.${fix ? ` Did you mean ${fix}?` : ''}`,
      r.path,
    )
  }
  if (allFail) return
  for (const g of withTypes) {
    if (entryOk.get(g)) continue
    const needed = g.placed.flatMap((a) => needs(ctx, a))
    for (const r of judged) if (!r.star) bestFit(ctx, caches, r)
    const fixes = [...new Set(resources.map((r) => suggestFix(r, needed)).filter((x): x is string => x !== undefined))]
    const what = g.entry.hasWildcard ? `None of the actions ${JSON.stringify(g.entry.text)} stands for acts` : `${g.placed[0].fullName} does not act`
    ctx.out.add(
      'ACTION_MATCHES_NO_RESOURCE',
      `${what} on any of this statement's resources, so the statement never ${verb} ${g.entry.hasWildcard ? 'them' : 'it'}: ${describeNeeds(ctx, g.placed[0])}.${fixes.length ? ` Add ${orList(fixes)}.` : ''}`,
      g.entry.path,
    )
  }
}

export function checkResources(ctx: CheckContext): void {
  const caches = cachesFor(ctx.catalog)
  for (const view of ctx.statements) checkStatement(ctx, caches, view)
}
