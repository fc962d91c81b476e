// Compiles a normalized Policy into matchers once. Compiled policies are kept per Policy object (and the
// policy parser returns the same Policy object for the same content), so a policy seen before costs nothing.
import type { Policy, Statement } from '../policy/index.js'
import {
  compileActionMatcher,
  compileNotPrincipalMatcher,
  compilePrincipalMatcher,
  compileResourceMatcher,
  type ActionMatcher,
  type NotPrincipalMatcher,
  type PrincipalMatcher,
  type ResourceMatcher,
} from './match/index.js'
import { compileCondition, type CompiledCondition } from './conditions/index.js'

export interface CompiledStatement {
  statement: Statement
  isDeny: boolean
  action: ActionMatcher | null
  notAction: ActionMatcher | null
  resource: ResourceMatcher | null
  notResource: ResourceMatcher | null
  principal: PrincipalMatcher | null
  notPrincipal: NotPrincipalMatcher | null
  conditions: CompiledCondition[]
  /** Lower-cased keys of the conditions (Null excluded), for missing-key reporting; names as written alongside. */
  conditionKeys: string[]
  conditionKeyNames: string[]
  /** Reason text built from the statement alone, filled in on first use by traces (evaluate-statement.ts). */
  texts: { action?: string; resource?: string }
}

export interface CompiledPolicy {
  policy: Policy
  statements: CompiledStatement[]
  /** Service prefix → indices of the statements whose Action can match an action of that service (NotAction
   *  statements always can), in statement order; filled in on first use (statementsFor). */
  byService: Map<string, number[]>
  /** The last answer of statementsFor (consecutive requests are usually for one service). */
  lastService?: string
  lastStatements?: number[]
}

export interface CompileOptions {
  /** Gateway VPC endpoint policy: an account principal means that account's root user only (R1.8.4, VPCE). */
  gatewayEndpoint?: boolean
}

const cache = new WeakMap<Policy, CompiledPolicy>()
const gatewayCache = new WeakMap<Policy, CompiledPolicy>()

export function compilePolicy(policy: Policy, opts: CompileOptions = {}): CompiledPolicy {
  const store = opts.gatewayEndpoint ? gatewayCache : cache
  let compiled = store.get(policy)
  if (!compiled) {
    compiled = { policy, statements: policy.statements.map((s) => compileStatement(s, policy, opts)), byService: new Map() }
    store.set(policy, compiled)
  }
  return compiled
}

const BY_SERVICE_MAX = 256

/**
 * The statements of a policy that can apply to a request for an action of `serviceLower`, in order. A statement
 * whose Action patterns all name other services cannot match, whatever the rest of it says; a decision-only
 * evaluation skips it (a trace records every statement).
 */
export function statementsFor(compiled: CompiledPolicy, serviceLower: string): number[] {
  if (compiled.lastService === serviceLower) return compiled.lastStatements!
  let hit = compiled.byService.get(serviceLower)
  if (hit === undefined) {
    hit = []
    const list = compiled.statements
    for (let i = 0; i < list.length; i++) {
      const a = list[i].action
      if (!a || a.mayMatchService(serviceLower)) hit.push(i)
    }
    if (compiled.byService.size >= BY_SERVICE_MAX) compiled.byService.clear()
    compiled.byService.set(serviceLower, hit)
  }
  compiled.lastService = serviceLower
  compiled.lastStatements = hit
  return hit
}

function compileStatement(s: Statement, policy: Policy, opts: CompileOptions): CompiledStatement {
  const principalOpts = { gatewayEndpoint: !!opts.gatewayEndpoint }
  const conditions = s.conditions.map((c) => compileCondition(c, policy.version))
  // A key absent under Null is the answer to the question Null asks, not a missing context key.
  const byLower = new Map<string, string>()
  for (const c of s.conditions) if (c.base !== 'Null' && !byLower.has(c.key.toLowerCase())) byLower.set(c.key.toLowerCase(), c.key)
  return {
    statement: s,
    isDeny: s.effect === 'Deny',
    action: s.action ? compileActionMatcher(s.action) : null,
    notAction: s.notAction ? compileActionMatcher(s.notAction) : null,
    resource: s.resource ? compileResourceMatcher(s.resource, policy.version) : null,
    notResource: s.notResource ? compileResourceMatcher(s.notResource, policy.version) : null,
    principal: s.principal ? compilePrincipalMatcher(s.principal, principalOpts) : null,
    notPrincipal: s.notPrincipal ? compileNotPrincipalMatcher(s.notPrincipal, principalOpts) : null,
    conditions,
    conditionKeys: [...byLower.keys()],
    conditionKeyNames: [...byLower.values()],
    texts: {},
  }
}
