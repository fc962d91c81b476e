// Which special authorization rules the request's resource is subject to.
import type { RequestContext } from './request-context.js'

export type ResourceKind = 'kmsKey' | 'roleTrust' | 'other'

// sts actions that a role trust policy governs (R3.1.1, ROLEVSRBP).
const TRUST_ACTIONS = new Set([
  'sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity',
  'sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext',
])

export function resourceKindOf(ctx: RequestContext): ResourceKind {
  const r = ctx.resource
  // KMS key policies govern kms:* actions on a key (R3.2.1, KMSKP). Aliases are resolved to keys by AWS; an
  // alias ARN given here is treated as the key it names.
  if (ctx.service === 'kms' && /^arn:[^:]+:kms:[^:]*:\d{12}:(key|alias)\//.test(r)) return 'kmsKey'
  if (TRUST_ACTIONS.has(ctx.action) && /^arn:[^:]+:iam::\d{12}:role\//.test(r)) return 'roleTrust'
  return 'other'
}
