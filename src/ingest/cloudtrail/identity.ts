// userIdentity → the request's principal and the context keys the caller's credentials determine.
// [IAM-EVALUATION.md §9.2; CTUID — the userIdentity element page, read for every field used here; GKEYS]
//
//   IAMUser           arn (the user ARN)
//   AssumedRole       arn (the session ARN); aws:PrincipalArn = sessionContext.sessionIssuer.arn (the role ARN with its path)
//   Role              arn (a role acting as itself)
//   FederatedUser     arn (arn:aws:sts::ACCT:federated-user/NAME); sessionIssuer = the IAM user or root that federated
//   Root              arn, or arn:aws:iam::ACCT:root from accountId
//   AWSAccount        only accountId (and a unique id): the account's root stands in, marked inferred
//   AWSService        invokedBy, the service principal (ec2.amazonaws.com)
//   SAMLUser          AssumeRoleWithSAML: requestParameters.principalArn, the SAML provider the trust policy names
//   WebIdentityUser   AssumeRoleWithWebIdentity: identityProvider (the OIDC provider ARN, or accounts.google.com …)
//   IdentityCenterUser, Directory, Unknown: no IAM principal — the record cannot be judged as an IAM request
import { childPointer } from '../../policy/index.js'
import type { Draft } from '../draft.js'
import { describePrincipal } from '../principal.js'
import type { IngestError } from '../types.js'
import { isObj, type Obj } from './records.js'

export interface IdentityInfo {
  /** The principal's account (for resourceAccount and ARN building). */
  account: string
  partition: string
  /** The credentials are temporary (a session): MFA and token-issue keys apply. */
  temporary: boolean
  type: string
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined
}

/** ISO 8601 basic (20131102T010628Z, as CTUID's example writes creationDate) or extended → extended. */
export function isoTime(text: string): string | null {
  const basic = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(text)
  if (basic) return `${basic[1]}-${basic[2]}-${basic[3]}T${basic[4]}:${basic[5]}:${basic[6]}Z`
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return text
  return null
}

const NOT_IAM: Record<string, string> = {
  IdentityCenterUser:
    'an IAM Identity Center user calling with a bearer token (onBehalfOf.userId and identityStoreArn): not an IAM principal that policies name, so there is no IAM request to judge; the IAM role the user signed in with appears as AssumedRole in records of calls made with that role',
  Directory: 'a directory-service caller (type Directory): not an IAM principal',
  Unknown: 'CloudTrail could not determine the caller (type Unknown)',
}

export function readIdentity(record: Obj, draft: Draft, path: string): { ok: true; info: IdentityInfo } | { ok: false; error: IngestError } {
  const ui = isObj(record.userIdentity) ? record.userIdentity : undefined
  const at = childPointer(path, 'userIdentity')
  if (!ui) return { ok: false, error: { path, message: 'the record has no userIdentity, so its caller is unknown' } }
  const type = str(ui.type) ?? ''
  const arn = str(ui.arn)
  const accountId = str(ui.accountId)
  const sc = isObj(ui.sessionContext) ? ui.sessionContext : undefined
  const issuer = sc && isObj(sc.sessionIssuer) ? sc.sessionIssuer : undefined
  const attrs = sc && isObj(sc.attributes) ? sc.attributes : undefined
  const rp = isObj(record.requestParameters) ? record.requestParameters : undefined
  const fail = (message: string, p = at) => ({ ok: false as const, error: { path: p, message } })

  if (NOT_IAM[type]) return fail(NOT_IAM[type])

  switch (type) {
    case 'IAMUser':
      if (arn) draft.setPrincipal(arn)
      else if (accountId && str(ui.userName)) {
        draft.setPrincipal(`arn:aws:iam::${accountId}:user/${str(ui.userName)}`, true)
        draft.note('the user ARN is built from accountId and userName; a user with a path has a longer ARN')
      } else return fail('an IAMUser identity without arn (or accountId and userName)')
      break
    case 'AssumedRole': {
      const issuerArn = str(issuer?.arn)
      if (arn) draft.setPrincipal(arn)
      else if (issuerArn && str(ui.principalId)?.includes(':')) {
        const role = describePrincipal(issuerArn)
        const roleName = issuerArn.slice(issuerArn.lastIndexOf('/') + 1)
        const session = str(ui.principalId)!.split(':').slice(1).join(':')
        draft.setPrincipal(`arn:${role.partition}:sts::${role.account}:assumed-role/${roleName}/${session}`, true)
        draft.note('the session ARN is built from sessionIssuer.arn and the session name in principalId')
      } else return fail('an AssumedRole identity without arn (or sessionContext.sessionIssuer.arn and principalId)')
      // aws:PrincipalArn of a role session is the role's ARN, path included (GKEYS; CTUID sessionIssuer)
      if (issuerArn) {
        draft.setContext('aws:PrincipalArn', issuerArn)
        if (issuerArn.includes(':role/aws-service-role/')) draft.note('the role is a service-linked role (path /aws-service-role/): SCPs and RCPs do not apply to it')
      } else {
        draft.addMissing('context aws:PrincipalArn: the record has no sessionContext.sessionIssuer.arn, so the role\'s path is unknown')
      }
      draft.addMissing('session policies: the record does not show whether session policies were passed when the role was assumed')
      break
    }
    case 'Role':
      if (!arn) return fail('a Role identity without arn')
      draft.setPrincipal(arn)
      break
    case 'FederatedUser':
      if (!arn) return fail('a FederatedUser identity without arn')
      draft.setPrincipal(arn)
      if (str(issuer?.arn)) {
        draft.note(`a GetFederationToken session of ${str(issuer?.arn)}: its permissions are that ${str(issuer?.type) === 'Root' ? 'root user' : 'IAM user'}'s identity policies intersected with the session policies passed to GetFederationToken (POLTYPES)`)
      }
      draft.addMissing('session policies: the record does not carry the session policies passed to GetFederationToken')
      break
    case 'Root':
      if (arn) draft.setPrincipal(arn)
      else if (accountId) draft.setPrincipal(`arn:aws:iam::${accountId}:root`, true)
      else return fail('a Root identity without arn or accountId')
      break
    case 'AWSAccount':
      if (!accountId) return fail('an AWSAccount identity without accountId')
      // CTUID: "The request was made by another AWS account" — the record names the account, not the caller.
      draft.setPrincipal(`arn:aws:iam::${accountId}:root`, true)
      draft.addMissing(
        `principal: the record names only the calling account ${accountId}${str(ui.principalId) ? ` and the unique id ${str(ui.principalId)}` : ''}; the account's root stands in for the caller, so a policy naming the account matches but one naming a specific user or role needs that ARN`,
      )
      break
    case 'AWSService': {
      const svc = str(ui.invokedBy)
      if (!svc) return fail('an AWSService identity without invokedBy (the service principal)')
      draft.setPrincipal(svc)
      draft.note(`the caller is the AWS service principal ${svc}: only resource-based policies (and trust policies) can allow it`)
      break
    }
    case 'SAMLUser': {
      const provider = str(rp?.principalArn)
      if (!provider) return fail('a SAMLUser identity, but requestParameters.principalArn (the SAML provider ARN) is missing', childPointer(path, 'requestParameters'))
      draft.setPrincipal(provider)
      draft.note(`the caller of ${str(record.eventName) ?? 'AssumeRoleWithSAML'} is the SAML provider ${provider} (the trust policy names it as Principal.Federated); the assertion's attributes (saml:sub …) are not in the record`)
      draft.addMissing('context saml:*: the SAML assertion\'s attributes are not in the record')
      break
    }
    case 'WebIdentityUser': {
      const idp = str(ui.identityProvider)
      const responseProvider = isObj(record.responseElements) ? str(record.responseElements.provider) : undefined
      const who = idp ? describePrincipal(idp) : undefined
      if (idp && (who?.kind === 'identityProvider')) draft.setPrincipal(idp)
      else if (responseProvider && describePrincipal(responseProvider).kind === 'identityProvider') draft.setPrincipal(responseProvider)
      else if (idp && /^[a-z0-9.-]+(\/[\w./-]*)?$/i.test(idp) && str(record.recipientAccountId)) {
        draft.setPrincipal(`arn:aws:iam::${str(record.recipientAccountId)}:oidc-provider/${idp}`, true)
        draft.note(`the OIDC provider ARN is built from identityProvider ${idp} and the recipient account`)
      } else return fail('a WebIdentityUser identity without a usable identityProvider')
      draft.note('the caller of AssumeRoleWithWebIdentity is the identity provider (the trust policy names it as Principal.Federated); the token\'s claims (aud, sub, amr) are not in the record')
      draft.addMissing('context <provider>:aud / :sub: the web identity token\'s claims are not in the record')
      break
    }
    default: {
      if (arn && describePrincipal(arn).kind !== 'unknown') {
        draft.setPrincipal(arn)
        draft.note(`userIdentity.type ${type ? `"${type}" is not one iamdx knows` : 'is absent'}; the principal is its arn`)
      } else {
        return fail(type ? `userIdentity.type "${type}" is not one iamdx knows, and the identity has no principal ARN` : 'userIdentity has no type and no principal ARN')
      }
    }
  }

  const principal = draft.principal!
  const desc = describePrincipal(principal)
  const info: IdentityInfo = { account: desc.account || accountId || '', partition: desc.partition, temporary: false, type }

  // Credentials: temporary when the record shows a session (sessionContext) or an ASIA key (a convention).
  const key = str(ui.accessKeyId) ?? ''
  info.temporary = Boolean(attrs) || type === 'AssumedRole' || type === 'FederatedUser' || key.startsWith('ASIA')
  if (info.temporary) {
    // aws:MultiFactorAuthPresent is present only for temporary credentials (GKEYS); CTUID: mfaAuthenticated is
    // "true" if the user who used their credentials authenticated with an MFA device.
    const mfa = str(attrs?.mfaAuthenticated)
    if (mfa === 'true' || mfa === 'false') draft.setContext('aws:MultiFactorAuthPresent', mfa === 'true')
    else draft.missingContext('aws:MultiFactorAuthPresent', 'the record has no sessionContext.attributes.mfaAuthenticated')
    if (mfa === 'true') draft.missingContext('aws:MultiFactorAuthAge', 'the record says MFA was used, not when')
    const created = str(attrs?.creationDate)
    const iso = created ? isoTime(created) : null
    if (iso) draft.setContext('aws:TokenIssueTime', iso, iso !== created)
    else draft.missingContext('aws:TokenIssueTime', 'the record has no sessionContext.attributes.creationDate')
  } else if (key.startsWith('AKIA')) {
    draft.note('long-term access keys (AKIA…): aws:MultiFactorAuthPresent and aws:TokenIssueTime are absent from such requests (GKEYS)')
  }

  const sourceIdentity = str(sc?.sourceIdentity) ?? str(ui.sourceIdentity)
  if (sourceIdentity) draft.setContext('aws:SourceIdentity', sourceIdentity)
  const signIn = str(sc?.signInSessionArn)
  if (signIn) draft.setContext('aws:SignInSessionArn', signIn)
  // CTUID: sessionContext.assumedRoot is true for sessions from sts:AssumeRoot (GKEYS aws:AssumedRoot).
  if (sc?.assumedRoot === true || sc?.assumedRoot === 'true') draft.setContext('aws:AssumedRoot', true)
  // CTUID: ec2RoleDelivery is 1.0 (IMDSv1) or 2.0 (IMDSv2); GKEYS: ec2:RoleDelivery is numeric.
  const delivery = str(sc?.ec2RoleDelivery)
  if (delivery && /^\d+(\.0)?$/.test(delivery)) draft.setContext('ec2:RoleDelivery', Number(delivery))
  const web = sc && isObj(sc.webIdFederationData) ? sc.webIdFederationData : undefined
  if (str(web?.federatedProvider)) {
    // GKEYS names aws:FederatedProvider for web-identity sessions; that it holds webIdFederationData.federatedProvider
    // as written is UNCONFIRMED (the current docs also show an ARN form).
    draft.setContext('aws:FederatedProvider', str(web?.federatedProvider)!, true)
  }
  const invokedBy = type === 'AWSService' ? undefined : str(ui.invokedBy)
  if (invokedBy) {
    draft.note(`invokedBy ${invokedBy}: the service made this call for the principal (CTUID); keys such as aws:ViaAWSService and aws:CalledVia may be set on such calls`)
    draft.missingContext('aws:ViaAWSService', `the record shows the call was made by ${invokedBy}, but not whether with the principal's credentials (forward access session)`)
    draft.missingContext('aws:CalledVia', `the record shows the call was made by ${invokedBy}`)
  }
  const delegate = isObj(ui.invokedByDelegate) ? str(ui.invokedByDelegate.accountId) : undefined
  if (delegate) draft.note(`the call was made by the product provider account ${delegate} with temporary delegated access (invokedByDelegate)`)
  const scope = isObj(ui.inScopeOf) ? ui.inScopeOf : undefined
  if (scope) {
    const issuedTo = str(scope.credentialsIssuedTo)
    const issuerType = str(scope.issuerType)
    // GKEYS lists lambda:SourceFunctionArn and ec2:SourceInstanceArn among the role-session origin keys; that
    // inScopeOf.credentialsIssuedTo holds their value is our reading of CTUID (inferred).
    if (issuedTo && issuerType === 'AWS::Lambda::Function') draft.setContext('lambda:SourceFunctionArn', issuedTo, true)
    if (issuedTo && issuerType === 'AWS::EC2::Instance') draft.setContext('ec2:SourceInstanceArn', issuedTo, true)
  }
  return { ok: true, info }
}
