// One layer's verdict: an explicit deny when any applicable Deny statement matches, allowed when an Allow
// matches, otherwise an implicit deny (EVAL R1.1.x). For SCPs and RCPs each level of the organization tree
// decides on its own and every level must allow (R1.3.5, R1.4.6).
import type { RequestContext } from './request-context.js'
import type { Decision, Layer, StatementRef, StatementTrace } from './types.js'
import { statementsFor, type CompiledPolicy } from './compile.js'
import type { PrincipalMatch } from './match/index.js'
import { matchStatement, traceStatement, traced, type StatementEnv } from './evaluate-statement.js'

export interface LayerPolicy {
  policyId: string
  policyIndex: number
  level?: number
  compiled: CompiledPolicy
  /** The StatementRef of each statement, built on first use. A LayerPolicy belongs to one layer of one prepared
   *  set, so its refs never change; records share them (they are read-only values, like the parsed policies). */
  refs?: StatementRef[]
}

export interface AllowHit {
  ref: StatementRef
  via: PrincipalMatch
}

export interface LayerOutcome {
  layer: Layer
  decision: Decision
  allows: AllowHit[]
  denies: StatementRef[]
  levels?: Array<{ level: number; decision: Decision }>
  statements: StatementTrace[]
}

export function evaluateLayer(
  layer: Layer,
  policies: LayerPolicy[],
  ctx: RequestContext,
  env: StatementEnv,
  trace: boolean,
  levelCount?: number,
): LayerOutcome {
  const allows: AllowHit[] = []
  const denies: StatementRef[] = []
  const statements: StatementTrace[] = []
  // Per level: bit 1 = some Allow matched, bit 2 = some Deny matched.
  const levelFlags = levelCount !== undefined ? new Array<number>(levelCount).fill(0) : null
  let flags = 0

  for (const p of policies) {
    const list = p.compiled.statements
    const refs = p.refs ?? (p.refs = list.map((cs) => makeRef(layer, p, cs.statement.index, cs.statement.sid, cs.statement.effect)))
    // A trace records every statement; a decision needs only those whose Action can match the request's service.
    const only = trace ? null : statementsFor(p.compiled, ctx.service)
    const n = only ? only.length : list.length
    for (let j = 0; j < n; j++) {
      const i = only ? only[j] : j
      const cs = list[i]
      const ref = refs[i]
      let via: PrincipalMatch | null
      if (trace) {
        statements.push(traceStatement(cs, ctx, env, ref))
        via = traced.via
      } else {
        via = matchStatement(cs, ctx, env)
      }
      if (!via) continue
      const bit = cs.isDeny ? 2 : 1
      flags |= bit
      if (levelFlags && p.level !== undefined) levelFlags[p.level] |= bit
      if (cs.isDeny) denies.push(ref)
      else allows.push({ ref, via })
    }
  }

  const outcome: LayerOutcome = { layer, decision: 'implicitDeny', allows, denies, statements }
  if (levelFlags) {
    const levels: Array<{ level: number; decision: Decision }> = []
    let anyDeny = false
    let allAllow = true
    for (let level = 0; level < levelFlags.length; level++) {
      const decision = flagDecision(levelFlags[level])
      levels.push({ level, decision })
      if (decision === 'explicitDeny') anyDeny = true
      else if (decision !== 'allowed') allAllow = false
    }
    outcome.levels = levels
    outcome.decision = anyDeny ? 'explicitDeny' : allAllow ? 'allowed' : 'implicitDeny'
  } else {
    outcome.decision = flagDecision(flags)
  }
  return outcome
}

function flagDecision(f: number): Decision {
  return f & 2 ? 'explicitDeny' : f & 1 ? 'allowed' : 'implicitDeny'
}

function makeRef(layer: Layer, p: LayerPolicy, index: number, sid: string | undefined, effect: 'Allow' | 'Deny'): StatementRef {
  const ref: StatementRef = { layer, policyId: p.policyId, policyIndex: p.policyIndex, index, effect }
  if (p.level !== undefined) ref.level = p.level
  if (sid !== undefined) ref.sid = sid
  return ref
}
