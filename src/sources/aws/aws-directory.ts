// The Directory on AWS: each read is one cache entry (src/sources/cached-fetch.ts) loaded by the readers.
// Cache kinds (the `<kind>` of `v1:<account>:<kind>:<id>`):
//   user, group, role            a principal or group with its inline policies and attachments (id: name)
//   policy                       a managed policy with its default version's document (id: policy ARN)
//   organization                 the organization (account `org`, id `current`)
//   parents                      an account's path to the root (account `org`, id: account id)
//   scpAttachments, rcpAttachments  the SCPs/RCPs attached to a target (account `org`, id: root/OU/account id)
//   scp, rcp                     an SCP/RCP document (account `org`, id: policy id)
//   keyAlias, keyPolicy, bucketPolicy, queuePolicy, topicPolicy, functionPolicy, secretPolicy (id: the ARN)
// A role's trust policy is part of its `role` entry.

import { cacheKey, type CachedFetcher } from '../cached-fetch.js'
import type {
  Attachments,
  Directory,
  Fetched,
  GroupRecord,
  ManagedPolicyRecord,
  OrgNode,
  OrgPolicyRecord,
  OrgPolicyType,
  OrganizationRecord,
  ResourcePolicyRecord,
  ResourceRef,
  RoleRecord,
  UserRecord,
} from '../directory.js'
import type { IamReader } from './iam-reader.js'
import type { OrgReader } from './org-reader.js'
import type { ResourceReader } from './resource-reader.js'

export const ORG_ACCOUNT = 'org'

const RESOURCE_CACHE_KIND: Record<Exclude<ResourceRef['kind'], 'role' | 'kmsAlias'>, string> = {
  kmsKey: 'keyPolicy',
  s3Bucket: 'bucketPolicy',
  sqsQueue: 'queuePolicy',
  snsTopic: 'topicPolicy',
  lambdaFunction: 'functionPolicy',
  secret: 'secretPolicy',
}

export class AwsDirectory implements Directory {
  readonly source = 'aws' as const

  constructor(
    private readonly fetcher: CachedFetcher,
    private readonly iam: IamReader,
    private readonly org: OrgReader,
    private readonly resources: ResourceReader,
  ) {}

  user(account: string, name: string): Promise<Fetched<UserRecord>> {
    return this.fetcher.fetch(cacheKey(account, 'user', name), 'user', () => this.iam.user(account, name))
  }

  group(account: string, name: string): Promise<Fetched<GroupRecord>> {
    return this.fetcher.fetch(cacheKey(account, 'group', name), 'group', () => this.iam.group(account, name))
  }

  role(account: string, name: string): Promise<Fetched<RoleRecord>> {
    return this.fetcher.fetch(cacheKey(account, 'role', name), 'role', () => this.iam.role(account, name))
  }

  managedPolicy(account: string, arn: string): Promise<Fetched<ManagedPolicyRecord>> {
    // AWS managed policies are the same in every account: one entry for all.
    const owner = arn.split(':')[4] === 'aws' ? 'aws' : account
    return this.fetcher.fetch(cacheKey(owner, 'policy', arn), 'policy', () => this.iam.managedPolicy(account, arn))
  }

  organization(): Promise<Fetched<OrganizationRecord>> {
    return this.fetcher.fetch(cacheKey(ORG_ACCOUNT, 'organization', 'current'), 'organization', () => this.org.organization())
  }

  accountPath(account: string): Promise<Fetched<OrgNode[]>> {
    return this.fetcher.fetch(cacheKey(ORG_ACCOUNT, 'parents', account), 'parents', () => this.org.accountPath(account))
  }

  attachments(targetId: string, type: OrgPolicyType): Promise<Fetched<Attachments>> {
    const kind = `${type}Attachments`
    return this.fetcher.fetch(cacheKey(ORG_ACCOUNT, kind, targetId), kind, () => this.org.attachments(targetId, type))
  }

  orgPolicy(policyId: string, type: OrgPolicyType): Promise<Fetched<OrgPolicyRecord>> {
    return this.fetcher.fetch(cacheKey(ORG_ACCOUNT, type, policyId), type, () => this.org.orgPolicy(policyId, type))
  }

  async resourcePolicy(ref: ResourceRef): Promise<Fetched<ResourcePolicyRecord>> {
    if (ref.kind === 'role') {
      const role = await this.role(ref.account, ref.name)
      if (!role.ok) return role
      return { ...role, value: { arn: role.value.arn, document: role.value.trustPolicy ?? null } }
    }
    if (ref.kind === 'kmsAlias') {
      const alias = await this.fetcher.fetch(cacheKey(ref.account, 'keyAlias', ref.arn), 'keyAlias', () => this.resources.kmsAlias(ref))
      if (!alias.ok) return alias
      const keyArn = alias.value.keyArn
      return this.resourcePolicy({ kind: 'kmsKey', arn: keyArn, account: ref.account, region: ref.region, keyId: alias.value.keyId })
    }
    const kind = RESOURCE_CACHE_KIND[ref.kind]
    return this.fetcher.fetch(cacheKey(ref.account, kind, ref.arn), kind, () => this.resources.policy(ref))
  }
}
