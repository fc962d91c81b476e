// The Version element and redundancy: things that do not change what the policy grants today.

import { entryPath, rawEntries, type CheckContext } from './statements.js'
import { globMatch } from './text.js'

const VARIABLE = /\$\{[^}]*\}/

/** The first place a policy variable is written: a Resource/NotResource entry or a condition value. */
function firstVariable(ctx: CheckContext): string | undefined {
  for (const view of ctx.statements) {
    const st = view.statement
    for (const element of ['Resource', 'NotResource']) {
      const entries = rawEntries(view.raw, element)
      const i = entries.findIndex((e) => VARIABLE.test(e))
      if (i >= 0) return entryPath(view.raw, st.path, element, i)
    }
    for (const c of st.conditions) {
      const i = c.values.findIndex((v) => VARIABLE.test(v))
      if (i >= 0) return c.path
    }
  }
  return undefined
}

function checkVersion(ctx: CheckContext): void {
  const version = ctx.policy.version
  if (version === '2012-10-17') return
  const variable = firstVariable(ctx)
  const words = version === null ? 'has no Version element' : 'uses Version "2008-10-17"'
  if (variable !== undefined) {
    // Without Version 2012-10-17, ${…} is literal text (R4.1.1, R6.1, VERSION, VARS).
    ctx.out.add(
      'VARIABLES_NEED_VERSION',
      `The policy ${words}, so policy variables such as \${aws:username} are not substituted: they are literal text and match only those characters. Add "Version": "2012-10-17".`,
      variable,
    )
  } else if (version === null) {
    ctx.out.add('MISSING_VERSION', 'The policy has no Version element; add "Version": "2012-10-17" so that newer features such as policy variables work (R4.1.1, VERSION).', '')
  } else {
    ctx.out.add('OLD_VERSION', 'Version "2008-10-17" is the legacy policy language; use "2012-10-17" so that newer features such as policy variables work (R4.1.1, VERSION).', '/Version')
  }
}

/** An Action/NotAction entry that another entry of the same list already covers. */
function checkRedundantActions(ctx: CheckContext): void {
  for (const view of ctx.statements) {
    const star = view.entries.find((e) => e.all)
    /** Lower-cased entry → the first entry written so. */
    const first = new Map<string, (typeof view.entries)[number]>()
    /** Service prefix → its wildcard entries. */
    const patterns = new Map<string, Array<{ text: string; compact: string }>>()
    for (const e of view.entries) {
      const compact = e.text.replace(/\s+/g, '')
      if (e.hasWildcard && !e.all) {
        const list = patterns.get(e.service) ?? []
        list.push({ text: e.text, compact })
        patterns.set(e.service, list)
      }
    }
    for (const e of view.entries) {
      const compact = e.text.replace(/\s+/g, '')
      const lower = compact.toLowerCase()
      const earlier = first.get(lower)
      let cover: string | undefined
      if (earlier) cover = earlier.text
      else {
        first.set(lower, e)
        if (star && !e.all) cover = star.text
        else if (!e.hasWildcard) cover = patterns.get(e.service)?.find((p) => globMatch(p.compact, compact, true))?.text
      }
      if (cover !== undefined) {
        ctx.out.add(
          'REDUNDANT_ACTION',
          `${JSON.stringify(e.text)} is already covered by ${JSON.stringify(cover)} in the same ${view.element}; remove it.`,
          e.path,
        )
      }
    }
  }
}

/** A statement identical to an earlier one (Sid aside). */
function checkRedundantStatements(ctx: CheckContext): void {
  const seen = new Map<string, number>()
  for (const view of ctx.statements) {
    const { Sid: _sid, ...rest } = view.raw
    const key = JSON.stringify(rest)
    const earlier = seen.get(key)
    if (earlier !== undefined) {
      ctx.out.add(
        'REDUNDANT_STATEMENT',
        `This statement repeats statement ${earlier} (Sid aside) and adds nothing; remove it.`,
        view.statement.path,
      )
    } else seen.set(key, view.statement.index)
  }
}

export function checkSuggestions(ctx: CheckContext): void {
  checkVersion(ctx)
  checkRedundantActions(ctx)
  checkRedundantStatements(ctx)
}
