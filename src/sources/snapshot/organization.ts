// The organization snapshot (iamdx's format; the wire schema is OrganizationSnapshot in routes/schemas/sources.ts):
//
// {
//   "id": "o-exampleorg1",                       organization id (optional)
//   "managementAccountId": "111111111111",       its principals are exempt from SCPs, its resources from RCPs
//   "root": { "id": "r-ab12", "name": "Root", "policies": ["p-FullAWSAccess"] },
//   "organizationalUnits": [{ "id": "ou-ab12-11111111", "name": "Prod", "parentId": "r-ab12", "policies": [...] }],
//   "accounts": [{ "id": "333333333333", "name": "payments", "parentId": "ou-ab12-11111111", "policies": [...] }],
//   "policies": [{ "id": "p-FullAWSAccess", "name": "FullAWSAccess", "type": "SERVICE_CONTROL_POLICY",
//                  "arn": "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
//                  "document": { ... } }]                                       (document: object or JSON text)
// }
//
// `policies` on the root, an OU or an account lists the ids of the SCPs and RCPs attached directly to it. A policy
// type counts as enabled when the root has a policy of that type attached (AWS attaches FullAWSAccess /
// RCPFullAWSAccess to the root when a type is enabled). Every parent must exist; the tree must reach the root.

import type { Attachments, OrgNode, OrgPolicyRecord, OrgPolicyType } from '../directory.js'
import { decodeDocument } from '../documents.js'
import type { SnapshotProblem } from '../ports.js'

export interface OrganizationSnapshot {
  id: string
  rootId: string
  managementAccountId: string
  /** Account → its path, root first, ending with the account. */
  paths: Map<string, OrgNode[]>
  /** Target id → attached policy ids. */
  attached: Map<string, string[]>
  policies: Map<string, OrgPolicyRecord & { type: OrgPolicyType }>
}

export type ParsedOrganization = { ok: true; snapshot: OrganizationSnapshot; counts: Record<string, number> } | { ok: false; problems: SnapshotProblem[] }

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

const TYPES: Record<string, OrgPolicyType> = { SERVICE_CONTROL_POLICY: 'scp', RESOURCE_CONTROL_POLICY: 'rcp' }

export function parseOrganization(input: unknown): ParsedOrganization {
  const problems: SnapshotProblem[] = []
  const problem = (path: string, message: string) => {
    if (problems.length < 100) problems.push({ path, message })
  }
  if (!isObj(input)) return { ok: false, problems: [{ path: '', message: 'the organization snapshot must be a JSON object' }] }
  const str = (o: Obj, key: string, path: string, re?: RegExp): string => {
    const v = o[key]
    if (typeof v !== 'string' || v === '' || (re !== undefined && !re.test(v))) {
      problem(`${path}/${key}`, `${key} must be ${re === undefined ? 'a non-empty string' : `a string matching ${re.source}`}`)
      return ''
    }
    return v
  }
  const list = (o: Obj, key: string, path: string): Obj[] => {
    const v = o[key]
    if (v === undefined) return []
    if (!Array.isArray(v)) {
      problem(`${path}/${key}`, `${key} must be an array`)
      return []
    }
    return v.filter((x, i) => (isObj(x) ? true : (problem(`${path}/${key}/${i}`, 'must be an object'), false)))
  }
  const ids = (o: Obj, path: string): string[] => {
    const v = o.policies
    if (v === undefined) return []
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      problem(`${path}/policies`, 'policies must be an array of policy ids')
      return []
    }
    return v as string[]
  }

  const managementAccountId = str(input, 'managementAccountId', '', /^\d{12}$/)
  const id = typeof input.id === 'string' ? input.id : ''
  const root = isObj(input.root) ? input.root : (problem('/root', 'root must be an object { id, policies }'), {})
  const rootId = str(root, 'id', '/root', /^r-[0-9a-z]{4,32}$/)

  const parent = new Map<string, string>()
  const attached = new Map<string, string[]>([[rootId, ids(root, '/root')]])
  const where = new Map<string, string>([[rootId, '/root']])
  const ous = list(input, 'organizationalUnits', '')
  ous.forEach((ou, i) => {
    const path = `/organizationalUnits/${i}`
    const ouId = str(ou, 'id', path, /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/)
    if (where.has(ouId)) problem(`${path}/id`, `${ouId} appears twice`)
    where.set(ouId, path)
    parent.set(ouId, str(ou, 'parentId', path))
    attached.set(ouId, ids(ou, path))
  })
  const accounts = list(input, 'accounts', '')
  accounts.forEach((a, i) => {
    const path = `/accounts/${i}`
    const accountId = str(a, 'id', path, /^\d{12}$/)
    if (where.has(accountId)) problem(`${path}/id`, `${accountId} appears twice`)
    where.set(accountId, path)
    parent.set(accountId, str(a, 'parentId', path))
    attached.set(accountId, ids(a, path))
  })
  if (managementAccountId !== '' && !accounts.some((a) => a.id === managementAccountId)) {
    problem('/managementAccountId', `the management account ${managementAccountId} is not in accounts`)
  }

  const policies = new Map<string, OrgPolicyRecord & { type: OrgPolicyType }>()
  list(input, 'policies', '').forEach((p, i) => {
    const path = `/policies/${i}`
    const policyId = str(p, 'id', path, /^p-[0-9a-zA-Z_]{8,128}$/)
    const type = TYPES[String(p.type)]
    if (type === undefined) problem(`${path}/type`, 'type must be SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY')
    const doc = p.document
    if (typeof doc !== 'string' && !isObj(doc)) problem(`${path}/document`, 'document must be a policy document (object or JSON text)')
    policies.set(policyId, {
      id: policyId,
      name: typeof p.name === 'string' ? p.name : policyId,
      arn: typeof p.arn === 'string' ? p.arn : '',
      type: type ?? 'scp',
      document: decodeDocument(doc),
    })
  })
  for (const [target, list] of attached) {
    list.forEach((policyId, i) => {
      if (!policies.has(policyId)) problem(`${where.get(target)}/policies/${i}`, `${policyId} is not in policies`)
    })
  }

  // Every account's path to the root; parents must exist and the tree must not loop.
  const paths = new Map<string, OrgNode[]>()
  accounts.forEach((a, i) => {
    const accountId = String(a.id)
    const path: OrgNode[] = [{ id: accountId, type: 'ACCOUNT' }]
    let child = accountId
    let node = parent.get(accountId) ?? ''
    for (let depth = 0; depth < 8 && node !== rootId; depth++) {
      if (!where.has(node) || !node.startsWith('ou-')) {
        problem(`${where.get(child) ?? `/accounts/${i}`}/parentId`, `parent ${JSON.stringify(node)} is not the root or an OU of this organization`)
        return
      }
      path.unshift({ id: node, type: 'ORGANIZATIONAL_UNIT' })
      child = node
      node = parent.get(node) ?? ''
    }
    if (node !== rootId) {
      problem(`/accounts/${i}/parentId`, 'the OUs above this account do not reach the root (a loop, or nested more than 7 deep)')
      return
    }
    path.unshift({ id: rootId, type: 'ROOT' })
    paths.set(accountId, path)
  })

  if (problems.length > 0) return { ok: false, problems }
  return {
    ok: true,
    snapshot: { id, rootId, managementAccountId, paths, attached, policies },
    counts: { accounts: accounts.length, organizationalUnits: ous.length, policies: policies.size },
  }
}

/** The policies of one type attached to a target, in the order listed. */
export function attachmentsOf(org: OrganizationSnapshot, targetId: string, type: OrgPolicyType): Attachments | undefined {
  const list = org.attached.get(targetId)
  if (list === undefined) return undefined
  const rootList = org.attached.get(org.rootId) ?? []
  const enabled = rootList.some((id) => org.policies.get(id)?.type === type)
  const policies = list
    .map((id) => org.policies.get(id))
    .filter((p): p is OrgPolicyRecord & { type: OrgPolicyType } => p !== undefined && p.type === type)
    .map((p) => ({ id: p.id, name: p.name, arn: p.arn }))
  return { enabled, policies }
}
