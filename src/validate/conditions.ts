// The Condition element against the service authorization reference and the operator table (§4.5, §5):
// keys that do not exist or do not belong to the statement's services, operators that do not suit the key's
// type, set operators on the wrong kind of key, policy values the operator cannot read.

import type { Catalog, ConditionKeyInfo } from '../catalog/index.js'
import { childPointer, type Condition } from '../policy/index.js'
import { operatorInfo } from './operator-info.js'
import { actionServices, type CheckContext, type StatementView } from './statements.js'
import { closest, orList } from './text.js'

type Family = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null'

// Keys that name where a role session came from; GKEYS lists them among the global keys, usable with any
// action although they carry a service prefix (§7 of IAM-EVALUATION.md).
const SESSION_ORIGIN_KEYS = new Set(
  [
    'ec2:SourceInstanceArn',
    'ec2:RoleDelivery',
    'lambda:SourceFunctionArn',
    'ssm:SourceInstanceArn',
    'codebuild:BuildArn',
    'codebuild:ProjectArn',
    'glue:RoleAssumedBy',
    'glue:CredentialIssuingService',
    'identitystore:UserId',
  ].map((k) => k.toLowerCase()),
)

/** Which operator families suit a key of each type (OPS): String operators may be used on ARN keys too. */
function suits(family: Family, valueType: string, key: string): boolean {
  switch (family) {
    case 'Null':
      return true
    case 'String':
      return valueType === 'String' || valueType === 'ARN'
    case 'Arn':
      // String keys often hold ARNs (kms:EncryptionContext:aws:s3:arn, tags); an ARN operator reads the
      // value as an ARN and a value that is not one does not match.
      return valueType === 'ARN' || valueType === 'String'
    case 'Numeric':
      // aws:EpochTime is "Date or Numeric" in GKEYS (§7).
      return valueType === 'Numeric' || key.toLowerCase() === 'aws:epochtime'
    case 'Date':
      return valueType === 'Date'
    case 'Bool':
      return valueType === 'Bool'
    case 'Binary':
      return valueType === 'Binary'
    case 'IpAddress':
      return valueType === 'IPAddress'
  }
}

const OPERATORS_FOR: Record<string, string> = {
  String: 'a String operator (StringEquals, StringLike, …)',
  ARN: 'ArnEquals or ArnLike (or a String operator)',
  Numeric: 'a Numeric operator (NumericEquals, NumericLessThan, …)',
  Date: 'a Date operator (DateGreaterThan, DateLessThan, …)',
  Bool: 'Bool',
  Binary: 'BinaryEquals',
  IPAddress: 'IpAddress or NotIpAddress',
}

const TYPE_WORDS: Record<string, string> = {
  String: 'a string',
  ARN: 'an ARN',
  Numeric: 'a number',
  Date: 'a date',
  Bool: 'a boolean',
  Binary: 'binary data',
  IPAddress: 'an IP address',
}

const FAMILY_WORDS: Record<Family, string> = {
  String: 'compares strings',
  Numeric: 'compares numbers',
  Date: 'compares dates',
  Bool: 'compares booleans',
  Binary: 'compares base64-encoded binary values',
  IpAddress: 'compares IP addresses with CIDR blocks',
  Arn: 'compares ARNs',
  Null: 'tests presence',
}

const SERVICE_KEYS = new WeakMap<Catalog, Map<string, string[]>>()

/** Every condition key the reference lists for the actions and resource types of a service. */
function serviceKeys(catalog: Catalog, service: string): string[] {
  let bySvc = SERVICE_KEYS.get(catalog)
  if (!bySvc) SERVICE_KEYS.set(catalog, (bySvc = new Map()))
  let keys = bySvc.get(service)
  if (!keys) {
    const set = new Set<string>()
    for (const name of catalog.expandAction(`${service}:*`)) {
      const a = catalog.action(name)
      if (!a) continue
      for (const k of a.conditionKeys) if (k.toLowerCase().startsWith(`${service}:`)) set.add(k)
      for (const r of a.resourceTypes) for (const k of r.conditionKeys) if (k.toLowerCase().startsWith(`${service}:`)) set.add(k)
    }
    keys = [...set].sort()
    bySvc.set(service, keys)
  }
  return keys
}

/**
 * The reference's entry for a key. Some services write their tag keys as `service:ResourceTag/tag-key`
 * (Secrets Manager, Systems Manager) rather than with a `${TagKey}` placeholder; those are matched too.
 */
function lookupKey(catalog: Catalog, key: string): ConditionKeyInfo | undefined {
  const info = catalog.conditionKey(key)
  if (info) return info
  const slash = key.indexOf('/')
  return slash > 0 ? catalog.conditionKey(`${key.slice(0, slash)}/tag-key`) : undefined
}

function valuePaths(view: StatementView, c: Condition): string[] {
  const block = view.raw.Condition as Record<string, Record<string, unknown>> | undefined
  const raw = block?.[c.operator]?.[c.key]
  return c.values.map((_, i) => (Array.isArray(raw) ? childPointer(c.path, i) : c.path))
}

function unknownKey(ctx: CheckContext, c: Condition): void {
  const key = c.key
  const colon = key.indexOf(':')
  const shown = JSON.stringify(key)
  if (colon <= 0) {
    ctx.out.add('UNKNOWN_CONDITION_KEY', `Condition key ${shown} has no prefix; keys are written "aws:KeyName" or "service:KeyName".`, c.path)
    return
  }
  const prefix = key.slice(0, colon).toLowerCase()
  // Web identity and OIDC keys are named after the provider (`token.actions.githubusercontent.com:sub`,
  // `oidc.eks.us-east-1.amazonaws.com/id/…:aud`); any provider may be trusted, so they are not judged.
  if (prefix.includes('.') || prefix.includes('/')) return
  const effect = 'A request never carries it, so a positive operator on it never matches and a negated one always does (R5.0.1).'
  if (prefix === 'aws') {
    ctx.out.add(
      'UNKNOWN_CONDITION_KEY',
      `${shown} is not a global condition key in the service authorization reference (data ${ctx.catalog.dataVersion}). ${effect}`,
      c.path,
    )
    return
  }
  if (!ctx.catalog.hasService(prefix)) {
    ctx.out.add('UNKNOWN_CONDITION_KEY', `Condition key ${shown}: no AWS service has the prefix "${prefix}". ${effect}`, c.path)
    return
  }
  const near = closest(key, serviceKeys(ctx.catalog, prefix), 3)
  ctx.out.add(
    'UNKNOWN_CONDITION_KEY',
    `${ctx.catalog.serviceName(prefix) ?? prefix} has no condition key ${shown} in the service authorization reference (data ${ctx.catalog.dataVersion}). ${effect}${near.length ? ` Did you mean ${orList(near)}?` : ''}`,
    c.path,
  )
}

/** True when another condition of the statement makes the key's presence required. */
function presenceRequired(view: StatementView, c: Condition): boolean {
  const key = c.key.toLowerCase()
  return view.statement.conditions.some((o) => {
    if (o === c || o.key.toLowerCase() !== key) return false
    if (o.base === 'Null') return o.set === null && o.values.length > 0 && o.values.every((v) => v.toLowerCase() === 'false')
    const info = operatorInfo(o.base)
    return !o.ifExists && o.set !== 'ForAllValues' && info !== undefined && !info.negated
  })
}

function checkKnownKey(ctx: CheckContext, view: StatementView, c: Condition, info: ConditionKeyInfo, family: Family): void {
  const { out } = ctx
  const shown = JSON.stringify(c.key)
  const lower = c.key.toLowerCase()
  // A service key belongs to the services that list it (SVCREF): with other services' actions it is absent.
  if (!info.global && !SESSION_ORIGIN_KEYS.has(lower)) {
    const services = actionServices(view)
    if (services && services.size > 0 && info.services.length > 0 && !info.services.some((s) => services.has(s))) {
      out.add(
        'CONDITION_KEY_NOT_FOR_ACTIONS',
        `${shown} is a condition key of ${orList(info.services)}, but this statement's actions are of ${orList([...services].sort())}: requests for them never carry it, so a positive operator on it never matches and a negated one always does (R5.0.1).`,
        c.path,
      )
    }
  }
  if (!suits(family, info.valueType, c.key)) {
    out.add(
      'CONDITION_OPERATOR_TYPE_MISMATCH',
      `${c.operator} ${FAMILY_WORDS[family]}, but ${shown} holds ${TYPE_WORDS[info.valueType] ?? info.valueType}; use ${OPERATORS_FOR[info.valueType] ?? `an operator for ${info.valueType}`}.`,
      c.path,
    )
  }
  // Set operators are for multivalued keys (R5.10.1, SVMV).
  if (c.set && family === 'Null') return
  if (c.set === 'ForAllValues' && !info.multivalued) {
    out.add(
      'FORALLVALUES_WITH_SINGLE_VALUED_KEY',
      `ForAllValues on the single-valued key ${shown} can make the statement overly permissive: it is also true when the request lacks the key (R5.10.1, R5.10.2, SVMV). Remove "ForAllValues:".`,
      c.path,
    )
  } else if (c.set === 'ForAnyValue' && !info.multivalued) {
    out.add(
      'FORANYVALUE_WITH_SINGLE_VALUED_KEY',
      `${shown} is single-valued; AWS advises against set operators on single-valued keys (R5.10.1, SVMV). Remove "ForAnyValue:".`,
      c.path,
    )
  } else if (!c.set && info.multivalued && family !== 'Null') {
    out.add(
      'MISSING_SET_OPERATOR',
      `${shown} is multivalued (${info.type}); compare it with ForAnyValue:${c.operator} (at least one value matches) or ForAllValues:${c.operator} (every value matches) (R5.10.1, SVMV). How AWS reads it without one is not documented.`,
      c.path,
    )
  }
}

function checkCondition(ctx: CheckContext, view: StatementView, c: Condition): void {
  const { out } = ctx
  const op = operatorInfo(c.base)
  if (!op) return
  const family = op.family as Family
  const info = lookupKey(ctx.catalog, c.key)
  if (info) checkKnownKey(ctx, view, c, info, family)
  else unknownKey(ctx, c)

  if (c.set === 'ForAllValues' && family !== 'Null' && view.statement.effect === 'Allow' && (!info || info.multivalued) && !presenceRequired(view, c)) {
    // ForAllValues is true when the key is missing or empty (R5.10.2, CONDLOGIC, MVEX).
    out.add(
      'FORALLVALUES_ALLOW_WITHOUT_NULL_CHECK',
      `ForAllValues is also true when the request has no ${JSON.stringify(c.key)} at all, so this Allow applies to requests without it (R5.10.2). Add {"Null": {${JSON.stringify(c.key)}: "false"}} to require the key.`,
      c.path,
    )
  }
  if (c.set && family === 'Null') {
    out.add(
      'NULL_WITH_SET_OPERATOR',
      `${c.operator}: Null tests whether the key is present; a set operator adds nothing to it. Use plain "Null".`,
      c.path,
    )
  }

  // Policy values the operator cannot read (via the engine's own readers).
  const variables = ctx.policy.version === '2012-10-17' && op.variables
  const paths = valuePaths(view, c)
  let wildcardReported = false
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i]
    const issue = op.checkValue(v, variables)
    if (issue) {
      const hint = v.includes('${') && !op.variables ? ` ${c.base} does not take policy variables (§5.11).` : ''
      out.add('INVALID_CONDITION_VALUE', `${c.operator} ${JSON.stringify(c.key)}: the value is ${issue}, so it never matches.${hint}`, paths[i])
    } else if (family === 'String' && !op.wildcards && !wildcardReported && /[*?]/.test(v.replace(/\$\{[^}]*\}/g, ''))) {
      wildcardReported = true
      out.add(
        'WILDCARD_WITHOUT_LIKE_OPERATOR',
        `${c.operator} treats * and ? in ${JSON.stringify(v)} literally (§5.1, OPS). For a wildcard match use ${c.base.includes('Not') ? 'StringNotLike' : 'StringLike'}.`,
        paths[i],
      )
    }
  }
}

function checkEmptyBlocks(ctx: CheckContext, view: StatementView): void {
  const block = view.raw.Condition
  if (typeof block !== 'object' || block === null || Array.isArray(block)) return
  const at = childPointer(view.statement.path, 'Condition')
  const operators = Object.keys(block)
  if (operators.length === 0) {
    ctx.out.add('EMPTY_CONDITION_BLOCK', 'The Condition element is empty; remove it or add a condition.', at)
    return
  }
  for (const op of operators) {
    const keys = (block as Record<string, unknown>)[op]
    if (typeof keys === 'object' && keys !== null && !Array.isArray(keys) && Object.keys(keys).length === 0) {
      ctx.out.add('EMPTY_CONDITION_BLOCK', `The ${op} block names no condition key; remove it or add one.`, childPointer(at, op))
    }
  }
}

export function checkConditions(ctx: CheckContext): void {
  for (const view of ctx.statements) {
    checkEmptyBlocks(ctx, view)
    for (const c of view.statement.conditions) checkCondition(ctx, view, c)
  }
}
