// The Directory on snapshots: the same records the AWS source reads, looked up in the loaded snapshots. What a
// snapshot does not hold is `notFound`, with a message saying which snapshot to load.

import type {
  Attachments,
  Directory,
  Failure,
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
import type { AccountSnapshot } from './account-details.js'
import { attachmentsOf } from './organization.js'
import type { SnapshotRegistry } from './store.js'

function notFound(message: string): Failure {
  return { why: 'notFound', message }
}

export class SnapshotDirectory implements Directory {
  readonly source = 'snapshot' as const

  constructor(private readonly store: SnapshotRegistry) {}

  async #inAccount<T>(account: string, what: string, pick: (s: AccountSnapshot) => T | undefined): Promise<Fetched<T>> {
    const loaded = await this.store.account(account)
    if (loaded === undefined) {
      return { ok: false, failure: notFound(`no snapshot of account ${account} is loaded (PUT /v1/snapshots/${account}, or ${account}.json in IAMDX_SNAPSHOT_DIR)`), fetchedAt: '', fromCache: false }
    }
    const value = pick(loaded.snapshot)
    const meta = { fetchedAt: loaded.storedAt, fromCache: false }
    return value === undefined ? { ok: false, failure: notFound(`${what} is not in the snapshot of account ${account}`), ...meta } : { ok: true, value, ...meta }
  }

  user(account: string, name: string): Promise<Fetched<UserRecord>> {
    return this.#inAccount(account, `user ${name}`, (s) => s.users.get(name))
  }

  group(account: string, name: string): Promise<Fetched<GroupRecord>> {
    return this.#inAccount(account, `group ${name}`, (s) => s.groups.get(name))
  }

  role(account: string, name: string): Promise<Fetched<RoleRecord>> {
    return this.#inAccount(account, `role ${name}`, (s) => s.roles.get(name))
  }

  async managedPolicy(account: string, arn: string): Promise<Fetched<ManagedPolicyRecord>> {
    const own = await this.#inAccount(account, `managed policy ${arn}`, (s) => s.policies.get(arn))
    if (own.ok || arn.split(':')[4] !== 'aws') return own
    // An AWS managed policy is the same everywhere: any account's export will do.
    for (const other of await this.#otherAccounts(account)) {
      const found = await this.#inAccount(other, `managed policy ${arn}`, (s) => s.policies.get(arn))
      if (found.ok) return found
    }
    return own
  }

  async #otherAccounts(account: string): Promise<string[]> {
    return (await this.store.list()).map((s) => s.id).filter((id) => id !== account && id !== 'organization')
  }

  async organization(): Promise<Fetched<OrganizationRecord>> {
    const org = await this.store.organization()
    if (org === undefined) {
      return { ok: false, failure: notFound('no organization snapshot is loaded (PUT /v1/snapshots/organization, or organization.json in IAMDX_SNAPSHOT_DIR)'), fetchedAt: '', fromCache: false }
    }
    return { ok: true, value: { none: false, id: org.snapshot.id, managementAccountId: org.snapshot.managementAccountId }, fetchedAt: org.storedAt, fromCache: false }
  }

  async accountPath(account: string): Promise<Fetched<OrgNode[]>> {
    return this.#inOrganization(`account ${account}`, (o) => o.paths.get(account))
  }

  async attachments(targetId: string, type: OrgPolicyType): Promise<Fetched<Attachments>> {
    return this.#inOrganization(`target ${targetId}`, (o) => attachmentsOf(o, targetId, type))
  }

  async orgPolicy(policyId: string, type: OrgPolicyType): Promise<Fetched<OrgPolicyRecord>> {
    return this.#inOrganization(`${type.toUpperCase()} ${policyId}`, (o) => {
      const p = o.policies.get(policyId)
      return p === undefined ? undefined : { id: p.id, name: p.name, arn: p.arn, document: p.document }
    })
  }

  async resourcePolicy(ref: ResourceRef): Promise<Fetched<ResourcePolicyRecord>> {
    if (ref.kind === 'role') {
      const role = await this.role(ref.account, ref.name)
      return role.ok ? { ...role, value: { arn: role.value.arn, document: role.value.trustPolicy ?? null } } : role
    }
    return this.#inAccount(ref.account, `the resource policy of ${ref.arn} (ResourcePolicies)`, (s) => {
      const arn = ref.kind === 'kmsAlias' ? s.aliases.get(ref.arn) : ref.arn
      const entry = arn === undefined ? undefined : s.resourcePolicies.get(arn)
      if (arn === undefined || entry === undefined) return undefined
      return { arn, document: entry.document ?? null, ...(entry.tags !== undefined ? { tags: entry.tags } : {}) }
    })
  }

  async #inOrganization<T>(what: string, pick: (o: NonNullable<Awaited<ReturnType<SnapshotRegistry['organization']>>>['snapshot']) => T | undefined): Promise<Fetched<T>> {
    const org = await this.store.organization()
    if (org === undefined) return { ok: false, failure: notFound('no organization snapshot is loaded'), fetchedAt: '', fromCache: false }
    const value = pick(org.snapshot)
    const meta = { fetchedAt: org.storedAt, fromCache: false }
    return value === undefined ? { ok: false, failure: notFound(`${what} is not in the organization snapshot`), ...meta } : { ok: true, value, ...meta }
  }
}
