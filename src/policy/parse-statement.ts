// One statement (§4.1–§4.5) and the policy-type rules that apply to it.

import { checkAction, checkResource } from './action-resource.js'
import { describeValue, type Findings } from './findings.js'
import { childPointer } from './json-pointer.js'
import { parseConditionBlock } from './parse-condition.js'
import { parsePrincipal } from './parse-principal.js'
import type { PolicyType, PolicyTypeRules } from './policy-type.js'
import { closestName } from './suggest.js'
import type { Condition, Effect, Principals, Statement } from './types.js'
import { entryPath, hasOwn, readStringList } from './values.js'

export const STATEMENT_ELEMENTS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const

export interface StatementContext {
  policyType: PolicyType | undefined
  rules: PolicyTypeRules
  findings: Findings
}

function typeName(policyType: PolicyType | undefined): string {
  switch (policyType) {
    case 'identity':
      return 'identity-based policies'
    case 'permissionsBoundary':
      return 'permissions boundaries'
    case 'session':
      return 'session policies'
    case 'scp':
      return 'service control policies'
    case 'rcp':
      return 'resource control policies'
    case 'trust':
      return 'role trust policies'
    case 'vpcEndpoint':
      return 'VPC endpoint policies'
    case 'resource':
      return 'resource-based policies'
    default:
      return 'this kind of policy'
  }
}

function parseEffect(s: Record<string, unknown>, path: string, findings: Findings): Effect | undefined {
  if (!hasOwn(s, 'Effect')) {
    findings.error('missing-effect', 'Statement has no Effect; add "Effect": "Allow" or "Effect": "Deny".', path)
    return undefined
  }
  const value = s.Effect
  const at = childPointer(path, 'Effect')
  if (value === 'Allow' || value === 'Deny') return value
  // Effect is exactly Allow or Deny, case-sensitive (R4.1.5, EFFECT).
  let hint = ''
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase()
    if (lower === 'allow') hint = ' Did you mean "Allow"? Effect is case-sensitive.'
    else if (lower === 'deny') hint = ' Did you mean "Deny"? Effect is case-sensitive.'
  }
  findings.error('invalid-effect', `Effect must be exactly "Allow" or "Deny"; got ${describeValue(value)}.${hint}`, at)
  return undefined
}

/** Action / NotAction: exactly one of them; patterns lower-cased (prefix and name are case-insensitive, R4.3.1). */
function parseActions(
  s: Record<string, unknown>,
  path: string,
  ctx: StatementContext,
): { action?: string[]; notAction?: string[] } {
  const { findings } = ctx
  const hasAction = hasOwn(s, 'Action')
  const hasNotAction = hasOwn(s, 'NotAction')
  if (hasAction && hasNotAction) {
    findings.error('action-and-notaction', 'Statement has both Action and NotAction; use only one of them.', path)
    return {}
  }
  if (!hasAction && !hasNotAction) {
    findings.error('missing-action', 'Statement has neither Action nor NotAction; add one of them.', path)
    return {}
  }
  const element = hasAction ? 'Action' : 'NotAction'
  const at = childPointer(path, element)
  if (element === 'NotAction' && ctx.rules.notActionForbidden) {
    findings.error('element-not-allowed', `NotAction is not supported in ${typeName(ctx.policyType)}; use Action.`, at)
  }
  const raw = s[element]
  const list = readStringList(raw, at, element, findings)
  if (!list) return {}
  const out: string[] = new Array<string>(list.length)
  for (let i = 0; i < list.length; i++) {
    checkAction(list[i], element, entryPath(raw, at, i), findings)
    out[i] = list[i].toLowerCase()
  }
  return element === 'Action' ? { action: out } : { notAction: out }
}

function parseResources(
  s: Record<string, unknown>,
  path: string,
  ctx: StatementContext,
): { resource?: string[]; notResource?: string[] } {
  const { findings, rules } = ctx
  const hasResource = hasOwn(s, 'Resource')
  const hasNotResource = hasOwn(s, 'NotResource')
  if (hasResource && hasNotResource) {
    const message = 'Statement has both Resource and NotResource; use only one of them.'
    findings.error('resource-and-notresource', message, path)
    return {}
  }
  if (!hasResource && !hasNotResource) {
    // Each statement needs Resource or NotResource (R4.1.6, RESOURCE); trust policies imply the role, and some
    // resource-based policies imply their resource.
    if (rules.missingResource !== 'allowed') {
      findings.add(
        rules.missingResource,
        'missing-resource',
        'Statement has neither Resource nor NotResource; add one (for example "Resource": "*").',
        path,
      )
    }
    return {}
  }
  const element = hasResource ? 'Resource' : 'NotResource'
  const at = childPointer(path, element)
  if (ctx.policyType === 'trust') {
    findings.warning(
      'resource-in-trust-policy',
      `Role trust policies do not use ${element}: the resource is the role itself. IAM may reject the document.`,
      at,
    )
  }
  const raw = s[element]
  const list = readStringList(raw, at, element, findings)
  if (!list) return {}
  for (let i = 0; i < list.length; i++) checkResource(list[i], element, entryPath(raw, at, i), rules, findings)
  const out = list.slice()
  return element === 'Resource' ? { resource: out } : { notResource: out }
}

function parsePrincipals(
  s: Record<string, unknown>,
  path: string,
  effect: Effect | undefined,
  ctx: StatementContext,
): { principal?: Principals; notPrincipal?: Principals } {
  const { findings, rules, policyType } = ctx
  const hasPrincipal = hasOwn(s, 'Principal')
  const hasNotPrincipal = hasOwn(s, 'NotPrincipal')
  const kind = typeName(policyType)
  if (hasPrincipal && hasNotPrincipal) {
    const message = 'Statement has both Principal and NotPrincipal; use only one of them.'
    findings.error('principal-and-notprincipal', message, path)
    return {}
  }
  if (!hasPrincipal && !hasNotPrincipal) {
    // Resource-based policies (incl. trust, VPCE, RCP) must name who they apply to (R4.1.6, R4.2.1, PRINCIPAL).
    if (rules.principalRequired) {
      const message = `Statement has no Principal; ${kind} must name the principal they apply to.`
      findings.error('principal-required', message, path)
    }
    return {}
  }
  const element = hasPrincipal ? 'Principal' : 'NotPrincipal'
  const at = childPointer(path, element)
  if (rules.principalForbidden) {
    // The principal of an identity policy is the identity it is attached to (R4.2.1, PRINCIPAL); SCPs have none.
    findings.error('principal-not-allowed', `${element} is not allowed in ${kind}; remove it.`, at)
  } else if (element === 'NotPrincipal') {
    if (rules.notPrincipalForbidden) {
      // NotPrincipal: not in trust policies (R4.2.8, NOTPRINCIPAL), not in RCPs (R1.4.5, RCPSYN).
      findings.error(
        'notprincipal-not-allowed',
        `NotPrincipal is not allowed in ${kind}; use "Principal" with a condition on aws:PrincipalArn.`,
        at,
      )
    } else if (effect === 'Allow') {
      // "NotPrincipal must be used with Effect Deny. Using it with Allow is not supported." (R4.2.8, NOTPRINCIPAL)
      findings.add(
        policyType === undefined ? 'warning' : 'error',
        'notprincipal-with-allow',
        'NotPrincipal is supported only with "Effect": "Deny"; with Allow it would grant everyone else.',
        at,
      )
    }
  }
  const parsed = parsePrincipal(s[element], at, element, findings)
  if (parsed && element === 'Principal' && rules.principalMustBeWildcard && s.Principal !== '*') {
    // RCPs name every principal and narrow them with conditions (R1.4.5, RCPSYN).
    findings.error(
      'rcp-principal-not-wildcard',
      'In resource control policies Principal must be "*"; restrict principals with conditions such as aws:PrincipalArn.',
      at,
    )
  }
  if (!parsed) return {}
  return element === 'Principal' ? { principal: parsed } : { notPrincipal: parsed }
}

/** Parses one statement object; returns undefined when it has errors (the findings say why). */
export function parseStatement(
  s: Record<string, unknown>,
  index: number,
  path: string,
  ctx: StatementContext,
): Statement | undefined {
  const { findings } = ctx
  const before = findings.list.length
  for (const key of Object.keys(s)) {
    if ((STATEMENT_ELEMENTS as readonly string[]).includes(key)) continue
    const suggestion = closestName(key, STATEMENT_ELEMENTS)
    const hint = suggestion ? ` Did you mean "${suggestion}"? Element names are case-sensitive.` : ''
    findings.error(
      'unknown-element',
      `Unknown statement element "${key}"; statements may contain ${STATEMENT_ELEMENTS.join(', ')}.${hint}`,
      childPointer(path, key),
    )
  }
  let sid: string | undefined
  if (hasOwn(s, 'Sid')) {
    if (typeof s.Sid === 'string') sid = s.Sid
    else findings.error('invalid-type', `Sid must be a string; got ${describeValue(s.Sid)}.`, childPointer(path, 'Sid'))
  }
  const effect = parseEffect(s, path, findings)
  const actions = parseActions(s, path, ctx)
  const resources = parseResources(s, path, ctx)
  const principals = parsePrincipals(s, path, effect, ctx)
  let conditions: Condition[] = []
  if (hasOwn(s, 'Condition')) conditions = parseConditionBlock(s.Condition, childPointer(path, 'Condition'), findings)

  for (let i = before; i < findings.list.length; i++) {
    if (findings.list[i].severity === 'error') return undefined
  }
  if (!effect) return undefined
  const statement: Statement = { index, effect, conditions, path }
  if (sid !== undefined) statement.sid = sid
  if (principals.principal) statement.principal = principals.principal
  if (principals.notPrincipal) statement.notPrincipal = principals.notPrincipal
  if (actions.action) statement.action = actions.action
  if (actions.notAction) statement.notAction = actions.notAction
  if (resources.resource) statement.resource = resources.resource
  if (resources.notResource) statement.notResource = resources.notResource
  return statement
}
