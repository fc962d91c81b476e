// Principal / NotPrincipal. [PRINCIPAL, NOTPRINCIPAL, VPCE in shared/docs/IAM-EVALUATION.md §4.2, §1.5, §2, §12]
//
// Principal (R4.2.2–R4.2.7, R2.7, §12.7):
// - `"*"` / `{"AWS":"*"}`: everyone, anonymous callers included (PRINCIPAL "All principals": the two are
//   equivalent). Service principals are included too: AWS's own RCP examples pair `"Principal":"*"` Deny
//   statements with `BoolIfExists aws:PrincipalIsAWSService false` to spare services, which is only needed
//   because `*` covers them.
// - An account (`111122223333` or `arn:aws:iam::111122223333:root`) delegates to every principal of that account
//   (R4.2.4) — except in a gateway VPC endpoint policy, where it means the root user only (R1.8.4, VPCE).
// - A user ARN: that user (names case-sensitive, R4.2.6). A role ARN: the role and every session of it (R2.7);
//   session ARNs carry no path, so a session matches by partition + account + role name unless the session's
//   role path is known (from aws:PrincipalArn) and differs. A session ARN or a federated-user ARN: exactly that.
// - Service: service principals by name, case-insensitively. Federated: SAML/OIDC provider ARNs (exact) and web
//   identity providers (host, case-insensitively) for identityProvider callers.
// - Unique ids (`AIDA…`, `AROA…`) that IAM saved in place of an ARN (R4.2.7, R3.1.5): the caller whose
//   aws:userid is that id, or starts with it followed by ':' (role sessions: `AROA…:session`).
// - CanonicalUser: an S3 canonical user id cannot be derived from an ARN, so it matches only a caller whose
//   principal text is that 64-hex id (which parsePrincipal does not produce today): in practice, never.
// - No partial wildcards (R4.2.5): any other `*` or `?` is literal text and matches nothing real.
// - ARN entries must agree on partition (R2.6); a bare account id carries none and matches any.
import type { Principals } from '../../policy/index.js'
import type { ParsedPrincipal, RequestContext } from '../request-context.js'
import { parsePrincipal } from '../principal-arn.js'

export type PrincipalVia =
  | 'any'
  | 'account'
  | 'user'
  | 'role'
  | 'session'
  | 'federatedUser'
  | 'service'
  | 'identityProvider'
  | 'canonicalUser'
  | 'uniqueId'
  | 'root'

export interface PrincipalMatch {
  /** The Principal entry that matched, as written. */
  pattern: string
  via: PrincipalVia
}

export interface PrincipalMatcher {
  match(pr: ParsedPrincipal, ctx: RequestContext): PrincipalMatch | null
}

export interface PrincipalMatchOptions {
  /** Gateway VPC endpoint policy: an account principal means that account's root user only (R1.8.4, VPCE). */
  gatewayEndpoint?: boolean
}

interface AccountEntry {
  /** null for the bare account-id form. */
  partition: string | null
  delegation: PrincipalMatch
  root: PrincipalMatch
}

interface RoleEntry {
  partition: string
  account: string
  path: string
  match: PrincipalMatch
}

interface UniqueIdEntry {
  id: string
  match: PrincipalMatch
}

interface CompiledPrincipals {
  any: PrincipalMatch | null
  accounts: Map<string, AccountEntry[]>
  users: Map<string, PrincipalMatch>
  /** By role name. */
  roles: Map<string, RoleEntry[]>
  sessions: Map<string, PrincipalMatch>
  federatedUsers: Map<string, PrincipalMatch>
  services: Map<string, PrincipalMatch>
  /** SAML/OIDC provider ARNs, exact. */
  providerArns: Map<string, PrincipalMatch>
  /** Web identity provider hosts, lower-cased. */
  providerHosts: Map<string, PrincipalMatch>
  canonical: Map<string, PrincipalMatch>
  uniqueIds: UniqueIdEntry[]
}

const UNIQUE_ID_RE = /^A(?:IDA|ROA)[A-Z0-9]{8,}$/
const CANONICAL_RE = /^[0-9a-fA-F]{64}$/

function compilePrincipals(p: Principals): CompiledPrincipals {
  const c: CompiledPrincipals = {
    any: p.any ? { pattern: '*', via: 'any' } : null,
    accounts: new Map(),
    users: new Map(),
    roles: new Map(),
    sessions: new Map(),
    federatedUsers: new Map(),
    services: new Map(),
    providerArns: new Map(),
    providerHosts: new Map(),
    canonical: new Map(),
    uniqueIds: [],
  }
  const setOnce = (m: Map<string, PrincipalMatch>, key: string, match: PrincipalMatch) => {
    if (!m.has(key)) m.set(key, match)
  }

  for (const entry of p.aws) {
    if (entry === '*') {
      if (!c.any) c.any = { pattern: entry, via: 'any' }
      continue
    }
    if (UNIQUE_ID_RE.test(entry)) {
      c.uniqueIds.push({ id: entry, match: { pattern: entry, via: 'uniqueId' } })
      continue
    }
    const parsed = parsePrincipal(entry)
    if (!parsed.ok) continue // not a principal AWS would accept; matches nothing
    const pr = parsed.principal
    switch (pr.kind) {
      case 'root': {
        const list = c.accounts.get(pr.account) ?? []
        list.push({
          partition: entry.startsWith('arn:') ? pr.partition : null,
          delegation: { pattern: entry, via: 'account' },
          root: { pattern: entry, via: 'root' },
        })
        c.accounts.set(pr.account, list)
        break
      }
      case 'user':
        setOnce(c.users, entry, { pattern: entry, via: 'user' })
        break
      case 'role': {
        const list = c.roles.get(pr.name) ?? []
        list.push({ partition: pr.partition, account: pr.account, path: pr.path, match: { pattern: entry, via: 'role' } })
        c.roles.set(pr.name, list)
        break
      }
      case 'assumedRole':
        setOnce(c.sessions, entry, { pattern: entry, via: 'session' })
        break
      case 'federatedUser':
        setOnce(c.federatedUsers, entry, { pattern: entry, via: 'federatedUser' })
        break
      default:
        break // services, identity providers and `anonymous` are not AWS principals
    }
  }
  for (const entry of p.service) setOnce(c.services, entry.toLowerCase(), { pattern: entry, via: 'service' })
  for (const entry of p.federated) {
    if (entry.startsWith('arn:')) setOnce(c.providerArns, entry, { pattern: entry, via: 'identityProvider' })
    else setOnce(c.providerHosts, entry.toLowerCase(), { pattern: entry, via: 'identityProvider' })
  }
  for (const entry of p.canonicalUser) {
    if (CANONICAL_RE.test(entry)) setOnce(c.canonical, entry.toLowerCase(), { pattern: entry, via: 'canonicalUser' })
  }
  return c
}

// ---- identity checks shared by Principal and NotPrincipal (no allocation) ----

function accountEntry(c: CompiledPrincipals, pr: ParsedPrincipal): AccountEntry | null {
  if (!pr.account) return null
  const list = c.accounts.get(pr.account)
  if (!list) return null
  for (let i = 0; i < list.length; i++) {
    const e = list[i]
    if (e.partition === null || e.partition === pr.partition) return e
  }
  return null
}

/** The role entry naming the caller's role (kind 'role') or the role of a session (kind 'assumedRole'). */
function roleEntry(c: CompiledPrincipals, pr: ParsedPrincipal): RoleEntry | null {
  if (pr.kind !== 'role' && pr.kind !== 'assumedRole') return null
  const list = c.roles.get(pr.name)
  if (!list) return null
  for (let i = 0; i < list.length; i++) {
    const e = list[i]
    if (e.account !== pr.account || e.partition !== pr.partition) continue
    // A session's role path is '' when unknown: account + name decide. A known path must agree.
    if (pr.path !== '' && pr.path !== e.path) continue
    return e
  }
  return null
}

function uniqueIdEntry(c: CompiledPrincipals, ctx: RequestContext): UniqueIdEntry | null {
  if (c.uniqueIds.length === 0) return null
  const userid = ctx.resolve('aws:userid')
  if (userid === undefined) return null
  for (let i = 0; i < c.uniqueIds.length; i++) {
    const e = c.uniqueIds[i]
    if (userid === e.id || (userid.length > e.id.length && userid.charCodeAt(e.id.length) === 58 && userid.startsWith(e.id))) return e
  }
  return null
}

function serviceEntry(c: CompiledPrincipals, pr: ParsedPrincipal): PrincipalMatch | null {
  if (c.services.size === 0) return null
  const name = pr.service ?? pr.name
  return c.services.get(name) ?? c.services.get(name.toLowerCase()) ?? null
}

function providerEntry(c: CompiledPrincipals, pr: ParsedPrincipal): PrincipalMatch | null {
  const byArn = c.providerArns.get(pr.arn)
  if (byArn) return byArn
  if (c.providerHosts.size === 0 || pr.arn.startsWith('arn:')) return null
  return c.providerHosts.get(pr.name) ?? c.providerHosts.get(pr.arn.toLowerCase()) ?? null
}

function canonicalEntry(c: CompiledPrincipals, pr: ParsedPrincipal): PrincipalMatch | null {
  if (c.canonical.size === 0 || !CANONICAL_RE.test(pr.arn)) return null
  return c.canonical.get(pr.arn.toLowerCase()) ?? null
}

// ---- Principal ----

export function compilePrincipalMatcher(p: Principals, opts: PrincipalMatchOptions = {}): PrincipalMatcher {
  const c = compilePrincipals(p)
  const gateway = !!opts.gatewayEndpoint
  return {
    match(pr: ParsedPrincipal, ctx: RequestContext): PrincipalMatch | null {
      if (c.any) return c.any
      let m: PrincipalMatch | null | undefined = null
      switch (pr.kind) {
        case 'service':
          return serviceEntry(c, pr)
        case 'identityProvider':
          return providerEntry(c, pr)
        case 'anonymous':
          return canonicalEntry(c, pr)
        case 'user':
          m = c.users.get(pr.arn)
          break
        case 'assumedRole':
          m = c.sessions.get(pr.arn) ?? roleEntry(c, pr)?.match
          break
        case 'role':
          m = roleEntry(c, pr)?.match
          break
        case 'federatedUser':
          m = c.federatedUsers.get(pr.arn)
          break
        case 'root':
          break
      }
      if (m) return m
      const u = uniqueIdEntry(c, ctx)
      if (u) return u.match
      const a = accountEntry(c, pr)
      if (a) {
        if (!gateway) return a.delegation
        if (pr.kind === 'root') return a.root // gateway endpoint: the account's root user only (R1.8.4)
      }
      return canonicalEntry(c, pr)
    },
  }
}

// ---- NotPrincipal ----
//
// NotPrincipal (with Deny) applies to every principal it does not list (R4.2.8, NOTPRINCIPAL). NOTPRINCIPAL says
// AWS "might validate the account first, then the role, and then the assumed-role user", and that without the
// account ARN "the policy might deny access to the entire account containing the principal"; its examples list
// user + account, and session + role + account. So here a principal counts as listed only when each identity in
// its chain is listed by its own entry (no delegation):
// - root: the account (id or root ARN);
// - user / federated user: its ARN (or the user's unique id) and its account;
// - role session: its session ARN, its role (ARN or AROA id) and its account. Listing only the role ARN does not
//   protect the role's sessions: the session is evaluated as itself and is not listed;
// - role (as caller): the role and its account;
// - service / identity provider: its Service / Federated entry; anonymous: only `*`.
// `"*"` lists everyone. This is the strict reading of "might"; `unlisted` says which link was missing.

export interface NotPrincipalMatcher extends PrincipalMatcher {
  /** The entry listing the caller's own identity when the whole chain is listed (statement excluded), else null. */
  match(pr: ParsedPrincipal, ctx: RequestContext): PrincipalMatch | null
  /** Why the caller does not count as listed (for a trace), or null when it is listed. */
  unlisted(pr: ParsedPrincipal, ctx: RequestContext): string | null
}

const MISSING_NONE = 0
const MISSING_ROLE = 1
const MISSING_ACCOUNT = 2

export function compileNotPrincipalMatcher(p: Principals, _opts: PrincipalMatchOptions = {}): NotPrincipalMatcher {
  const c = compilePrincipals(p)
  // Which chain link the last `own` call found missing (kept out of the return value so match() allocates nothing).
  let missing = MISSING_NONE

  const roleListed = (pr: ParsedPrincipal, ctx: RequestContext): PrincipalMatch | null => {
    const r = roleEntry(c, pr)
    if (r) return r.match
    const u = uniqueIdEntry(c, ctx)
    return u && u.id.startsWith('AROA') ? u.match : null
  }

  /** The entry listing the caller's own identity, or null; sets `missing` when a chain link is not listed. */
  const own = (pr: ParsedPrincipal, ctx: RequestContext): PrincipalMatch | null => {
    missing = MISSING_NONE
    let m: PrincipalMatch | null | undefined = null
    let needsRole = false
    switch (pr.kind) {
      case 'service':
        return serviceEntry(c, pr)
      case 'identityProvider':
        return providerEntry(c, pr)
      case 'anonymous':
        return canonicalEntry(c, pr)
      case 'root':
        return accountEntry(c, pr)?.delegation ?? null
      case 'user': {
        m = c.users.get(pr.arn)
        if (!m) {
          const u = uniqueIdEntry(c, ctx)
          if (u && u.id.startsWith('AIDA')) m = u.match
        }
        break
      }
      case 'federatedUser':
        m = c.federatedUsers.get(pr.arn)
        break
      case 'role':
        m = roleListed(pr, ctx)
        break
      case 'assumedRole':
        m = c.sessions.get(pr.arn)
        needsRole = true
        break
    }
    if (!m) return null
    if (needsRole && !roleListed(pr, ctx)) missing = MISSING_ROLE
    else if (!accountEntry(c, pr)) missing = MISSING_ACCOUNT
    return m
  }

  return {
    match(pr: ParsedPrincipal, ctx: RequestContext): PrincipalMatch | null {
      if (c.any) return c.any
      const m = own(pr, ctx)
      return m && missing === MISSING_NONE ? m : null
    },
    unlisted(pr: ParsedPrincipal, ctx: RequestContext): string | null {
      if (c.any) return null
      const m = own(pr, ctx)
      if (m && missing === MISSING_NONE) return null
      if (!m) return `${pr.arn} is not listed in NotPrincipal`
      if (missing === MISSING_ROLE) {
        const roleArn = pr.roleArn ?? `arn:${pr.partition}:iam::${pr.account}:role/${pr.name}`
        return `NotPrincipal lists ${pr.arn} but not its role ${roleArn}; AWS may evaluate the role before the session and deny it (NOTPRINCIPAL)`
      }
      return `NotPrincipal lists ${pr.arn} but not its account arn:${pr.partition}:iam::${pr.account}:root; AWS may evaluate the account first and deny it (NOTPRINCIPAL)`
    },
  }
}
