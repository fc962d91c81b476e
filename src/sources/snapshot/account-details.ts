// One account's snapshot: the output of `aws iam get-account-authorization-details` (UserDetailList,
// GroupDetailList, RoleDetailList, Policies with PolicyVersionList), read into the Directory's records. Documents
// may be URL-encoded text (as the API returns them), JSON text, or objects (as the CLI prints them).
// iamdx extension: `ResourcePolicies: [{ "Arn": "...", "Policy": <document or null>, "Aliases"?: ["alias/x"],
// "Tags"?: [{ "TagKey", "TagValue" }] }]` (KMS keys' tags as `aws kms list-resource-tags` prints them; Key/Value too)
// carries resource-based policies (key, bucket, queue, … policies), which the IAM output does not have;
// `"Policy": null` says the resource has none.

import type { GroupRecord, InlinePolicy, ManagedPolicyRecord, RoleRecord, UserRecord } from '../directory.js'
import { decodeDocument } from '../documents.js'
import type { SnapshotProblem } from '../ports.js'

export interface AccountSnapshot {
  accountId: string
  users: Map<string, UserRecord>
  groups: Map<string, GroupRecord>
  roles: Map<string, RoleRecord>
  /** By ARN; AWS managed policies too when the export included them. */
  policies: Map<string, ManagedPolicyRecord>
  /** Resource ARN → its document (null: the resource has no policy) and tags. */
  resourcePolicies: Map<string, { document: unknown | null; tags?: Record<string, string> }>
  /** KMS alias ARN → key ARN. */
  aliases: Map<string, string>
}

export type ParsedAccount = { ok: true; snapshot: AccountSnapshot; counts: Record<string, number> } | { ok: false; problems: SnapshotProblem[] }

type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

class Reader {
  problems: SnapshotProblem[] = []
  problem(path: string, message: string): void {
    if (this.problems.length < 100) this.problems.push({ path, message })
  }
  list(obj: Obj, key: string, path: string): Obj[] {
    const v = obj[key]
    if (v === undefined) return []
    if (!Array.isArray(v)) {
      this.problem(`${path}/${key}`, `${key} must be an array`)
      return []
    }
    return v.filter((item, i) => {
      if (isObj(item)) return true
      this.problem(`${path}/${key}/${i}`, 'must be an object')
      return false
    })
  }
  str(obj: Obj, key: string, path: string, required = true): string | undefined {
    const v = obj[key]
    if (typeof v === 'string' && v !== '') return v
    if (v !== undefined || required) this.problem(`${path}/${key}`, `${key} must be a non-empty string`)
    return undefined
  }
  strings(obj: Obj, key: string, path: string): string[] {
    const v = obj[key]
    if (v === undefined) return []
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      this.problem(`${path}/${key}`, `${key} must be an array of strings`)
      return []
    }
    return v as string[]
  }
  document(obj: Obj, key: string, path: string): unknown {
    const v = obj[key]
    if (typeof v !== 'string' && !isObj(v)) {
      this.problem(`${path}/${key}`, `${key} must be a policy document (JSON object, JSON text or URL-encoded JSON text)`)
      return null
    }
    return decodeDocument(v)
  }
  inline(obj: Obj, key: string, path: string): InlinePolicy[] {
    return this.list(obj, key, path).map((p, i) => ({ name: this.str(p, 'PolicyName', `${path}/${key}/${i}`) ?? '', document: this.document(p, 'PolicyDocument', `${path}/${key}/${i}`) }))
  }
  attached(obj: Obj, path: string): Array<{ name: string; arn: string }> {
    return this.list(obj, 'AttachedManagedPolicies', path).flatMap((p, i) => {
      const arn = this.str(p, 'PolicyArn', `${path}/AttachedManagedPolicies/${i}`)
      return arn === undefined ? [] : [{ arn, name: typeof p.PolicyName === 'string' ? p.PolicyName : (arn.split('/').pop() ?? arn) }]
    })
  }
  boundary(obj: Obj): string | undefined {
    const b = obj.PermissionsBoundary
    return isObj(b) && typeof b.PermissionsBoundaryArn === 'string' ? b.PermissionsBoundaryArn : undefined
  }
  /** A resource's Tags ([{TagKey, TagValue}] as KMS prints them, or [{Key, Value}]), when it has any. */
  resourceTags(obj: Obj, path: string): Record<string, string> | undefined {
    const tags: Record<string, string> = {}
    this.list(obj, 'Tags', path).forEach((t, i) => {
      const key = 'TagKey' in t ? this.str(t, 'TagKey', `${path}/Tags/${i}`) : this.str(t, 'Key', `${path}/Tags/${i}`)
      const value = t.TagValue ?? t.Value
      if (key !== undefined) tags[key] = typeof value === 'string' ? value : ''
    })
    return Object.keys(tags).length > 0 ? tags : undefined
  }
  /** A user's or role's Tags ([{Key, Value}]) as a record, when it has any. */
  tags(obj: Obj, path: string): { tags?: Record<string, string> } {
    const tags: Record<string, string> = {}
    this.list(obj, 'Tags', path).forEach((t, i) => {
      const key = this.str(t, 'Key', `${path}/Tags/${i}`)
      if (key !== undefined) tags[key] = typeof t.Value === 'string' ? t.Value : ''
    })
    return Object.keys(tags).length > 0 ? { tags } : {}
  }
  /** An entity's ARN must be in the snapshot's account. */
  arnIn(account: string, arn: string | undefined, path: string): void {
    if (arn !== undefined && arn.split(':')[4] !== account) this.problem(path, `${arn} is not in account ${account}`)
  }
}

export function parseAccountDetails(accountId: string, input: unknown): ParsedAccount {
  const r = new Reader()
  if (!/^\d{12}$/.test(accountId)) return { ok: false, problems: [{ path: '', message: `the account must be a 12-digit account id, got ${JSON.stringify(accountId)}` }] }
  if (!isObj(input)) return { ok: false, problems: [{ path: '', message: 'the snapshot must be the JSON object that `aws iam get-account-authorization-details` prints' }] }
  if (!['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].some((k) => k in input)) {
    r.problem('', 'none of UserDetailList, GroupDetailList, RoleDetailList or Policies is present: is this `aws iam get-account-authorization-details` output?')
  }
  const groupArns = new Map<string, string>()
  const groups = new Map<string, GroupRecord>()
  r.list(input, 'GroupDetailList', '').forEach((g, i) => {
    const path = `/GroupDetailList/${i}`
    const name = r.str(g, 'GroupName', path)
    const arn = r.str(g, 'Arn', path)
    r.arnIn(accountId, arn, `${path}/Arn`)
    if (name === undefined || arn === undefined) return
    groupArns.set(name, arn)
    groups.set(name, { arn, name, inline: r.inline(g, 'GroupPolicyList', path), attached: r.attached(g, path), failures: [] })
  })
  const users = new Map<string, UserRecord>()
  r.list(input, 'UserDetailList', '').forEach((u, i) => {
    const path = `/UserDetailList/${i}`
    const name = r.str(u, 'UserName', path)
    const arn = r.str(u, 'Arn', path)
    r.arnIn(accountId, arn, `${path}/Arn`)
    if (name === undefined || arn === undefined) return
    const boundaryArn = r.boundary(u)
    users.set(name, {
      arn,
      name,
      path: typeof u.Path === 'string' ? u.Path : '/',
      ...(boundaryArn !== undefined ? { boundaryArn } : {}),
      ...r.tags(u, path),
      inline: r.inline(u, 'UserPolicyList', path),
      attached: r.attached(u, path),
      groups: r.strings(u, 'GroupList', path).map((g) => ({ name: g, arn: groupArns.get(g) ?? `arn:aws:iam::${accountId}:group/${g}` })),
      failures: [],
    })
  })
  const roles = new Map<string, RoleRecord>()
  r.list(input, 'RoleDetailList', '').forEach((role, i) => {
    const path = `/RoleDetailList/${i}`
    const name = r.str(role, 'RoleName', path)
    const arn = r.str(role, 'Arn', path)
    r.arnIn(accountId, arn, `${path}/Arn`)
    if (name === undefined || arn === undefined) return
    const boundaryArn = r.boundary(role)
    roles.set(name, {
      arn,
      name,
      path: typeof role.Path === 'string' ? role.Path : '/',
      ...(boundaryArn !== undefined ? { boundaryArn } : {}),
      ...(role.AssumeRolePolicyDocument !== undefined ? { trustPolicy: r.document(role, 'AssumeRolePolicyDocument', path) } : {}),
      ...r.tags(role, path),
      inline: r.inline(role, 'RolePolicyList', path),
      attached: r.attached(role, path),
      failures: [],
    })
  })
  const policies = new Map<string, ManagedPolicyRecord>()
  r.list(input, 'Policies', '').forEach((p, i) => {
    const path = `/Policies/${i}`
    const arn = r.str(p, 'Arn', path)
    const name = r.str(p, 'PolicyName', path)
    const versions = r.list(p, 'PolicyVersionList', path)
    if (arn === undefined || name === undefined) return
    const owner = arn.split(':')[4]
    if (owner !== accountId && owner !== 'aws') r.problem(`${path}/Arn`, `${arn} is neither in account ${accountId} nor an AWS managed policy`)
    const defaultId = typeof p.DefaultVersionId === 'string' ? p.DefaultVersionId : undefined
    const index = versions.findIndex((v) => (defaultId !== undefined ? v.VersionId === defaultId : v.IsDefaultVersion === true))
    if (index < 0) {
      r.problem(`${path}/PolicyVersionList`, `no default version${defaultId ? ` (${defaultId})` : ''} in PolicyVersionList`)
      return
    }
    const version = versions[index]
    policies.set(arn, { arn, name, defaultVersionId: String(version.VersionId ?? defaultId ?? 'v1'), document: r.document(version, 'Document', `${path}/PolicyVersionList/${index}`) })
  })
  const resourcePolicies = new Map<string, { document: unknown | null; tags?: Record<string, string> }>()
  const aliases = new Map<string, string>()
  r.list(input, 'ResourcePolicies', '').forEach((rp, i) => {
    const path = `/ResourcePolicies/${i}`
    const arn = r.str(rp, 'Arn', path)
    if (arn === undefined) return
    const tags = r.resourceTags(rp, path)
    resourcePolicies.set(arn, { document: rp.Policy === null ? null : r.document(rp, 'Policy', path), ...(tags !== undefined ? { tags } : {}) })
    const [, partition, , region, account] = arn.split(':')
    for (const alias of r.strings(rp, 'Aliases', path)) aliases.set(`arn:${partition}:kms:${region}:${account}:${alias}`, arn)
  })
  if (r.problems.length > 0) return { ok: false, problems: r.problems }
  return {
    ok: true,
    snapshot: { accountId, users, groups, roles, policies, resourcePolicies, aliases },
    counts: { users: users.size, groups: groups.size, roles: roles.size, policies: policies.size, resourcePolicies: resourcePolicies.size },
  }
}
