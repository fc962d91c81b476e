// CloudTrail pieces one at a time: finding records in what users paste, each userIdentity type, the resource
// candidates in order of trust, the context a record carries, and which records are denials.
import t, { type Test } from 'tap'
import { loadCatalog } from '../../src/catalog/index.js'
import { ingestCloudTrail, type IngestSuccess } from '../../src/ingest/index.js'
import { outcomeOf } from '../../src/ingest/cloudtrail/denial.js'
import { isoTime } from '../../src/ingest/cloudtrail/identity.js'
import { findRecords } from '../../src/ingest/cloudtrail/records.js'

const catalog = await loadCatalog()

const base = {
  eventVersion: '1.09',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', accessKeyId: 'AKIAEXAMPLE' },
  eventTime: '2026-03-01T10:05:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.7',
  recipientAccountId: '111122223333',
  requestParameters: { bucketName: 'b', key: 'k' },
}

function ok(t: Test, input: unknown): IngestSuccess {
  const r = ingestCloudTrail(input, catalog)
  if (!r.ok) {
    t.fail(`expected a request: ${JSON.stringify(r)}`)
    throw new Error('no request')
  }
  return r
}

t.test('findRecords: every accepted shape, with JSON Pointers to each record', async (t) => {
  const one = JSON.stringify(base)
  t.same(findRecords(base).records.map((r) => r.path), ['/cloudTrailEvent'])
  t.same(findRecords({ Records: [base, base] }).records.map((r) => r.path), ['/cloudTrailEvent/Records/0', '/cloudTrailEvent/Records/1'])
  t.same(findRecords([base, { Records: [base] }]).records.map((r) => r.path), ['/cloudTrailEvent/0', '/cloudTrailEvent/1/Records/0'])
  t.same(findRecords({ Events: [{ CloudTrailEvent: one }] }).records.map((r) => r.path), ['/cloudTrailEvent/Events/0/CloudTrailEvent'])
  t.same(findRecords({ CloudTrailEvent: one }).records.length, 1)
  t.same(findRecords({ 'detail-type': 'AWS API Call via CloudTrail', detail: base }).records.map((r) => r.path), ['/cloudTrailEvent/detail'])
  t.equal(findRecords(`${one}\n${one}\n`).records.length, 2, 'JSON lines')
  t.equal(findRecords(one).records[0].record.eventName, 'GetObject', 'JSON text')
  t.match(findRecords([]).errors, [{ path: '/cloudTrailEvent', message: /empty list/ }])
  t.match(findRecords({ Records: [] }).errors, [{ path: '/cloudTrailEvent/Records', message: /no records/ }])
  t.match(findRecords(null).errors, [{ message: /got null/ }])
  t.match(findRecords({ Events: [{ CloudTrailEvent: '{' }] }).errors, [{ path: '/cloudTrailEvent/Events/0/CloudTrailEvent', message: /not JSON/ }])
  let deep: unknown = base
  for (let i = 0; i < 8; i++) deep = [deep]
  t.match(findRecords(deep).errors, [{ message: /nested too deep/ }])
})

t.test('userIdentity types → principal, and the credential keys of sessions', async (t) => {
  const user = ok(t, base)
  t.equal(user.request.principal, 'arn:aws:iam::111122223333:user/alice')
  t.notOk(user.request.context?.['aws:MultiFactorAuthPresent'], 'long-term keys: no MFA key')

  const userNoArn = ok(t, { ...base, userIdentity: { type: 'IAMUser', accountId: '111122223333', userName: 'bob' } })
  t.equal(userNoArn.request.principal, 'arn:aws:iam::111122223333:user/bob')
  t.ok(userNoArn.inferred.includes('/request/principal'))

  const sessionNoArn = ok(t, {
    ...base,
    userIdentity: { type: 'AssumedRole', principalId: 'AROAX:sess', sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::111122223333:role/p/R' }, attributes: {} } },
  })
  t.equal(sessionNoArn.request.principal, 'arn:aws:sts::111122223333:assumed-role/R/sess')
  t.ok(sessionNoArn.inferred.includes('/request/principal'))
  t.equal(sessionNoArn.request.context?.['aws:PrincipalArn'], 'arn:aws:iam::111122223333:role/p/R')
  t.ok(sessionNoArn.missing.some((m) => m.startsWith('context aws:MultiFactorAuthPresent:')), 'no mfaAuthenticated: missing')

  const noIssuer = ok(t, { ...base, userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/R/s' } })
  t.ok(noIssuer.missing.some((m) => m.startsWith('context aws:PrincipalArn:')))

  const slr = ok(t, {
    ...base,
    userIdentity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForX/s',
      sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::111122223333:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX' }, assumedRoot: 'true' },
    },
  })
  t.ok(slr.notes.some((n) => n.includes('service-linked role')))
  t.equal(slr.request.context?.['aws:AssumedRoot'], true)

  const role = ok(t, { ...base, userIdentity: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/R' } })
  t.equal(role.request.principal, 'arn:aws:iam::111122223333:role/R')

  const web = ok(t, { ...base, eventSource: 'sts.amazonaws.com', eventName: 'AssumeRoleWithWebIdentity', userIdentity: { type: 'WebIdentityUser', identityProvider: 'accounts.google.com' }, requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/W' } })
  t.equal(web.request.principal, 'accounts.google.com')
  const webHost = ok(t, { ...base, eventSource: 'sts.amazonaws.com', eventName: 'AssumeRoleWithWebIdentity', userIdentity: { type: 'WebIdentityUser', identityProvider: 'oidc.example.com' }, requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/W' } })
  t.equal(webHost.request.principal, 'arn:aws:iam::111122223333:oidc-provider/oidc.example.com')
  t.ok(webHost.inferred.includes('/request/principal'))
  const webResponse = ok(t, {
    ...base,
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRoleWithWebIdentity',
    userIdentity: { type: 'WebIdentityUser' },
    responseElements: { provider: 'arn:aws:iam::111122223333:oidc-provider/example.com' },
    requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/W' },
  })
  t.equal(webResponse.request.principal, 'arn:aws:iam::111122223333:oidc-provider/example.com')

  const fed = ok(t, {
    ...base,
    userIdentity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/R/s',
      sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::111122223333:role/R' }, webIdFederationData: { federatedProvider: 'arn:aws:iam::111122223333:oidc-provider/x' } },
      inScopeOf: { issuerType: 'AWS::Lambda::Function', credentialsIssuedTo: 'arn:aws:lambda:us-east-1:111122223333:function:f' },
      invokedByDelegate: { accountId: '999988887777' },
    },
  })
  t.equal(fed.request.context?.['aws:FederatedProvider'], 'arn:aws:iam::111122223333:oidc-provider/x')
  t.equal(fed.request.context?.['lambda:SourceFunctionArn'], 'arn:aws:lambda:us-east-1:111122223333:function:f')
  t.ok(fed.inferred.includes('/request/context/aws:FederatedProvider'))
  t.ok(fed.notes.some((n) => n.includes('999988887777')))

  const unknownTypeWithArn = ok(t, { ...base, userIdentity: { type: 'Something', arn: 'arn:aws:iam::111122223333:user/z' } })
  t.ok(unknownTypeWithArn.notes.some((n) => n.includes('"Something" is not one iamdx knows')))

  for (const [ui, re] of [
    [{ type: 'Unknown', principalId: 'Anonymous' }, /could not determine/],
    [{ type: 'Directory' }, /directory-service/],
    [{ type: 'AWSService' }, /without invokedBy/],
    [{ type: 'SAMLUser', userName: 'x' }, /principalArn/],
    [{ type: 'AWSAccount' }, /without accountId/],
    [{ type: 'Root' }, /without arn or accountId/],
    [{ type: 'FederatedUser' }, /without arn/],
    [{ type: 'WebIdentityUser' }, /usable identityProvider/],
    [{}, /no type and no principal ARN/],
  ] as const) {
    const r = ingestCloudTrail({ ...base, userIdentity: ui }, catalog)
    t.match(r, { ok: false, errors: [{ message: re }] }, JSON.stringify(ui))
  }
  t.match(ingestCloudTrail({ ...base, userIdentity: undefined }, catalog), { ok: false, errors: [{ path: '/cloudTrailEvent', message: /no userIdentity/ }] })
})

t.test('resource: message first, then ARNs the record carries, then ARNs built from names', async (t) => {
  const kmsById = ok(t, { ...base, eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' } })
  t.equal(kmsById.request.resource, 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab')
  t.ok(kmsById.inferred.includes('/request/resource'))

  const kmsAlias = ok(t, { ...base, eventSource: 'kms.amazonaws.com', eventName: 'Encrypt', requestParameters: { keyId: 'alias/app' } })
  t.equal(kmsAlias.request.resource, '*')
  t.ok(kmsAlias.notes.some((n) => n.includes('alias/app')))
  t.ok(kmsAlias.missing.some((m) => m.startsWith('resource:')))

  const kmsAliasArn = ok(t, { ...base, eventSource: 'kms.amazonaws.com', eventName: 'Encrypt', requestParameters: { keyId: 'arn:aws:kms:us-east-1:111122223333:alias/app' } })
  t.ok(kmsAliasArn.notes.some((n) => n.includes('alias ARN')))

  const lambdaPartial = ok(t, { ...base, eventSource: 'lambda.amazonaws.com', eventName: 'Invoke', requestParameters: { functionName: '444455556666:function:fn:prod' } })
  t.equal(lambdaPartial.request.resource, 'arn:aws:lambda:us-east-1:444455556666:function:fn:prod')

  const ec2Many = ok(t, { ...base, eventSource: 'ec2.amazonaws.com', eventName: 'RebootInstances', requestParameters: { instancesSet: { items: [{ instanceId: 'i-1' }, { instanceId: 'i-2' }] } } })
  t.equal(ec2Many.request.resource, 'arn:aws:ec2:us-east-1:111122223333:instance/i-1')
  t.ok(ec2Many.notes.some((n) => n.includes('names 2 instances')))

  const dynamo = ok(t, { ...base, eventSource: 'dynamodb.amazonaws.com', eventName: 'Query', requestParameters: { tableName: 'T' } })
  t.equal(dynamo.request.resource, 'arn:aws:dynamodb:us-east-1:111122223333:table/T')

  const ssm = ok(t, { ...base, eventSource: 'ssm.amazonaws.com', eventName: 'GetParameter', requestParameters: { name: '/a/b' } })
  t.equal(ssm.request.resource, 'arn:aws:ssm:us-east-1:111122223333:parameter/a/b', 'the leading slash is not doubled')

  const bucketOnly = ok(t, { ...base, eventName: 'ListObjects', requestParameters: { bucketName: 'b', 'list-type': '2' } })
  t.equal(bucketOnly.request.resource, 'arn:aws:s3:::b')

  const copy = ok(t, { ...base, eventName: 'CopyObject', requestParameters: { bucketName: 'dst', key: 'k', 'x-amz-copy-source': 'src/path/k' } })
  t.equal(copy.request.action, 's3:PutObject')
  t.equal(copy.request.resource, 'arn:aws:s3:::dst/k')
  t.ok(copy.notes.some((n) => n.includes('arn:aws:s3:::src/path/k')), 'the copy source is named')
  t.ok(copy.notes.some((n) => n.includes('also needs s3:GetObject')))

  const crossAccountBucket = ok(t, { ...base, recipientAccountId: '444455556666' })
  t.equal(crossAccountBucket.request.resourceAccount, '444455556666', 'delivered to another account: that account owns the bucket')
  t.ok(crossAccountBucket.inferred.includes('/request/resourceAccount'))

  const messageWins = ok(t, {
    ...base,
    errorCode: 'AccessDenied',
    errorMessage: 'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/other" because no identity-based policy allows the s3:GetObject action',
    resources: [{ ARN: 'arn:aws:s3:::b/k' }],
  })
  t.equal(messageWins.request.resource, 'arn:aws:s3:::b/other', 'what AWS evaluated wins over the record')

  const unknownAction = ok(t, { ...base, eventSource: 'madeup.amazonaws.com', eventName: 'DoThing', resources: [{ ARN: 'arn:aws:madeup:us-east-1:111122223333:thing/1' }] })
  t.equal(unknownAction.request.action, 'madeup:DoThing')
  t.ok(unknownAction.inferred.includes('/request/action'))
  t.equal(unknownAction.request.resource, 'arn:aws:madeup:us-east-1:111122223333:thing/1')

  const misfit = ok(t, { ...base, eventSource: 'iam.amazonaws.com', eventName: 'GetRole', requestParameters: { policyArn: 'arn:aws:iam::aws:policy/X' } })
  t.equal(misfit.request.resource, 'arn:aws:iam::aws:policy/X', 'an ARN that fits no resource type is the closest thing named')
  t.ok(misfit.inferred.includes('/request/resource'))
})

t.test('context: endpoints, services as callers, request tags of every shape, KMS encryption context', async (t) => {
  const svc = ok(t, { ...base, sourceIPAddress: 'AWS Internal' })
  t.notOk(svc.request.context?.['aws:SourceIp'])
  t.ok(svc.missing.some((m) => m.startsWith('context aws:SourceIp:')))

  const v6 = ok(t, { ...base, sourceIPAddress: '2001:db8::1' })
  t.equal(v6.request.context?.['aws:SourceIp'], '2001:db8::1')

  const noIp = ok(t, { ...base, sourceIPAddress: undefined })
  t.ok(noIp.missing.includes('context aws:SourceIp: the record has no sourceIPAddress'))

  const stsTags = ok(t, { ...base, eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/R', tags: [{ key: 'team', value: 'a' }] } })
  t.equal(stsTags.request.context?.['aws:RequestTag/team'], 'a')
  t.same(stsTags.request.context?.['aws:TagKeys'], ['team'])

  const ec2Tags = ok(t, {
    ...base,
    eventSource: 'ec2.amazonaws.com',
    eventName: 'CreateVolume',
    requestParameters: { tagSpecificationSet: { items: [{ resourceType: 'volume', tags: [{ key: 'env', value: 'dev' }, { Key: 'Owner', Value: 'me' }] }] } },
  })
  t.same(ec2Tags.request.context?.['aws:TagKeys'], ['env', 'Owner'])

  const mapTags = ok(t, { ...base, eventSource: 'lambda.amazonaws.com', eventName: 'TagResource', requestParameters: { resource: 'arn:aws:lambda:us-east-1:111122223333:function:f', tags: { a: '1' } } })
  t.equal(mapTags.request.context?.['aws:RequestTag/a'], '1')

  const kms = ok(t, { ...base, eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', requestParameters: { encryptionContext: { Department: 'IT', n: 5 } } })
  t.equal(kms.request.context?.['kms:EncryptionContext:Department'], 'IT')
  t.same(kms.request.context?.['kms:EncryptionContextKeys'], ['Department'], 'only string values')

  const basicTime = ok(t, { ...base, userIdentity: { ...base.userIdentity, type: 'IAMUser', sessionContext: { attributes: { creationDate: 'not a date', mfaAuthenticated: 'maybe' } } } })
  t.ok(basicTime.missing.some((m) => m.startsWith('context aws:TokenIssueTime:')))
  t.ok(basicTime.missing.some((m) => m.startsWith('context aws:MultiFactorAuthPresent:')))

  const noTime = ok(t, { ...base, eventTime: 'yesterday' })
  t.notOk(noTime.request.context?.['aws:CurrentTime'])

  t.equal(isoTime('20131102T010628Z'), '2013-11-02T01:06:28Z')
  t.equal(isoTime('2021-02-21T23:46:28Z'), '2021-02-21T23:46:28Z')
  t.equal(isoTime('2021-02-21T23:46:28.123+01:00'), '2021-02-21T23:46:28.123+01:00')
  t.equal(isoTime('Jan 22, 2021 12:46:28 AM'), null)
})

t.test('outcomes: success, denial codes and texts, authentication failures, other errors', async (t) => {
  t.same(outcomeOf(undefined, undefined), { kind: 'success' })
  for (const code of ['AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation', 'AuthorizationError', 'Forbidden']) {
    t.equal(outcomeOf(code, '').kind, 'denied', code)
  }
  t.equal(outcomeOf('SomethingElse', 'User: x is not authorized to perform: y').kind, 'denied', 'by its text')
  t.equal(outcomeOf('ExpiredToken', 'The security token included in the request is expired').kind, 'authentication')
  t.equal(outcomeOf('NoSuchKey', 'The specified key does not exist.').kind, 'otherError')

  const failed = ok(t, { ...base, errorCode: 'NoSuchKey', errorMessage: 'The specified key does not exist.' })
  t.equal(failed.denied, false)
  t.ok(failed.notes.some((n) => n.includes('NoSuchKey, which is not an authorization denial')))
  const auth = ok(t, { ...base, errorCode: 'InvalidClientTokenId', errorMessage: 'The security token included in the request is invalid.' })
  t.equal(auth.denied, false)
  t.ok(auth.notes.some((n) => n.includes('authentication failure')))
  const odd = ok(t, { ...base, eventVersion: '2.0', eventType: 'AwsServiceEvent' })
  t.ok(odd.notes.some((n) => n.includes('eventVersion 2.0')))
  t.ok(odd.notes.some((n) => n.includes('AwsServiceEvent')))
  const mismatch = ok(t, {
    ...base,
    errorCode: 'AccessDenied',
    errorMessage: 'User: arn:aws:iam::111122223333:user/someone-else is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::b"',
  })
  t.equal(mismatch.request.action, 's3:ListBucket', 'the action AWS evaluated')
  t.ok(mismatch.notes.some((n) => n.includes('names s3:ListBucket')))
  t.ok(mismatch.notes.some((n) => n.includes('names the principal arn:aws:iam::111122223333:user/someone-else')))
})

t.test('several records: none derivable is a failure listing each; a success-only file uses the first', async (t) => {
  const bad = ingestCloudTrail({ Records: [{ ...base, userIdentity: { type: 'Unknown' } }, { foo: 1 }] }, catalog)
  t.match(bad, { ok: false })
  if (!bad.ok) {
    t.same(bad.errors.map((e) => e.path).sort(), ['/cloudTrailEvent/Records/0/userIdentity', '/cloudTrailEvent/Records/1'])
    t.ok(bad.recognised.some((r) => r.includes('log file')))
  }
  const fine = ok(t, { Records: [base, { ...base, eventName: 'PutObject' }] })
  t.equal(fine.denied, false)
  t.equal(fine.request.action, 's3:GetObject')
  t.match(fine.notes[0], /none is a denial/)
})
