// Organizations (awsJson1_1, x-amz-target AWSOrganizationsV20161128.*) of the fake AWS. Like AWS, only the
// management account may read the tree and the policies; any member may DescribeOrganization.
import type { Fixture, FixtureOrgPolicy, FixtureOrganization } from './fixture-types.js'
import { ApiError } from './protocol.js'

export interface JsonCtx {
  account: string
  body: Record<string, unknown>
  fixture: Fixture
  pageSize: number
}

type JsonHandler = (ctx: JsonCtx) => unknown

function org(ctx: JsonCtx): FixtureOrganization {
  const o = ctx.fixture.organization
  if (o === undefined || !o.accounts.some((a) => a.id === ctx.account)) {
    throw new ApiError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.')
  }
  return o
}

function managementOnly(ctx: JsonCtx, action: string): FixtureOrganization {
  const o = org(ctx)
  if (ctx.account !== o.managementAccountId) {
    throw new ApiError('AccessDeniedException', `You don't have permissions to access this resource (${action} needs the management account or a delegated administrator).`)
  }
  return o
}

function str(ctx: JsonCtx, name: string): string {
  const v = ctx.body[name]
  if (typeof v !== 'string' || v === '') throw new ApiError('InvalidInputException', `${name} is required`)
  return v
}

function policyArn(o: FixtureOrganization, p: FixtureOrgPolicy): string {
  const type = p.type.toLowerCase()
  return p.awsManaged ? `arn:aws:organizations::aws:policy/${type}/${p.id}` : `arn:aws:organizations::${o.managementAccountId}:policy/${o.id}/${type}/${p.id}`
}

function summary(o: FixtureOrganization, p: FixtureOrgPolicy) {
  return { Id: p.id, Arn: policyArn(o, p), Name: p.name, Description: '', Type: p.type, AwsManaged: p.awsManaged === true }
}

function targetExists(o: FixtureOrganization, id: string): boolean {
  return o.root.id === id || o.ous.some((x) => x.id === id) || o.accounts.some((x) => x.id === id)
}

export const ORGANIZATIONS_OPERATIONS: Record<string, JsonHandler> = {
  DescribeOrganization: (ctx) => {
    const o = org(ctx)
    return {
      Organization: {
        Id: o.id,
        Arn: `arn:aws:organizations::${o.managementAccountId}:organization/${o.id}`,
        FeatureSet: 'ALL',
        MasterAccountArn: `arn:aws:organizations::${o.managementAccountId}:account/${o.id}/${o.managementAccountId}`,
        MasterAccountId: o.managementAccountId,
        MasterAccountEmail: 'management@example.com',
      },
    }
  },
  ListParents: (ctx) => {
    const o = managementOnly(ctx, 'organizations:ListParents')
    const child = str(ctx, 'ChildId')
    const parentId = o.accounts.find((a) => a.id === child)?.parentId ?? o.ous.find((u) => u.id === child)?.parentId
    if (parentId === undefined) throw new ApiError('ChildNotFoundException', `We can't find an organizational unit (OU) or AWS account with the ChildId that you specified: ${child}`)
    return { Parents: [{ Id: parentId, Type: parentId === o.root.id ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] }
  },
  ListPoliciesForTarget: (ctx) => {
    const o = managementOnly(ctx, 'organizations:ListPoliciesForTarget')
    const target = str(ctx, 'TargetId')
    const filter = str(ctx, 'Filter')
    if (!targetExists(o, target)) throw new ApiError('TargetNotFoundException', `We can't find a root, OU, account, or policy with the TargetId that you specified: ${target}`)
    const list = (o.attachments[target] ?? []).map((id) => o.policies.find((p) => p.id === id)).filter((p): p is FixtureOrgPolicy => p !== undefined && p.type === filter)
    const start = Number(typeof ctx.body.NextToken === 'string' ? ctx.body.NextToken : '0')
    const slice = list.slice(start, start + ctx.pageSize)
    const next = start + ctx.pageSize
    return { Policies: slice.map((p) => summary(o, p)), ...(next < list.length ? { NextToken: String(next) } : {}) }
  },
  DescribePolicy: (ctx) => {
    const o = managementOnly(ctx, 'organizations:DescribePolicy')
    const id = str(ctx, 'PolicyId')
    const p = o.policies.find((x) => x.id === id)
    if (p === undefined) throw new ApiError('PolicyNotFoundException', `We can't find a policy with the PolicyId that you specified: ${id}`)
    return { Policy: { PolicySummary: summary(o, p), Content: JSON.stringify(p.document) } }
  },
}
