// Builds the answer of a PolicySource from a Directory: which policies are in force for a principal (and a resource),
// in AWS's layers, with provenance and what could not be read. Reads run in parallel; the answer's order is fixed
// (identity: the principal's inline, then managed, then each group's inline and managed; scp/rcp: root first).

import { parsePrincipalRef, parseResourceRef, roleArn, type PrincipalRef } from './arn.js'
import type { Directory, Failure, Fetched, InlinePolicy, OrgPolicyType, PartFailure, ResourceRef } from './directory.js'
import type { PolicyAnswer, PolicyQuery, PolicyResult, Provenance, SourceLayer, SourcePolicy, SourcePolicySet, SourceWarning, Unavailable } from './ports.js'

interface Item {
  layer: SourceLayer
  level?: number
  policy: SourcePolicy
  prov: Omit<Provenance, 'layer' | 'level' | 'policyId' | 'source'>
}

/** What one branch of the collection found; branches are merged in a fixed order. */
class Part {
  items: Item[] = []
  unavailable: Unavailable[] = []
  warnings: SourceWarning[] = []
  /** Request context keys AWS sets that this branch learned (aws:PrincipalOrgID, …). */
  context: Record<string, string | string[]> = {}
  cacheDown = false

  seen(f: { cacheDown?: boolean }): void {
    if (f.cacheDown === true) this.cacheDown = true
  }
  missing(scope: Unavailable['scope'], what: string, failure: Failure): void {
    this.unavailable.push({
      what,
      scope,
      why: failure.why,
      message: failure.message,
      ...(failure.action ? { action: failure.action } : {}),
      ...(failure.account ? { account: failure.account } : {}),
      ...(failure.retryAfterSeconds !== undefined ? { retryAfterSeconds: failure.retryAfterSeconds } : {}),
    })
  }
  warn(code: string, message: string): void {
    this.warnings.push({ code, message })
  }
  merge(...parts: Part[]): this {
    for (const p of parts) {
      this.items.push(...p.items)
      this.unavailable.push(...p.unavailable)
      this.warnings.push(...p.warnings)
      Object.assign(this.context, p.context)
      if (p.cacheDown) this.cacheDown = true
    }
    return this
  }
}

export async function collectPolicies(dir: Directory, query: PolicyQuery): Promise<PolicyResult> {
  const parsed = parsePrincipalRef(query.principal)
  if (!parsed.ok) return { ok: false, error: parsed.error }
  const principal = parsed.value
  let resource: { ref?: ResourceRef; account?: string } = {}
  if (query.resource !== undefined && query.resource !== '') {
    const r = parseResourceRef(query.resource, query.resourceAccount ?? principal.account, query.action)
    if (!r.ok) return { ok: false, error: r.error }
    resource = r.value
  }

  const [identity, scp, resourcePart, rcp] = await Promise.all([
    identitySide(dir, principal),
    orgLayer(dir, principal.account, 'scp'),
    resource.ref !== undefined ? resourcePolicy(dir, resource.ref) : Promise.resolve(new Part()),
    resource.account !== undefined ? orgLayer(dir, resource.account, 'rcp') : Promise.resolve(new Part()),
  ])

  // SCPs do not affect service-linked roles (R1.3.3, SCP); RCPs do not restrict their calls (R1.4.3, RCP).
  const slr = identity.serviceLinked
  const all = new Part().merge(identity.part, slr ? dropLayer(scp) : scp, resourcePart, slr ? dropLayer(rcp) : rcp)
  if (slr) all.warn('SERVICE_LINKED_ROLE_EXEMPT', 'The principal is a service-linked role: SCPs and RCPs do not apply to it (R1.3.3, R1.4.3)')
  if (all.cacheDown) all.warn('CACHE_UNAVAILABLE', 'The cache (Redis) did not answer: policies were read from the origin directly and not cached')
  return { ok: true, answer: toAnswer(dir, all) }
}

function dropLayer(part: Part): Part {
  const kept = new Part()
  kept.cacheDown = part.cacheDown
  kept.context = part.context // still a member of the organization
  return kept
}

function toAnswer(dir: Directory, all: Part): PolicyAnswer {
  const policies: SourcePolicySet = {}
  const provenance: Provenance[] = []
  for (const item of all.items) {
    switch (item.layer) {
      case 'identity':
      case 'session':
        ;(policies[item.layer] ??= []).push(item.policy)
        break
      case 'resource':
      case 'permissionsBoundary':
        policies[item.layer] = item.policy
        break
      case 'scp':
      case 'rcp': {
        const levels = (policies[item.layer] ??= [])
        while (levels.length <= (item.level ?? 0)) levels.push([])
        if (item.policy.id !== '') levels[item.level ?? 0].push(item.policy)
        break
      }
    }
    if (item.policy.id === '') continue // an empty level's placeholder
    provenance.push({ layer: item.layer, ...(item.level !== undefined ? { level: item.level } : {}), policyId: item.policy.id, source: dir.source, ...item.prov })
  }
  return { policies, provenance, unavailable: all.unavailable, warnings: all.warnings, context: all.context }
}

// ---- identity side -------------------------------------------------------------------------------------------

async function identitySide(dir: Directory, principal: PrincipalRef): Promise<{ part: Part; serviceLinked: boolean }> {
  const part = new Part()
  switch (principal.kind) {
    case 'root':
      // The root user has no IAM policies; in its own account it is allowed unless a deny or an SCP says otherwise.
      return { part, serviceLinked: false }
    case 'user': {
      const tags = await userSide(dir, principal.account, principal.name, part)
      principalTags(part, tags)
      return { part, serviceLinked: false }
    }
    case 'role':
    case 'assumedRole': {
      const name = principal.kind === 'role' ? principal.name : principal.roleName
      const role = await roleSide(dir, principal.account, name, principal.partition, part)
      principalTags(part, role?.tags)
      if (principal.kind === 'assumedRole') {
        part.warn(
          'SESSION_POLICIES_UNKNOWN',
          'A role session may carry session policies passed to AssumeRole (Policy, PolicyArns) and session tags that override the role\'s tags (aws:PrincipalTag); AWS does not keep them, so they are not included. Add them as the session layer and in the context if the caller passed any.',
        )
      }
      return { part, serviceLinked: role?.path.startsWith('/aws-service-role/') === true }
    }
  }
}

/** The principal's IAM tags are in the context of its requests as aws:PrincipalTag/<key>. */
function principalTags(part: Part, tags: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(tags ?? {})) part.context[`aws:PrincipalTag/${key}`] = value
}

/** Returns the user's tags (undefined when the user could not be read). */
async function userSide(dir: Directory, account: string, name: string, part: Part): Promise<Record<string, string> | undefined> {
  const user = await dir.user(account, name)
  part.seen(user)
  if (!user.ok) {
    part.missing('principal', `IAM user ${name} in account ${account}`, user.failure)
    return undefined
  }
  const u = user.value
  failures(part, u.failures)
  const [groups, boundary] = await Promise.all([Promise.all(u.groups.map((g) => dir.group(account, g.name))), boundaryItem(dir, account, u.boundaryArn, part)])
  // Identity order: the user's inline, the user's managed, then each group's inline and managed. A managed policy
  // attached both to the user and to a group (or to two groups) is in force once: it is listed where first met.
  const seen = new Set<string>()
  const fresh = (list: Array<{ arn: string; name: string }>) => list.filter((a) => !seen.has(a.arn) && seen.add(a.arn))
  const plan: Array<{ inline: Item[]; attached: Array<{ arn: string; name: string }>; via?: string }> = [
    { inline: inlineItems(u.inline, `user/${u.name}`, u.arn, { fetchedAt: user.fetchedAt, fromCache: user.fromCache }), attached: fresh(u.attached) },
  ]
  groups.forEach((group, i) => {
    part.seen(group)
    if (!group.ok) {
      part.missing('identity', `policies of IAM group ${u.groups[i].name} in account ${account}`, group.failure)
      return
    }
    const g = group.value
    failures(part, g.failures)
    const meta = { fetchedAt: group.fetchedAt, fromCache: group.fromCache }
    // The group's ARN as the user's group list gives it (with the group's path).
    plan.push({ inline: inlineItems(g.inline, `group/${g.name}`, u.groups[i].arn, meta, g.name), attached: fresh(g.attached), via: g.name })
  })
  const managed = await Promise.all(plan.map((p) => managedItems(dir, account, p.attached, part, p.via)))
  plan.forEach((p, i) => part.items.push(...p.inline, ...managed[i]))
  part.items.push(...boundary)
  return u.tags
}

/** Returns the role's path (to tell service-linked roles) and tags, or undefined when the role could not be read. */
async function roleSide(dir: Directory, account: string, name: string, partition: string, part: Part): Promise<{ path: string; tags?: Record<string, string> } | undefined> {
  const role = await dir.role(account, name)
  part.seen(role)
  if (!role.ok) {
    part.missing('principal', `IAM role ${name} in account ${account} (${roleArn(partition, account, name)})`, role.failure)
    return undefined
  }
  const r = role.value
  failures(part, r.failures)
  const own = inlineItems(r.inline, `role/${r.name}`, r.arn, { fetchedAt: role.fetchedAt, fromCache: role.fromCache })
  const [managed, boundary] = await Promise.all([managedItems(dir, account, r.attached, part), boundaryItem(dir, account, r.boundaryArn, part)])
  part.items.push(...own, ...managed, ...boundary)
  return { path: r.path, ...(r.tags !== undefined ? { tags: r.tags } : {}) }
}

function failures(part: Part, list: PartFailure[]): void {
  for (const f of list) part.missing('identity', f.what, f)
}

function inlineItems(list: InlinePolicy[], idPrefix: string, holderArn: string, meta: { fetchedAt: string; fromCache: boolean }, via?: string): Item[] {
  return list.map((p) => ({
    layer: 'identity' as const,
    policy: { id: `${idPrefix}/${p.name}`, document: p.document },
    prov: { arn: holderArn, kind: 'inline', name: p.name, ...(via !== undefined ? { via } : {}), ...meta },
  }))
}

async function managedItems(
  dir: Directory,
  account: string,
  attached: Array<{ arn: string; name: string }>,
  part: Part,
  via?: string,
): Promise<Item[]> {
  const todo = attached
  const read = await Promise.all(todo.map((a) => dir.managedPolicy(account, a.arn)))
  const items: Item[] = []
  read.forEach((f, i) => {
    part.seen(f)
    if (!f.ok) {
      part.missing('identity', `managed policy ${todo[i].arn}${via ? ` (attached to group ${via})` : ''}`, f.failure)
      return
    }
    items.push({
      layer: 'identity',
      policy: { id: f.value.arn, document: f.value.document },
      prov: { arn: f.value.arn, kind: 'managed', name: f.value.name, versionId: f.value.defaultVersionId, ...(via !== undefined ? { via } : {}), fetchedAt: f.fetchedAt, fromCache: f.fromCache },
    })
  })
  return items
}

async function boundaryItem(dir: Directory, account: string, arn: string | undefined, part: Part): Promise<Item[]> {
  if (arn === undefined) return []
  const f = await dir.managedPolicy(account, arn)
  part.seen(f)
  if (!f.ok) {
    part.missing('permissionsBoundary', `permissions boundary ${arn}`, f.failure)
    return []
  }
  return [
    {
      layer: 'permissionsBoundary',
      policy: { id: f.value.arn, document: f.value.document },
      prov: { arn: f.value.arn, kind: 'managed', name: f.value.name, versionId: f.value.defaultVersionId, fetchedAt: f.fetchedAt, fromCache: f.fromCache },
    },
  ]
}

// ---- organization layers -------------------------------------------------------------------------------------

const TYPE_NAME: Record<OrgPolicyType, string> = { scp: 'SCP', rcp: 'RCP' }

/**
 * The SCP levels of the principal's account, or the RCP levels of the resource's account: root first, then each OU,
 * then the account (R1.3.5, SCPEVAL; R1.4.6, RCPEVAL). Absent when the account is the management account
 * (R1.3.2, R1.4.2), is in no organization, or the policy type is not enabled.
 */
async function orgLayer(dir: Directory, account: string, type: OrgPolicyType): Promise<Part> {
  const part = new Part()
  const T = TYPE_NAME[type]
  const org = await dir.organization()
  part.seen(org)
  if (!org.ok) {
    part.missing(type, `the organization (to find the ${T}s of account ${account})`, org.failure)
    return part
  }
  if (org.value.none) return part
  // The account is in the organization: AWS puts its id in the request context (aws:PrincipalOrgID for the
  // principal's account, aws:ResourceOrgID for the resource's), and its path once known.
  const side = type === 'scp' ? 'Principal' : 'Resource'
  part.context[`aws:${side}OrgID`] = org.value.id
  if (org.value.managementAccountId === account) {
    part.warn(
      'MANAGEMENT_ACCOUNT_EXEMPT',
      type === 'scp'
        ? `Account ${account} is the organization's management account: SCPs do not apply to its principals (R1.3.2)`
        : `Account ${account} is the organization's management account: RCPs do not apply to its resources (R1.4.2)`,
    )
    return part
  }
  const path = await dir.accountPath(account)
  part.seen(path)
  if (!path.ok) {
    if (path.failure.why === 'notFound') {
      part.warn('ACCOUNT_NOT_IN_ORGANIZATION', `Account ${account} is not in organization ${org.value.id}: its ${T}s do not apply`)
    } else {
      part.missing(type, `the place of account ${account} in the organization`, path.failure)
    }
    return part
  }
  // aws:PrincipalOrgPaths / aws:ResourceOrgPaths: the organization id, the root and each OU down to the account's
  // parent, each followed by a slash (o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/).
  part.context[`aws:${side}OrgPaths`] = [`${org.value.id}/${path.value.slice(0, -1).map((n) => `${n.id}/`).join('')}`]
  const levels = await Promise.all(path.value.map((node) => dir.attachments(node.id, type)))
  const broken = levels.findIndex((l) => !l.ok)
  for (const l of levels) part.seen(l)
  if (broken >= 0) {
    const failed = levels[broken] as Extract<Fetched<unknown>, { ok: false }>
    part.missing(type, `the ${T}s attached to ${path.value[broken].id} (level ${broken}); the ${T} layer is left out`, failed.failure)
    return part
  }
  const lists = levels.map((l) => (l.ok ? l.value : { enabled: false, policies: [] }))
  // When a policy type is enabled, AWS attaches FullAWSAccess / RCPFullAWSAccess to the root and every node
  // (R1.3.6, SCP): a root without any means the type is not enabled.
  if (!lists[0].enabled || lists[0].policies.length === 0) {
    part.warn(`${T}_NOT_ENABLED`, `${T}s are not enabled in organization ${org.value.id}: the ${T} layer does not apply`)
    return part
  }
  const docs = await Promise.all(lists.map((list) => Promise.all(list.policies.map((p) => dir.orgPolicy(p.id, type)))))
  docs.forEach((level, i) => {
    const node = path.value[i]
    if (lists[i].policies.length === 0) {
      part.warn(`${T}_LEVEL_EMPTY`, `No ${T} is attached to ${node.id}; AWS requires one at every level, so this level denies everything`)
      part.items.push({ layer: type, level: i, policy: { id: '', document: null }, prov: { arn: '', kind: type, fetchedAt: '', fromCache: false } })
    }
    level.forEach((f, j) => {
      part.seen(f)
      if (!f.ok) {
        part.missing(type, `${T} ${lists[i].policies[j].id} attached to ${node.id}`, f.failure)
        return
      }
      part.items.push({
        layer: type,
        level: i,
        policy: { id: f.value.id, document: f.value.document },
        prov: { arn: f.value.arn, kind: type, name: f.value.name, via: node.id, fetchedAt: f.fetchedAt, fromCache: f.fromCache },
      })
    })
  })
  return part
}

// ---- resource side -------------------------------------------------------------------------------------------

const RESOURCE_KIND: Record<ResourceRef['kind'], string> = {
  kmsKey: 'keyPolicy',
  kmsAlias: 'keyPolicy',
  s3Bucket: 'bucketPolicy',
  role: 'trustPolicy',
  sqsQueue: 'queuePolicy',
  snsTopic: 'topicPolicy',
  lambdaFunction: 'functionPolicy',
  secret: 'secretPolicy',
}

async function resourcePolicy(dir: Directory, ref: ResourceRef): Promise<Part> {
  const part = new Part()
  const f = await dir.resourcePolicy(ref)
  part.seen(f)
  if (!f.ok) {
    part.missing('resource', `the ${RESOURCE_KIND[ref.kind]} of ${ref.arn}`, f.failure)
    return part
  }
  // The resource's tags are in the context of requests to it (aws:ResourceTag/<key>).
  for (const [key, value] of Object.entries(f.value.tags ?? {})) part.context[`aws:ResourceTag/${key}`] = value
  if (f.value.tagsFailure !== undefined) part.missing('resource', `the tags of ${f.value.arn} (aws:ResourceTag)`, f.value.tagsFailure)
  if (f.value.document === null) return part
  part.items.push({
    layer: 'resource',
    policy: { id: f.value.arn, document: f.value.document },
    prov: { arn: f.value.arn, kind: RESOURCE_KIND[ref.kind], fetchedAt: f.fetchedAt, fromCache: f.fromCache },
  })
  return part
}
