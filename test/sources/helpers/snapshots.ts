// Snapshots of the fake organization, made the way a team would make them: each account's
// `get-account-authorization-details` read with the real SDK from the fake AWS (documents URL-encoded, as the API
// returns them), resource policies in iamdx's ResourcePolicies extension, and the organization description.
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam'
import type { Fixture } from '../fake-aws/fixture-types.js'
import type { FakeAws } from '../fake-aws/server.js'

export interface FakeSnapshots {
  accounts: Record<string, unknown>
  organization: unknown
}

export async function snapshotsOf(fake: FakeAws): Promise<FakeSnapshots> {
  const f = fake.fixture
  const accounts: Record<string, unknown> = {}
  for (const account of Object.keys(f.accounts)) {
    const iam = new IAMClient({
      region: f.region,
      endpoint: fake.endpoint,
      credentials: { accessKeyId: `ASIAFAKE${account}`, secretAccessKey: 'x', sessionToken: 'y' },
      maxAttempts: 1,
    })
    try {
      const { $metadata: _m, ...out } = await iam.send(new GetAccountAuthorizationDetailsCommand({}))
      accounts[account] = { ...JSON.parse(JSON.stringify(out)), ResourcePolicies: resourcePolicies(f, account) }
    } finally {
      iam.destroy()
    }
  }
  return { accounts, organization: organizationOf(f) }
}

function resourcePolicies(f: Fixture, account: string): unknown[] {
  const a = f.accounts[account]
  const r = f.region
  return [
    ...(a.keys ?? []).map((k) => ({
      Arn: `arn:aws:kms:${r}:${account}:key/${k.id}`,
      Policy: JSON.stringify(k.policy),
      Aliases: k.aliases ?? [],
      // As `aws kms list-resource-tags` prints them.
      ...(k.tags ? { Tags: Object.entries(k.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) } : {}),
    })),
    ...(a.buckets ?? []).map((b) => ({ Arn: `arn:aws:s3:::${b.name}`, Policy: b.policy ?? null })),
    ...(a.queues ?? []).map((q) => ({ Arn: `arn:aws:sqs:${r}:${account}:${q.name}`, Policy: q.policy ?? null })),
    ...(a.topics ?? []).map((q) => ({ Arn: `arn:aws:sns:${r}:${account}:${q.name}`, Policy: q.policy ?? null })),
    ...(a.functions ?? []).map((q) => ({ Arn: `arn:aws:lambda:${r}:${account}:function:${q.name}`, Policy: q.policy ?? null })),
    ...(a.secrets ?? []).map((q) => ({ Arn: `arn:aws:secretsmanager:${r}:${account}:secret:${q.name}-${q.suffix}`, Policy: q.policy ?? null })),
  ]
}

/** The organization in iamdx's snapshot format (src/sources/snapshot/organization.ts). */
export function organizationOf(f: Fixture): unknown {
  const o = f.organization!
  const attached = (id: string) => o.attachments[id] ?? []
  return {
    id: o.id,
    managementAccountId: o.managementAccountId,
    root: { id: o.root.id, name: o.root.name, policies: attached(o.root.id) },
    organizationalUnits: o.ous.map((u) => ({ id: u.id, name: u.name, parentId: u.parentId, policies: attached(u.id) })),
    accounts: o.accounts.map((a) => ({ id: a.id, name: a.name, parentId: a.parentId, policies: attached(a.id) })),
    policies: o.policies.map((p) => ({
      id: p.id,
      name: p.name,
      type: p.type,
      arn: p.awsManaged
        ? `arn:aws:organizations::aws:policy/${p.type.toLowerCase()}/${p.id}`
        : `arn:aws:organizations::${o.managementAccountId}:policy/${o.id}/${p.type.toLowerCase()}/${p.id}`,
      document: p.document,
    })),
  }
}
