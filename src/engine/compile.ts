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
}

export interface CompiledPolicy {
  policy: Policy
  statements: CompiledStatement[]
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
    compiled = { policy, statements: policy.statements.map((s) => compileStatement(s, policy, opts)) }
    store.set(policy, compiled)
  }
  return compiled
}

function compileStatement(s: Statement, policy: Policy, opts: CompileOptions): CompiledStatement {
  const principalOpts = { gatewayEndpoint: !!opts.gatewayEndpoint }
  const conditions = s.conditions.map((c) => compileCondition(c, policy.version))
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
    // A key absent under Null is the answer to the question Null asks, not a missing context key.
    ...conditionKeysOf(s),
  }
}

function conditionKeysOf(s: Statement): { conditionKeys: string[]; conditionKeyNames: string[] } {
  const byLower = new Map<string, string>()
  // A key absent under Null is the answer to the question Null asks, not a missing context key.
  for (const c of s.conditions) if (c.base !== 'Null' && !byLower.has(c.key.toLowerCase())) byLower.set(c.key.toLowerCase(), c.key)
  return { conditionKeys: [...byLower.keys()], conditionKeyNames: [...byLower.values()] }
}
