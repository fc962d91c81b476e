import t from 'tap'
import { compileNotPrincipalMatcher, compilePrincipalMatcher, type PrincipalMatch } from '../../../src/engine/match/index.js'
import type { Principals } from '../../../src/policy/types.js'
import { makeCtx, principal } from './fixtures/ctx.js'

const P = (p: Partial<Principals>): Principals => ({ any: false, aws: [], service: [], federated: [], canonicalUser: [], ...p })

const ACCT = '111122223333'
const OTHER = '444455556666'
const USER = `arn:aws:iam::${ACCT}:user/alice`
const ROLE = `arn:aws:iam::${ACCT}:role/Deployer`
const ROLE_WITH_PATH = `arn:aws:iam::${ACCT}:role/ci/Deployer`
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/Deployer/build-1`
const FED = `arn:aws:sts::${ACCT}:federated-user/bob`
const ROOT = `arn:aws:iam::${ACCT}:root`

function run(p: Principals, caller: string, opts: { hint?: string; keys?: Record<string, string>; gatewayEndpoint?: boolean } = {}): PrincipalMatch | null {
  const pr = principal(caller, opts.hint)
  const ctx = makeCtx({ principal: pr, keys: opts.keys })
  return compilePrincipalMatcher(p, { gatewayEndpoint: opts.gatewayEndpoint }).match(pr, ctx)
}

t.test('Principal: every via', async (t) => {
  const rows: Array<[string, Principals, string, Parameters<typeof run>[2], PrincipalMatch | null]> = [
    // "*" and {"AWS":"*"}: everyone, anonymous and services included
    ['* user', P({ any: true }), USER, {}, { pattern: '*', via: 'any' }],
    ['* anonymous', P({ any: true }), 'anonymous', {}, { pattern: '*', via: 'any' }],
    ['* service', P({ any: true }), 'lambda.amazonaws.com', {}, { pattern: '*', via: 'any' }],
    ['AWS:* in list', P({ aws: [USER, '*'] }), SESSION, {}, { pattern: '*', via: 'any' }],
    // account delegation (R4.2.4)
    ['account id → user', P({ aws: [ACCT] }), USER, {}, { pattern: ACCT, via: 'account' }],
    ['account id → session', P({ aws: [ACCT] }), SESSION, {}, { pattern: ACCT, via: 'account' }],
    ['account id → federated user', P({ aws: [ACCT] }), FED, {}, { pattern: ACCT, via: 'account' }],
    ['account id → root', P({ aws: [ACCT] }), ROOT, {}, { pattern: ACCT, via: 'account' }],
    ['root ARN → user', P({ aws: [ROOT] }), USER, {}, { pattern: ROOT, via: 'account' }],
    ['account id → other account', P({ aws: [OTHER] }), USER, {}, null],
    ['account → service', P({ aws: [ACCT] }), 'lambda.amazonaws.com', {}, null],
    ['account → anonymous', P({ aws: [ACCT] }), 'anonymous', {}, null],
    // gateway endpoint: account = root user only (R1.8.4)
    ['gateway: account → root', P({ aws: [ACCT] }), ROOT, { gatewayEndpoint: true }, { pattern: ACCT, via: 'root' }],
    ['gateway: root ARN → root', P({ aws: [ROOT] }), '111122223333', { gatewayEndpoint: true }, { pattern: ROOT, via: 'root' }],
    ['gateway: account → user', P({ aws: [ACCT] }), USER, { gatewayEndpoint: true }, null],
    ['gateway: account → session', P({ aws: [ACCT] }), SESSION, { gatewayEndpoint: true }, null],
    ['gateway: user ARN still matches', P({ aws: [USER] }), USER, { gatewayEndpoint: true }, { pattern: USER, via: 'user' }],
    // users: exact, case-sensitive (R4.2.6)
    ['user', P({ aws: [USER] }), USER, {}, { pattern: USER, via: 'user' }],
    ['user case', P({ aws: [`arn:aws:iam::${ACCT}:user/Alice`] }), USER, {}, null],
    ['user other', P({ aws: [`arn:aws:iam::${ACCT}:user/bob`] }), USER, {}, null],
    ['user path', P({ aws: [`arn:aws:iam::${ACCT}:user/x/alice`] }), USER, {}, null],
    ['user vs session', P({ aws: [USER] }), SESSION, {}, null],
    ['user more specific than account', P({ aws: [ACCT, USER] }), USER, {}, { pattern: USER, via: 'user' }],
    // roles: the role's sessions (R2.7) and the role itself
    ['role → session', P({ aws: [ROLE] }), SESSION, {}, { pattern: ROLE, via: 'role' }],
    ['role → role', P({ aws: [ROLE] }), ROLE, {}, { pattern: ROLE, via: 'role' }],
    ['role → other role session', P({ aws: [ROLE] }), `arn:aws:sts::${ACCT}:assumed-role/Other/build-1`, {}, null],
    ['role → same name other account', P({ aws: [ROLE] }), `arn:aws:sts::${OTHER}:assumed-role/Deployer/build-1`, {}, null],
    ['role name case', P({ aws: [`arn:aws:iam::${ACCT}:role/deployer`] }), SESSION, {}, null],
    ['role with path → session (path unknown)', P({ aws: [ROLE_WITH_PATH] }), SESSION, {}, { pattern: ROLE_WITH_PATH, via: 'role' }],
    ['role with path → session (same path known)', P({ aws: [ROLE_WITH_PATH] }), SESSION, { hint: ROLE_WITH_PATH }, { pattern: ROLE_WITH_PATH, via: 'role' }],
    ['role with path → session (other path known)', P({ aws: [ROLE_WITH_PATH] }), SESSION, { hint: ROLE }, null],
    ['role without path → session under a path', P({ aws: [ROLE] }), SESSION, { hint: ROLE_WITH_PATH }, null],
    ['role with path → role caller same', P({ aws: [ROLE_WITH_PATH] }), ROLE_WITH_PATH, {}, { pattern: ROLE_WITH_PATH, via: 'role' }],
    ['role with path → role caller other path', P({ aws: [ROLE_WITH_PATH] }), ROLE, {}, null],
    ['role → user of same name', P({ aws: [`arn:aws:iam::${ACCT}:role/alice`] }), USER, {}, null],
    // sessions: exactly that session
    ['session', P({ aws: [SESSION] }), SESSION, {}, { pattern: SESSION, via: 'session' }],
    ['session other', P({ aws: [SESSION] }), `arn:aws:sts::${ACCT}:assumed-role/Deployer/build-2`, {}, null],
    ['session → role caller', P({ aws: [SESSION] }), ROLE, {}, null],
    ['session before role', P({ aws: [ROLE, SESSION] }), SESSION, {}, { pattern: SESSION, via: 'session' }],
    // federated users
    ['federated user', P({ aws: [FED] }), FED, {}, { pattern: FED, via: 'federatedUser' }],
    ['federated user other', P({ aws: [FED] }), `arn:aws:sts::${ACCT}:federated-user/carol`, {}, null],
    // services, case-insensitive
    ['service', P({ service: ['lambda.amazonaws.com'] }), 'lambda.amazonaws.com', {}, { pattern: 'lambda.amazonaws.com', via: 'service' }],
    ['service case (policy)', P({ service: ['Lambda.AmazonAWS.com'] }), 'lambda.amazonaws.com', {}, { pattern: 'Lambda.AmazonAWS.com', via: 'service' }],
    ['service case (caller)', P({ service: ['lambda.amazonaws.com'] }), 'LAMBDA.amazonaws.com', {}, { pattern: 'lambda.amazonaws.com', via: 'service' }],
    ['service other', P({ service: ['lambda.amazonaws.com'] }), 's3.amazonaws.com', {}, null],
    ['service vs user', P({ service: ['lambda.amazonaws.com'] }), USER, {}, null],
    ['service name in AWS', P({ aws: ['lambda.amazonaws.com'] }), 'lambda.amazonaws.com', {}, null],
    // identity providers
    ['saml provider', P({ federated: [`arn:aws:iam::${ACCT}:saml-provider/Okta`] }), `arn:aws:iam::${ACCT}:saml-provider/Okta`, {}, { pattern: `arn:aws:iam::${ACCT}:saml-provider/Okta`, via: 'identityProvider' }],
    ['saml provider other', P({ federated: [`arn:aws:iam::${ACCT}:saml-provider/Okta`] }), `arn:aws:iam::${ACCT}:saml-provider/Other`, {}, null],
    ['oidc provider', P({ federated: [`arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com`] }), `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com`, {}, { pattern: `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com`, via: 'identityProvider' }],
    ['web idp', P({ federated: ['accounts.google.com'] }), 'accounts.google.com', {}, { pattern: 'accounts.google.com', via: 'identityProvider' }],
    ['web idp case', P({ federated: ['Accounts.Google.com'] }), 'accounts.google.com', {}, { pattern: 'Accounts.Google.com', via: 'identityProvider' }],
    ['cognito', P({ federated: ['cognito-identity.amazonaws.com'] }), 'cognito-identity.amazonaws.com', {}, { pattern: 'cognito-identity.amazonaws.com', via: 'identityProvider' }],
    ['web idp vs account', P({ aws: [ACCT] }), 'accounts.google.com', {}, null],
    ['idp vs service entry', P({ service: ['cognito-identity.amazonaws.com'] }), 'cognito-identity.amazonaws.com', {}, null],
    // unique ids saved by IAM (R4.2.7)
    ['unique id user', P({ aws: ['AIDAJQABLZS4A3QDU576Q'] }), USER, { keys: { 'aws:userid': 'AIDAJQABLZS4A3QDU576Q' } }, { pattern: 'AIDAJQABLZS4A3QDU576Q', via: 'uniqueId' }],
    ['unique id role session', P({ aws: ['AROADBQP57FF2AEXAMPLE'] }), SESSION, { keys: { 'aws:userid': 'AROADBQP57FF2AEXAMPLE:build-1' } }, { pattern: 'AROADBQP57FF2AEXAMPLE', via: 'uniqueId' }],
    ['unique id other', P({ aws: ['AROADBQP57FF2AEXAMPLE'] }), SESSION, { keys: { 'aws:userid': 'AROAOTHERID0EXAMPLE00:build-1' } }, null],
    ['unique id prefix only', P({ aws: ['AROADBQP57FF2AEXAMPLE'] }), SESSION, { keys: { 'aws:userid': 'AROADBQP57FF2AEXAMPLEX:build-1' } }, null],
    ['unique id, no aws:userid', P({ aws: ['AIDAJQABLZS4A3QDU576Q'] }), USER, {}, null],
    // canonical user ids can't be matched from an ARN
    ['canonical user', P({ canonicalUser: ['79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be'] }), USER, {}, null],
    // partitions must agree (R2.6)
    ['partition: root ARN', P({ aws: [`arn:aws-cn:iam::${ACCT}:root`] }), USER, {}, null],
    ['partition: root ARN same', P({ aws: [`arn:aws-cn:iam::${ACCT}:root`] }), `arn:aws-cn:iam::${ACCT}:user/alice`, {}, { pattern: `arn:aws-cn:iam::${ACCT}:root`, via: 'account' }],
    ['partition: user', P({ aws: [`arn:aws-us-gov:iam::${ACCT}:user/alice`] }), USER, {}, null],
    ['partition: role', P({ aws: [`arn:aws-cn:iam::${ACCT}:role/Deployer`] }), SESSION, {}, null],
    ['partition: bare account matches any', P({ aws: [ACCT] }), `arn:aws-cn:iam::${ACCT}:user/alice`, {}, { pattern: ACCT, via: 'account' }],
    // no partial wildcards (R4.2.5)
    ['partial wildcard', P({ aws: [`arn:aws:iam::${ACCT}:user/*`] }), USER, {}, null],
    ['partial wildcard account', P({ aws: ['arn:aws:iam::*:root'] }), USER, {}, null],
    ['empty', P({}), USER, {}, null],
  ]
  for (const [name, p, caller, opts, want] of rows) {
    const got = run(p, caller, opts)
    if (want === null) t.equal(got, null, name)
    else t.same(got, want, name)
  }
})

t.test('Principal: match allocates nothing new (same object back)', async (t) => {
  const m = compilePrincipalMatcher(P({ aws: [ROLE, ACCT] }))
  const pr = principal(SESSION)
  const ctx = makeCtx({ principal: pr })
  t.equal(m.match(pr, ctx), m.match(pr, ctx))
})

t.test('NotPrincipal', async (t) => {
  const rows: Array<[string, Principals, string, { hint?: string; keys?: Record<string, string> }, string | null, RegExp | null]> = [
    // [name, NotPrincipal, caller, opts, listed pattern (statement excluded) or null, unlisted reason]
    ['* lists everyone', P({ any: true }), 'anonymous', {}, '*', null],
    ['user + account listed', P({ aws: [USER, ROOT] }), USER, {}, USER, null],
    ['user + account id listed', P({ aws: [USER, ACCT] }), USER, {}, USER, null],
    ['user without account', P({ aws: [USER] }), USER, {}, null, /not its account/],
    ['account only does not list its users', P({ aws: [ROOT] }), USER, {}, null, /is not listed/],
    ['account lists the root', P({ aws: [ACCT] }), ROOT, {}, ACCT, null],
    ['other user', P({ aws: [`arn:aws:iam::${ACCT}:user/bob`, ROOT] }), USER, {}, null, /is not listed/],
    ['session + role + account', P({ aws: [SESSION, ROLE, ROOT] }), SESSION, {}, SESSION, null],
    ['session + role with path + account', P({ aws: [SESSION, ROLE_WITH_PATH, ROOT] }), SESSION, {}, SESSION, null],
    ['session + account, no role', P({ aws: [SESSION, ROOT] }), SESSION, {}, null, /not its role/],
    ['session + role, no account', P({ aws: [SESSION, ROLE] }), SESSION, {}, null, /not its account/],
    ['role + account do not list a session', P({ aws: [ROLE, ROOT] }), SESSION, {}, null, /is not listed/],
    ['other session', P({ aws: [`arn:aws:sts::${ACCT}:assumed-role/Deployer/build-2`, ROLE, ROOT] }), SESSION, {}, null, /is not listed/],
    ['session + role id + account', P({ aws: [SESSION, 'AROADBQP57FF2AEXAMPLE', ROOT] }), SESSION, { keys: { 'aws:userid': 'AROADBQP57FF2AEXAMPLE:build-1' } }, SESSION, null],
    ['role caller + account', P({ aws: [ROLE, ROOT] }), ROLE, {}, ROLE, null],
    ['federated user + account', P({ aws: [FED, ROOT] }), FED, {}, FED, null],
    ['user unique id + account', P({ aws: ['AIDAJQABLZS4A3QDU576Q', ROOT] }), USER, { keys: { 'aws:userid': 'AIDAJQABLZS4A3QDU576Q' } }, 'AIDAJQABLZS4A3QDU576Q', null],
    ['service listed', P({ service: ['cloudtrail.amazonaws.com'] }), 'cloudtrail.amazonaws.com', {}, 'cloudtrail.amazonaws.com', null],
    ['service not listed', P({ service: ['cloudtrail.amazonaws.com'] }), 'config.amazonaws.com', {}, null, /is not listed/],
    ['idp listed', P({ federated: ['accounts.google.com'] }), 'accounts.google.com', {}, 'accounts.google.com', null],
    ['anonymous not listed', P({ aws: [ROOT] }), 'anonymous', {}, null, /is not listed/],
    ['partition', P({ aws: [`arn:aws-cn:iam::${ACCT}:user/alice`, `arn:aws-cn:iam::${ACCT}:root`] }), USER, {}, null, /is not listed/],
  ]
  for (const [name, p, caller, opts, want, reason] of rows) {
    const pr = principal(caller, opts.hint)
    const ctx = makeCtx({ principal: pr, keys: opts.keys })
    const m = compileNotPrincipalMatcher(p)
    const got = m.match(pr, ctx)
    t.equal(got ? got.pattern : null, want, name)
    const why = m.unlisted(pr, ctx)
    if (reason) t.match(why, reason, `${name}: reason`)
    else t.equal(why, null, `${name}: no reason`)
  }
})
