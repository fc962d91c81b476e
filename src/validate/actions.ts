// Action / NotAction entries against the service authorization reference (§4.3, SVCREF): unknown service
// prefixes, unknown actions (with the nearest real ones), and patterns that match no action.
// IAM saves a document with an unknown action; the entry just never matches a request. Hence a warning.

import type { CheckContext, ActionEntry } from './statements.js'
import { closest, orList } from './text.js'

function suggestions(entry: ActionEntry, ctx: CheckContext): string[] {
  if (entry.hasWildcard) {
    // A pattern under an unknown prefix: suggest the close prefixes with the same pattern.
    const name = entry.text.slice(entry.text.indexOf(':') + 1)
    return closest(entry.service, ctx.catalog.services(), 2).map((p) => `${p}:${name}`)
  }
  return ctx.catalog.nearestActions(entry.text.replace(/\s+/g, ''), 3).map((n) => n.action)
}

function didYouMean(list: string[]): string {
  return list.length ? ` Did you mean ${orList(list)}?` : ''
}

export function checkActions(ctx: CheckContext): void {
  const { out, catalog } = ctx
  for (const view of ctx.statements) {
    const element = view.element
    if (!element) continue
    const effect =
      element === 'NotAction' ? 'so it excludes nothing' : 'so it matches no request'
    for (const entry of view.entries) {
      if (entry.all || /[*?]/.test(entry.service) || entry.service === '') continue
      const shown = JSON.stringify(entry.text)
      if (!entry.knownService) {
        out.add(
          'UNKNOWN_SERVICE',
          `${element} ${shown}: no AWS service has the prefix "${entry.service}" in the service authorization reference (data ${catalog.dataVersion}), ${effect}.${didYouMean(suggestions(entry, ctx))}`,
          entry.path,
        )
      } else if (entry.count === 0 && entry.hasWildcard) {
        out.add(
          'ACTION_WILDCARD_MATCHES_NOTHING',
          `${element} ${shown} matches none of the ${catalog.serviceName(entry.service) ?? entry.service} actions in the service authorization reference, ${effect}.`,
          entry.path,
        )
      } else if (entry.count === 0) {
        out.add(
          'UNKNOWN_ACTION',
          `${element} ${shown}: ${catalog.serviceName(entry.service) ?? entry.service} has no such action in the service authorization reference (data ${catalog.dataVersion}), ${effect}.${didYouMean(suggestions(entry, ctx))}`,
          entry.path,
        )
      }
    }
  }
}
