// Format checks for Action/NotAction and Resource/NotResource entries (§4.3, §4.4).

import type { Findings } from './findings.js'
import type { PolicyTypeRules } from './policy-type.js'

const PREFIX = /^[A-Za-z0-9-]+$/
const WHITESPACE = /\s/

/** An action is "*" or "service-prefix:ActionName" (R4.3.1, ACTION; GRAMMAR action_string). */
export function checkAction(action: string, element: string, path: string, findings: Findings): void {
  if (action === '*') return
  const shown = JSON.stringify(action)
  const expected = `${element} entries must be "*" or "service:ActionName" (for example "s3:GetObject")`
  // Format is checked without white space; white space itself is only a warning (below).
  const compact = WHITESPACE.test(action) ? action.replace(/\s+/g, '') : action
  const colon = compact.indexOf(':')
  if (colon === -1 && compact !== '*') {
    findings.error('invalid-action', `${expected}; ${shown} has no ":" between service prefix and action name.`, path)
    return
  }
  const prefix = compact.slice(0, colon)
  const name = compact.slice(colon + 1)
  let problem: string | undefined
  if (compact === '*') problem = undefined
  else if (prefix === '') problem = `${shown} has no service prefix before ":"`
  else if (name === '') problem = `${shown} has no action name after ":"`
  else if (name.indexOf(':') !== -1) problem = `${shown} has more than one ":"`
  else if (!PREFIX.test(prefix)) {
    problem = /[*?]/.test(prefix)
      ? `${shown} has a wildcard in the service prefix; wildcards are allowed only in the action name`
      : `${shown} has a service prefix with characters other than letters, digits and hyphens`
  }
  if (problem) {
    findings.error('invalid-action', `${expected}; ${problem}.`, path)
    return
  }
  if (compact !== action) {
    // AWS's own managed policies have shipped versions with "ec2: DescribeAccountAttributes" and
    // "lambda:ListFunctions " (ViewOnlyAccess v1, SecurityAudit v5), so IAM accepts it; the pattern is kept as
    // written and will not match the action without the space.
    findings.warning(
      'action-whitespace',
      `${element} ${shown} contains white space; it is kept as written, so it matches only an action name with that space (AWS does not document how it treats it). Remove the space.`,
      path,
    )
  }
}

/**
 * A resource is "*" or an ARN `arn:partition:service:region:account-id:resource` (R4.4.1, RESOURCE; IAM's message:
 * "Resource … must be in ARN format or "*""). An ARN with fewer than six parts is accepted only when it ends with
 * "*", which may expand across the remaining colons (R4.4.4, RESOURCE current text).
 */
export function checkResource(
  resource: string,
  element: string,
  path: string,
  rules: PolicyTypeRules,
  findings: Findings,
): void {
  if (resource === '*') return
  const shown = JSON.stringify(resource)
  const format = 'arn:partition:service:region:account-id:resource'
  if (!resource.startsWith('arn:')) {
    findings.add(
      rules.nonArnResource,
      'invalid-resource',
      `${element} ${shown} must be in ARN format (${format}) or "*".`,
      path,
    )
    return
  }
  // Colons 1 and 2 delimit the service segment; an ARN has at least five colons (six parts).
  let colons = 1
  let serviceStart = -1
  let serviceEnd = -1
  for (let i = 4; i < resource.length && colons < 5; i++) {
    if (resource.charCodeAt(i) !== 0x3a) continue
    colons++
    if (colons === 2) serviceStart = i + 1
    else if (colons === 3) serviceEnd = i
  }
  if (colons < 5 && !resource.endsWith('*')) {
    findings.add(
      rules.nonArnResource,
      'incomplete-resource-arn',
      `${element} ${shown} has ${colons + 1} of the 6 ARN parts (${format}); write the missing parts (empty ones as "::") or end it with "*".`,
      path,
    )
    return
  }
  const service =
    serviceStart === -1 ? undefined : resource.slice(serviceStart, serviceEnd === -1 ? resource.length : serviceEnd)
  if (service === '') {
    findings.add(rules.nonArnResource, 'invalid-resource', `${element} ${shown} has an empty service segment.`, path)
  } else if (service !== undefined && /[*?]/.test(service)) {
    // "You can't use a wildcard in the service segment" (R4.4.2, RESOURCE); whether IAM rejects it on save is not
    // documented, so a warning.
    findings.warning(
      'resource-service-wildcard',
      `${element} ${shown} has a wildcard in the service segment; AWS does not support wildcards there.`,
      path,
    )
  }
}
