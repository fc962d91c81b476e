// One layer's verdict: an explicit deny when any applicable Deny statement matches, allowed when an Allow
// matches, otherwise an implicit deny (EVAL R1.1.x). For SCPs and RCPs each level of the organization tree
// decides on its own and every level must allow (R1.3.5, R1.4.6).
import type { RequestContext } from './request-context.js'
import type { Decision, Layer, StatementRef, StatementTrace } from './types.js'
import type { CompiledPolicy } from './compile.js'
import type { PrincipalMatch } from './match/index.js'
import { matchStatement, traceStatement, type StatementEnv } from './evaluate-statement.js'

export interface LayerPolicy {
  policyId: string
  policyIndex: number
  level?: number
  compiled: CompiledPolicy
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
    for (let i = 0; i < list.length; i++) {
      const cs = list[i]
      let via: PrincipalMatch | null
      let ref: StatementRef | undefined
      if (trace) {
        ref = makeRef(layer, p, cs.statement.index, cs.statement.sid, cs.statement.effect)
        const r = traceStatement(cs, ctx, env, ref)
        statements.push(r.trace)
        via = r.via
      } else {
        via = matchStatement(cs, ctx, env)
      }
      if (!via) continue
      ref ??= makeRef(layer, p, cs.statement.index, cs.statement.sid, cs.statement.effect)
      const bit = cs.isDeny ? 2 : 1
      flags |= bit
      if (levelFlags && p.level !== undefined) levelFlags[p.level] |= bit
      if (cs.isDeny) denies.push(ref)
      else allows.push({ ref, via })
    }
  }

  const outcome: LayerOutcome = { layer, decision: 'implicitDeny', allows, denies, statements }
  if (levelFlags) {
    outcome.levels = levelFlags.map((f, level) => ({ level, decision: flagDecision(f) }))
    outcome.decision = outcome.levels.some((l) => l.decision === 'explicitDeny')
      ? 'explicitDeny'
      : outcome.levels.every((l) => l.decision === 'allowed')
        ? 'allowed'
        : 'implicitDeny'
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
