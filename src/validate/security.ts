// Statements that grant more than they seem to. Only documents that grant are judged: identity and resource
// policies and role trust policies. Boundaries, session policies, SCPs, RCPs and VPC endpoint policies only
// cap what others grant (R1.3.1, R1.4.1, R1.6, R1.7, R1.8), so "Allow *" there is the usual full-access cap.

import { childPointer, type PolicyType } from '../policy/index.js'
import { entryPath, rawEntries, type CheckContext, type StatementView } from './statements.js'
import { globMatch } from './text.js'

const GRANTING: ReadonlySet<PolicyType> = new Set<PolicyType>(['identity', 'resource', 'trust'])
/** Policies whose Principal says who is granted access. */
const NAMING_PRINCIPALS: ReadonlySet<PolicyType> = new Set<PolicyType>(['resource', 'trust'])

// Condition keys that say nothing about who the caller is or where the call comes from: a statement for
// Principal "*" whose conditions use only these is still open to anyone (the Referer header and user agent
// are set by the caller, GKEYS).
const NON_RESTRICTING_KEYS = [
  'aws:securetransport',
  'aws:currenttime',
  'aws:epochtime',
  'aws:requestedregion',
  'aws:useragent',
  'aws:referer',
  'aws:requesttag/*',
  'aws:resourcetag/*',
  'aws:tagkeys',
  's3:prefix',
  's3:delimiter',
  's3:max-keys',
  's3:x-amz-acl',
  's3:x-amz-server-side-encryption',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  's3:x-amz-content-sha256',
  's3:signatureversion',
  's3:signatureage',
  's3:authtype',
  's3:tlsversion',
  's3:existingobjecttag/*',
  's3:requestobjecttag/*',
  's3:requestobjecttagkeys',
  's3:versionid',
  's3:locationconstraint',
]

function isNonRestricting(key: string): boolean {
  const lower = key.toLowerCase()
  return NON_RESTRICTING_KEYS.some((k) => globMatch(k, lower))
}

/** The Action entries of the statement that cover iam:PassRole. */
function passRoleEntries(view: StatementView): string[] {
  return view.entries.filter((e) => globMatch(e.text.replace(/\s+/g, ''), 'iam:PassRole', true)).map((e) => e.path)
}

/** A Resource entry that names every role (of an account or of all): "*", `arn:aws:iam::*:role/*`, … */
function coversAnyRole(resource: string): boolean {
  if (resource === '*') return true
  // Probe with two role ARNs of the pattern's own partition and account: one plain, one with a path.
  const partition = /^arn:([a-z-]+):/.exec(resource)?.[1] ?? 'aws'
  const account = /^arn:[^:]*:iam::(\d{12}):/.exec(resource)?.[1] ?? '111122223333'
  const role = (name: string) => `arn:${partition}:iam::${account}:role/${name}`
  return globMatch(resource, role('zz-any-role-name')) && globMatch(resource, role('a/b/other'))
}

function checkStatement(ctx: CheckContext, view: StatementView): void {
  const { out, policyType } = ctx
  const st = view.statement
  if (st.effect !== 'Allow') return
  const at = (element: string) => childPointer(st.path, element)

  if (GRANTING.has(policyType)) {
    if (st.notAction) {
      out.add(
        'ALLOW_WITH_NOT_ACTION',
        `Allow with NotAction grants every action of every service except those listed${st.resource?.includes('*') || policyType === 'trust' ? '' : ' (on the resources listed)'}, including actions AWS adds later (R4.3.3, NOTACTION). List the actions to allow in Action instead.`,
        at('NotAction'),
      )
    }
    if (st.notResource) {
      out.add(
        'ALLOW_WITH_NOT_RESOURCE',
        `Allow with NotResource grants the actions on every resource except those listed, including resources created later (R4.4.9, NOTRESOURCE). List the resources in Resource instead.`,
        at('NotResource'),
      )
    }
  }

  if (policyType === 'identity' || policyType === 'resource') {
    const all = view.element === 'Action' && view.entries.some((e) => e.all)
    if (all) {
      const star = st.resource?.includes('*')
      out.add(
        'ALLOW_ALL_ACTIONS',
        star
          ? `"Action": "*" with "Resource": "*" grants every action on every resource: full administrator access${st.conditions.length ? ' (within its conditions)' : ''}. Grant the actions the principal needs.`
          : `"Action": "*" grants every action of every service on the resources listed, including actions AWS adds later. Grant the actions the principal needs.`,
        view.entries.find((e) => e.all)!.path,
      )
    }
    // iam:PassRole on any role lets the principal hand any role to any service (Access Analyzer's "Pass
    // role with star in resource"); iam:PassedToService narrows it to one service.
    const passedToService = st.conditions.some((c) => c.key.toLowerCase() === 'iam:passedtoservice')
    const passRole = view.element === 'Action' ? passRoleEntries(view) : []
    const notActionCovers = view.element === 'NotAction' && !view.entries.some((e) => globMatch(e.text.replace(/\s+/g, ''), 'iam:PassRole', true))
    if ((passRole.length > 0 || notActionCovers) && !passedToService) {
      const through = passRole.length > 0 ? view.entries.find((e) => e.path === passRole[0])!.text : 'NotAction'
      if (st.resource) {
        const resources = rawEntries(view.raw, 'Resource')
        const i = resources.findIndex(coversAnyRole)
        if (i >= 0) {
          out.add(
            'PASS_ROLE_WITH_STAR_IN_RESOURCE',
            `${through === 'NotAction' ? 'NotAction' : JSON.stringify(through)} allows iam:PassRole on ${JSON.stringify(resources[i])}: the principal can pass any role, with all its permissions, to any service that accepts one. Name the roles in Resource, or add an iam:PassedToService condition.`,
            entryPath(view.raw, st.path, 'Resource', i),
          )
        }
      } else if (st.notResource) {
        out.add(
          'PASS_ROLE_WITH_NOT_RESOURCE',
          `${through === 'NotAction' ? 'NotAction' : JSON.stringify(through)} with NotResource allows iam:PassRole on every role not listed. Name the roles in Resource, or add an iam:PassedToService condition.`,
          at('NotResource'),
        )
      }
    }
  }

  // Principal "*" (or {"AWS": "*"}): anyone, including anonymous callers (R4.2.2, PRINCIPAL).
  if (NAMING_PRINCIPALS.has(policyType) && st.principal?.any) {
    const who = policyType === 'trust' ? 'anyone can assume this role' : 'anyone, including anonymous callers, is granted these actions'
    if (st.conditions.length === 0) {
      out.add(
        'PUBLIC_PRINCIPAL_WITHOUT_CONDITION',
        `"Principal": "*" with no Condition: ${who}${s3Note(view)}. Name the principals, or limit them with a condition such as aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn or aws:SourceVpce.`,
        at('Principal'),
      )
    } else if (st.conditions.every((c) => isNonRestricting(c.key))) {
      const keys = [...new Set(st.conditions.map((c) => c.key))].join(', ')
      out.add(
        'PUBLIC_PRINCIPAL_WEAK_CONDITION',
        `"Principal": "*" whose conditions (${keys}) do not limit who calls: ${who}${s3Note(view)}. Add a condition on the caller, such as aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn or aws:SourceVpce.`,
        at('Principal'),
      )
    }
  }
}

function s3Note(view: StatementView): string {
  if (!view.entries.some((e) => e.all || e.service === 's3')) return ''
  const reads = view.entries.some((e) => e.all || globMatch(e.text.replace(/\s+/g, ''), 's3:GetObject', true))
  return reads
    ? ' — this bucket policy makes the objects public unless S3 Block Public Access stops it (S3BPA)'
    : ' — S3 treats such a bucket policy as public (S3BPA)'
}

export function checkSecurity(ctx: CheckContext): void {
  for (const view of ctx.statements) checkStatement(ctx, view)
}
