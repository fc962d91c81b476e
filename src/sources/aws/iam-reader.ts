// IAM reads (awsQuery protocol): a user, group or role with its inline policies and attachments; a managed policy's
// default version. Each record is one cache entry; a part that fails (one inline policy denied) makes the record
// partial (kept briefly) instead of failing it, so the rest is still used. Documents come URL-encoded from IAM and
// are decoded to JSON (src/policy's decoder).

import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetGroupPolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam'
import type { AttachedPolicy, GroupRecord, InlinePolicy, ManagedPolicyRecord, PartFailure, RoleRecord, UserRecord } from '../directory.js'
import type { LoadOutcome } from '../cached-fetch.js'
import { decodeDocument } from '../documents.js'
import type { AwsCaller } from './caller.js'
import type { AwsClients } from './clients.js'
import { AwsFailure } from './errors.js'

type Holder = 'user' | 'group' | 'role'

export class IamReader {
  constructor(
    private readonly clients: AwsClients,
    private readonly caller: AwsCaller,
  ) {}

  async user(account: string, name: string): Promise<LoadOutcome<UserRecord>> {
    return outcome(async () => {
      const iam = this.clients.iam(account)
      const got = await this.caller.call({ account, action: 'iam:GetUser', target: `user ${name}` }, (abortSignal) =>
        iam.send(new GetUserCommand({ UserName: name }), { abortSignal }),
      )
      const u = got.User
      const failures: PartFailure[] = []
      const [inline, attached, groups] = await Promise.all([
        this.#inline(account, 'user', name, failures),
        this.#attached(account, 'user', name, failures),
        this.#groups(account, name, failures),
      ])
      const record: UserRecord = {
        arn: u?.Arn ?? `arn:${this.clients.partition}:iam::${account}:user/${name}`,
        name: u?.UserName ?? name,
        path: u?.Path ?? '/',
        ...(u?.PermissionsBoundary?.PermissionsBoundaryArn ? { boundaryArn: u.PermissionsBoundary.PermissionsBoundaryArn } : {}),
        ...tagsOf(u?.Tags),
        inline,
        attached,
        groups,
        failures,
      }
      return settle(record, failures)
    })
  }

  async group(account: string, name: string): Promise<LoadOutcome<GroupRecord>> {
    return outcome(async () => {
      const failures: PartFailure[] = []
      // The group's own existence shows in its policy list (NoSuchEntity); GetGroup would page through its users.
      const names = await this.#inlineNames(account, 'group', name)
      const [inline, attached] = await Promise.all([this.#inlineDocuments(account, 'group', name, names, failures), this.#attached(account, 'group', name, failures)])
      const record: GroupRecord = { arn: `arn:${this.clients.partition}:iam::${account}:group/${name}`, name, inline, attached, failures }
      return settle(record, failures)
    })
  }

  async role(account: string, name: string): Promise<LoadOutcome<RoleRecord>> {
    return outcome(async () => {
      const iam = this.clients.iam(account)
      const got = await this.caller.call({ account, action: 'iam:GetRole', target: `role ${name}` }, (abortSignal) =>
        iam.send(new GetRoleCommand({ RoleName: name }), { abortSignal }),
      )
      const r = got.Role
      const failures: PartFailure[] = []
      const [inline, attached] = await Promise.all([this.#inline(account, 'role', name, failures), this.#attached(account, 'role', name, failures)])
      const record: RoleRecord = {
        arn: r?.Arn ?? `arn:${this.clients.partition}:iam::${account}:role/${name}`,
        name: r?.RoleName ?? name,
        path: r?.Path ?? '/',
        ...(r?.PermissionsBoundary?.PermissionsBoundaryArn ? { boundaryArn: r.PermissionsBoundary.PermissionsBoundaryArn } : {}),
        ...(r?.AssumeRolePolicyDocument !== undefined ? { trustPolicy: decodeDocument(r.AssumeRolePolicyDocument) } : {}),
        ...tagsOf(r?.Tags),
        inline,
        attached,
        failures,
      }
      return settle(record, failures)
    })
  }

  /** GetPolicy (its default version id) then GetPolicyVersion (the document). */
  async managedPolicy(account: string, arn: string): Promise<LoadOutcome<ManagedPolicyRecord>> {
    return outcome(async () => {
      const iam = this.clients.iam(account)
      const meta = await this.caller.call({ account, action: 'iam:GetPolicy', target: `policy ${arn}` }, (abortSignal) =>
        iam.send(new GetPolicyCommand({ PolicyArn: arn }), { abortSignal }),
      )
      const versionId = meta.Policy?.DefaultVersionId ?? 'v1'
      const version = await this.caller.call({ account, action: 'iam:GetPolicyVersion', target: `policy ${arn} version ${versionId}` }, (abortSignal) =>
        iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }), { abortSignal }),
      )
      const record: ManagedPolicyRecord = {
        arn,
        name: meta.Policy?.PolicyName ?? arn.split('/').pop() ?? arn,
        defaultVersionId: versionId,
        document: decodeDocument(version.PolicyVersion?.Document ?? ''),
      }
      return { ok: true, value: record }
    })
  }

  async #inline(account: string, holder: Holder, name: string, failures: PartFailure[]): Promise<InlinePolicy[]> {
    let names: string[]
    try {
      names = await this.#inlineNames(account, holder, name)
    } catch (err) {
      if (!(err instanceof AwsFailure)) throw err
      failures.push({ what: `the inline policies of ${holder} ${name}`, ...err.failure })
      return []
    }
    return this.#inlineDocuments(account, holder, name, names, failures)
  }

  async #inlineNames(account: string, holder: Holder, name: string): Promise<string[]> {
    const iam = this.clients.iam(account)
    const action = `iam:List${cap(holder)}Policies`
    const names: string[] = []
    let marker: string | undefined
    do {
      const page = await this.caller.call<{ PolicyNames?: string[]; IsTruncated?: boolean; Marker?: string }>({ account, action, target: `${holder} ${name}` }, (abortSignal) => {
        if (holder === 'user') return iam.send(new ListUserPoliciesCommand({ UserName: name, Marker: marker }), { abortSignal })
        if (holder === 'group') return iam.send(new ListGroupPoliciesCommand({ GroupName: name, Marker: marker }), { abortSignal })
        return iam.send(new ListRolePoliciesCommand({ RoleName: name, Marker: marker }), { abortSignal })
      })
      names.push(...(page.PolicyNames ?? []))
      marker = page.IsTruncated ? page.Marker : undefined
    } while (marker !== undefined)
    return names
  }

  async #inlineDocuments(account: string, holder: Holder, name: string, names: string[], failures: PartFailure[]): Promise<InlinePolicy[]> {
    const iam = this.clients.iam(account)
    const action = `iam:Get${cap(holder)}Policy`
    const read = await Promise.all(
      names.map(async (policyName): Promise<InlinePolicy | undefined> => {
        try {
          const out = await this.caller.call<{ PolicyDocument?: string }>({ account, action, target: `inline policy ${policyName} of ${holder} ${name}` }, (abortSignal) => {
            if (holder === 'user') return iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName: policyName }), { abortSignal })
            if (holder === 'group') return iam.send(new GetGroupPolicyCommand({ GroupName: name, PolicyName: policyName }), { abortSignal })
            return iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }), { abortSignal })
          })
          return { name: policyName, document: decodeDocument(out.PolicyDocument ?? '') }
        } catch (err) {
          if (!(err instanceof AwsFailure)) throw err
          failures.push({ what: `inline policy ${policyName} of ${holder} ${name}`, ...err.failure })
          return undefined
        }
      }),
    )
    return read.filter((p): p is InlinePolicy => p !== undefined)
  }

  async #attached(account: string, holder: Holder, name: string, failures: PartFailure[]): Promise<AttachedPolicy[]> {
    const iam = this.clients.iam(account)
    const action = `iam:ListAttached${cap(holder)}Policies`
    const out: AttachedPolicy[] = []
    let marker: string | undefined
    try {
      do {
        const page = await this.caller.call<{ AttachedPolicies?: Array<{ PolicyArn?: string; PolicyName?: string }>; IsTruncated?: boolean; Marker?: string }>({ account, action, target: `${holder} ${name}` }, (abortSignal) => {
          if (holder === 'user') return iam.send(new ListAttachedUserPoliciesCommand({ UserName: name, Marker: marker }), { abortSignal })
          if (holder === 'group') return iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: name, Marker: marker }), { abortSignal })
          return iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, Marker: marker }), { abortSignal })
        })
        for (const p of page.AttachedPolicies ?? []) if (p.PolicyArn) out.push({ arn: p.PolicyArn, name: p.PolicyName ?? p.PolicyArn })
        marker = page.IsTruncated ? page.Marker : undefined
      } while (marker !== undefined)
    } catch (err) {
      if (!(err instanceof AwsFailure)) throw err
      failures.push({ what: `the managed policies attached to ${holder} ${name}`, ...err.failure })
    }
    return out
  }

  async #groups(account: string, name: string, failures: PartFailure[]): Promise<UserRecord['groups']> {
    const iam = this.clients.iam(account)
    const groups: UserRecord['groups'] = []
    let marker: string | undefined
    try {
      do {
        const page = await this.caller.call({ account, action: 'iam:ListGroupsForUser', target: `user ${name}` }, (abortSignal) =>
          iam.send(new ListGroupsForUserCommand({ UserName: name, Marker: marker }), { abortSignal }),
        )
        for (const g of page.Groups ?? []) {
          if (g.GroupName) groups.push({ name: g.GroupName, arn: g.Arn ?? `arn:${this.clients.partition}:iam::${account}:group/${g.GroupName}` })
        }
        marker = page.IsTruncated ? page.Marker : undefined
      } while (marker !== undefined)
    } catch (err) {
      if (!(err instanceof AwsFailure)) throw err
      failures.push({ what: `the groups of user ${name}`, ...err.failure })
    }
    return groups
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** Runs a read; an AwsFailure becomes a failed outcome (cached briefly when notFound/accessDenied). */
export async function outcome<T>(read: () => Promise<LoadOutcome<T>>): Promise<LoadOutcome<T>> {
  try {
    return await read()
  } catch (err) {
    if (err instanceof AwsFailure) return { ok: false, failure: err.failure }
    throw err
  }
}

/**
 * A record with failed parts: kept briefly when the parts do not exist or iamdx may not read them (partial); when a
 * part failed for a reason that passes (throttling, the caller's AWS budget, an error), the whole read fails so that
 * nothing incomplete is cached or judged as complete.
 */
function settle<T>(record: T, failures: PartFailure[]): LoadOutcome<T> {
  const passing = failures.find((f) => f.why === 'throttled' || f.why === 'budget' || f.why === 'error')
  if (passing !== undefined) {
    const { what: _what, ...failure } = passing
    return { ok: false, failure }
  }
  return { ok: true, value: record, partial: failures.length > 0 }
}

/** IAM's Tags list as a record, when the entity has any (GetUser and GetRole return them). */
function tagsOf(list: Array<{ Key?: string; Value?: string }> | undefined): { tags?: Record<string, string> } {
  if (list === undefined || list.length === 0) return {}
  const tags: Record<string, string> = {}
  for (const t of list) if (t.Key !== undefined) tags[t.Key] = t.Value ?? ''
  return { tags }
}
