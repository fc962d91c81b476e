// IAM (awsQuery, XML) and STS AssumeRole of the fake AWS, answering from the fixture of the caller's account.
import type { Fixture, FixtureAccount, FixtureManagedPolicy, FixtureRole } from './fixture-types.js'
import { ApiError, iamEncode, toXml, type XmlValue } from './protocol.js'

export interface QueryCtx {
  account: string
  params: Record<string, string>
  fixture: Fixture
  pageSize: number
}

const CREATED = '2024-01-15T10:00:00Z'

function accountOf(ctx: QueryCtx): FixtureAccount {
  return ctx.fixture.accounts[ctx.account] ?? {}
}

function noSuch(what: string): ApiError {
  return new ApiError('NoSuchEntity', `The ${what} cannot be found.`, 404)
}

function required(ctx: QueryCtx, name: string): string {
  const v = ctx.params[name]
  if (v === undefined || v === '') throw new ApiError('ValidationError', `1 validation error detected: ${name} must not be null`, 400)
  return v
}

function user(ctx: QueryCtx) {
  const name = required(ctx, 'UserName')
  const u = accountOf(ctx).users?.find((x) => x.name === name)
  if (u === undefined) throw noSuch(`user with name ${name}`)
  return u
}

function group(ctx: QueryCtx) {
  const name = required(ctx, 'GroupName')
  const g = accountOf(ctx).groups?.find((x) => x.name === name)
  if (g === undefined) throw noSuch(`group with name ${name}`)
  return g
}

function role(ctx: QueryCtx): FixtureRole {
  const name = required(ctx, 'RoleName')
  const r = accountOf(ctx).roles?.find((x) => x.name === name)
  if (r === undefined) throw noSuch(`role with name ${name}`)
  return r
}

const userArn = (a: string, path: string | undefined, name: string) => `arn:aws:iam::${a}:user${path ?? '/'}${name}`
const groupArn = (a: string, path: string | undefined, name: string) => `arn:aws:iam::${a}:group${path ?? '/'}${name}`
const roleArn = (a: string, path: string | undefined, name: string) => `arn:aws:iam::${a}:role${path ?? '/'}${name}`
const policyArn = (a: string, p: FixtureManagedPolicy) => `arn:aws:iam::${a}:policy${p.path ?? '/'}${p.name}`
const id = (prefix: string, seed: string) => prefix + Buffer.from(seed).toString('hex').toUpperCase().slice(0, 17).padEnd(17, '0')

/** Every managed policy readable from an account: its own and AWS's. */
export function findManagedPolicy(fixture: Fixture, caller: string, arn: string): { arn: string; policy: FixtureManagedPolicy } | undefined {
  const owner = arn.split(':')[4]
  const list = owner === 'aws' ? fixture.awsManagedPolicies : owner === caller ? (fixture.accounts[caller]?.policies ?? []) : []
  const p = list.find((x) => policyArn(owner, x) === arn)
  return p === undefined ? undefined : { arn, policy: p }
}

function page<T>(ctx: QueryCtx, items: T[]): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const start = Number(ctx.params.Marker ?? '0')
  const size = Math.min(Number(ctx.params.MaxItems ?? ctx.pageSize), ctx.pageSize)
  const slice = items.slice(start, start + size)
  const next = start + size
  return next < items.length ? { items: slice, IsTruncated: true, Marker: String(next) } : { items: slice, IsTruncated: false }
}

function attachedList(ctx: QueryCtx, arns: string[] | undefined): { [key: string]: XmlValue } {
  const pg = page(ctx, arns ?? [])
  return {
    AttachedPolicies: pg.items.map((arn) => ({ PolicyName: arn.split('/').pop() as string, PolicyArn: arn })),
    IsTruncated: pg.IsTruncated,
    Marker: pg.Marker,
  }
}

function namesList(ctx: QueryCtx, inline: Record<string, unknown> | undefined): { [key: string]: XmlValue } {
  const pg = page(ctx, Object.keys(inline ?? {}))
  return { PolicyNames: pg.items, IsTruncated: pg.IsTruncated, Marker: pg.Marker }
}

function inlineDoc(holder: string, holderName: string, inline: Record<string, unknown> | undefined, policyName: string): unknown {
  const d = inline?.[policyName]
  if (d === undefined) throw noSuch(`${holder} policy with name ${policyName}`)
  return d
}

function boundaryXml(arn: string | undefined): XmlValue {
  return arn === undefined ? undefined : { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn }
}

type QueryHandler = (ctx: QueryCtx) => string

export const IAM_OPERATIONS: Record<string, QueryHandler> = {
  GetUser: (ctx) => {
    const u = user(ctx)
    return toXml({
      User: { Path: u.path ?? '/', UserName: u.name, UserId: id('AIDA', u.name), Arn: userArn(ctx.account, u.path, u.name), CreateDate: CREATED, PermissionsBoundary: boundaryXml(u.boundary), Tags: tagList(u.tags) },
    })
  },
  ListUserPolicies: (ctx) => toXml(namesList(ctx, user(ctx).inline)),
  GetUserPolicy: (ctx) => {
    const u = user(ctx)
    const name = required(ctx, 'PolicyName')
    return toXml({ UserName: u.name, PolicyName: name, PolicyDocument: iamEncode(inlineDoc('user', u.name, u.inline, name)) })
  },
  ListAttachedUserPolicies: (ctx) => toXml(attachedList(ctx, user(ctx).attached)),
  ListGroupsForUser: (ctx) => {
    const u = user(ctx)
    const groups = (u.groups ?? []).map((name) => accountOf(ctx).groups?.find((g) => g.name === name) ?? { name })
    const pg = page(ctx, groups)
    return toXml({
      Groups: pg.items.map((g) => ({ Path: g.path ?? '/', GroupName: g.name, GroupId: id('AGPA', g.name), Arn: groupArn(ctx.account, g.path, g.name), CreateDate: CREATED })),
      IsTruncated: pg.IsTruncated,
      Marker: pg.Marker,
    })
  },
  ListGroupPolicies: (ctx) => toXml(namesList(ctx, group(ctx).inline)),
  GetGroupPolicy: (ctx) => {
    const g = group(ctx)
    const name = required(ctx, 'PolicyName')
    return toXml({ GroupName: g.name, PolicyName: name, PolicyDocument: iamEncode(inlineDoc('group', g.name, g.inline, name)) })
  },
  ListAttachedGroupPolicies: (ctx) => toXml(attachedList(ctx, group(ctx).attached)),
  GetRole: (ctx) => {
    const r = role(ctx)
    return toXml({
      Role: {
        Path: r.path ?? '/',
        RoleName: r.name,
        RoleId: id('AROA', r.name),
        Arn: roleArn(ctx.account, r.path, r.name),
        CreateDate: CREATED,
        AssumeRolePolicyDocument: iamEncode(r.trust),
        MaxSessionDuration: 3600,
        PermissionsBoundary: boundaryXml(r.boundary),
        Tags: tagList(r.tags),
      },
    })
  },
  ListRolePolicies: (ctx) => toXml(namesList(ctx, role(ctx).inline)),
  GetRolePolicy: (ctx) => {
    const r = role(ctx)
    const name = required(ctx, 'PolicyName')
    return toXml({ RoleName: r.name, PolicyName: name, PolicyDocument: iamEncode(inlineDoc('role', r.name, r.inline, name)) })
  },
  ListAttachedRolePolicies: (ctx) => toXml(attachedList(ctx, role(ctx).attached)),
  GetPolicy: (ctx) => {
    const arn = required(ctx, 'PolicyArn')
    const found = findManagedPolicy(ctx.fixture, ctx.account, arn)
    if (found === undefined) throw noSuch(`policy ${arn}`)
    const p = found.policy
    return toXml({
      Policy: {
        PolicyName: p.name,
        PolicyId: id('ANPA', arn),
        Arn: arn,
        Path: p.path ?? '/',
        DefaultVersionId: p.defaultVersion,
        AttachmentCount: 1,
        IsAttachable: true,
        CreateDate: CREATED,
        UpdateDate: CREATED,
      },
    })
  },
  GetPolicyVersion: (ctx) => {
    const arn = required(ctx, 'PolicyArn')
    const versionId = required(ctx, 'VersionId')
    const found = findManagedPolicy(ctx.fixture, ctx.account, arn)
    const d = found?.policy.versions[versionId]
    if (found === undefined || d === undefined) throw noSuch(`policy ${arn} version ${versionId}`)
    return toXml({ PolicyVersion: { Document: iamEncode(d), VersionId: versionId, IsDefaultVersion: found.policy.defaultVersion === versionId, CreateDate: CREATED } })
  },
  GetAccountAuthorizationDetails: (ctx) => accountAuthorizationDetails(ctx),
}

function filters(ctx: QueryCtx): Set<string> {
  const out = new Set<string>()
  for (const [k, v] of Object.entries(ctx.params)) if (k.startsWith('Filter.member.')) out.add(v)
  return out
}

/** The whole account in one answer, as `aws iam get-account-authorization-details` pages it (one page per call). */
function accountAuthorizationDetails(ctx: QueryCtx): string {
  const a = accountOf(ctx)
  const want = filters(ctx)
  const all = want.size === 0
  const inlineList = (inline: Record<string, unknown> | undefined) => Object.entries(inline ?? {}).map(([PolicyName, d]) => ({ PolicyName, PolicyDocument: iamEncode(d) }))
  const attached = (arns: string[] | undefined) => (arns ?? []).map((arn) => ({ PolicyName: arn.split('/').pop() as string, PolicyArn: arn }))
  const users = all || want.has('User') ? (a.users ?? []) : []
  const groups = all || want.has('Group') ? (a.groups ?? []) : []
  const roles = all || want.has('Role') ? (a.roles ?? []) : []
  const attachedArns = new Set([...(a.users ?? []), ...(a.groups ?? []), ...(a.roles ?? [])].flatMap((e) => e.attached ?? []))
  for (const e of [...(a.users ?? []), ...(a.roles ?? [])]) if (e.boundary) attachedArns.add(e.boundary)
  const policies = [
    ...(all || want.has('LocalManagedPolicy') ? (a.policies ?? []).map((p) => ({ arn: policyArn(ctx.account, p), p })) : []),
    // AWS managed policies in use in the account.
    ...(all || want.has('AWSManagedPolicy') ? ctx.fixture.awsManagedPolicies.map((p) => ({ arn: policyArn('aws', p), p })).filter((x) => attachedArns.has(x.arn)) : []),
  ]
  return toXml({
    UserDetailList: users.map((u) => ({
      Path: u.path ?? '/',
      UserName: u.name,
      UserId: id('AIDA', u.name),
      Arn: userArn(ctx.account, u.path, u.name),
      CreateDate: CREATED,
      UserPolicyList: inlineList(u.inline),
      GroupList: u.groups ?? [],
      AttachedManagedPolicies: attached(u.attached),
      PermissionsBoundary: boundaryXml(u.boundary),
      Tags: tagList(u.tags),
    })),
    GroupDetailList: groups.map((g) => ({
      Path: g.path ?? '/',
      GroupName: g.name,
      GroupId: id('AGPA', g.name),
      Arn: groupArn(ctx.account, g.path, g.name),
      CreateDate: CREATED,
      GroupPolicyList: inlineList(g.inline),
      AttachedManagedPolicies: attached(g.attached),
    })),
    RoleDetailList: roles.map((r) => ({
      Path: r.path ?? '/',
      RoleName: r.name,
      RoleId: id('AROA', r.name),
      Arn: roleArn(ctx.account, r.path, r.name),
      CreateDate: CREATED,
      AssumeRolePolicyDocument: iamEncode(r.trust),
      InstanceProfileList: [],
      RolePolicyList: inlineList(r.inline),
      AttachedManagedPolicies: attached(r.attached),
      PermissionsBoundary: boundaryXml(r.boundary),
      Tags: tagList(r.tags),
    })),
    Policies: policies.map(({ arn, p }) => ({
      PolicyName: p.name,
      PolicyId: id('ANPA', arn),
      Arn: arn,
      Path: p.path ?? '/',
      DefaultVersionId: p.defaultVersion,
      AttachmentCount: 1,
      IsAttachable: true,
      CreateDate: CREATED,
      UpdateDate: CREATED,
      PolicyVersionList: Object.entries(p.versions).map(([VersionId, d]) => ({ Document: iamEncode(d), VersionId, IsDefaultVersion: VersionId === p.defaultVersion, CreateDate: CREATED })),
    })),
    IsTruncated: false,
  })
}

export const STS_OPERATIONS: Record<string, QueryHandler> = {
  /** Base credentials may assume the reader role (or any fixture role) in any fixture account. */
  AssumeRole: (ctx) => {
    const arn = required(ctx, 'RoleArn')
    const [, , , , account, resource] = arn.split(':')
    const name = resource?.split('/').pop() ?? ''
    const exists = ctx.fixture.accounts[account] !== undefined && (name === ctx.fixture.readerRoleName || ctx.fixture.accounts[account].roles?.some((r) => r.name === name))
    if (!exists) throw new ApiError('AccessDenied', `User: arn:aws:iam::${ctx.account}:user/iamdx is not authorized to perform: sts:AssumeRole on resource: ${arn}`, 403)
    const session = ctx.params.RoleSessionName ?? 'session'
    const expiration = new Date(Date.now() + 3600_000).toISOString()
    return toXml({
      Credentials: { AccessKeyId: `ASIAFAKE${account}`, SecretAccessKey: 'fake-secret', SessionToken: `fake-token-${account}`, Expiration: expiration },
      AssumedRoleUser: { Arn: `arn:aws:sts::${account}:assumed-role/${name}/${session}`, AssumedRoleId: `${id('AROA', name)}:${session}` },
    })
  },
}

/** IAM's Tags list ({Key, Value} members); absent when the entity has none, as AWS omits it. */
function tagList(tags: Record<string, string> | undefined): Array<{ Key: string; Value: string }> | undefined {
  return tags === undefined ? undefined : Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
}
