// The small pieces: the request draft (inferred marking), principal kinds, IP addresses, ARN building, typing.
import t from 'tap'
import { loadCatalog } from '../../src/catalog/index.js'
import { isArn, partitionOfRegion, sqsQueueUrlToArn } from '../../src/ingest/arns.js'
import { typedContextValue } from '../../src/ingest/context-values.js'
import { Draft } from '../../src/ingest/draft.js'
import { describePrincipal, isIpAddress, roleOfSession } from '../../src/ingest/principal.js'

t.test('Draft: derived values are listed as inferred, read ones are not; context keys once, case-insensitively', async (t) => {
  const d = new Draft()
  t.equal(d.finish(true), null, 'no request until principal, action and resource are known')
  d.setPrincipal('arn:aws:iam::111122223333:user/a')
  d.setAction('s3:GetObject', true)
  d.setResource('*', true)
  d.setResource('arn:aws:s3:::b/k')
  t.ok(d.setContext('aws:RequestTag/team', 'x', true))
  t.notOk(d.setContext('AWS:requesttag/TEAM', 'y'), 'the same key in another case is not set twice')
  d.missingContext('aws:RequestTag/team', 'ignored: the key is present')
  d.missingContext('aws:SourceIp', 'why')
  d.addMissing('context aws:SourceIp: why')
  d.note('n')
  d.note('n')
  const r = d.finish(false)!
  t.same(r.request, { principal: 'arn:aws:iam::111122223333:user/a', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:RequestTag/team': 'x' } })
  t.same(r.inferred.sort(), ['/request/action', '/request/context/aws:RequestTag~1team'])
  t.same(r.missing, ['context aws:SourceIp: why'])
  t.same(r.notes, ['n'])
  t.equal(r.denied, false)
})

t.test('principal kinds and the role of a session', async (t) => {
  const kinds: Array<[string, string]> = [
    ['111122223333', 'root'],
    ['arn:aws:iam::111122223333:root', 'root'],
    ['arn:aws:iam::111122223333:user/a/b', 'user'],
    ['arn:aws:iam::111122223333:role/r', 'role'],
    ['arn:aws:sts::111122223333:assumed-role/R/s', 'assumedRole'],
    ['arn:aws:sts::111122223333:federated-user/F', 'federatedUser'],
    ['arn:aws:iam::111122223333:saml-provider/P', 'identityProvider'],
    ['arn:aws:iam::111122223333:oidc-provider/x.example.com', 'identityProvider'],
    ['accounts.google.com', 'identityProvider'],
    ['lambda.amazonaws.com', 'service'],
    ['anonymous', 'anonymous'],
    ['arn:aws:s3:::b', 'unknown'],
    ['not a principal', 'unknown'],
  ]
  for (const [text, kind] of kinds) t.equal(describePrincipal(text).kind, kind, text)
  t.equal(describePrincipal('arn:aws-cn:iam::111122223333:user/a').partition, 'aws-cn')
  t.equal(roleOfSession('arn:aws-us-gov:sts::111122223333:assumed-role/R/s'), 'arn:aws-us-gov:iam::111122223333:role/R')
  t.equal(roleOfSession('arn:aws:iam::111122223333:user/a'), null)
})

t.test('IP addresses, ARNs, partitions, queue URLs', async (t) => {
  for (const ip of ['203.0.113.7', '10.0.0.1', '2001:db8::1', '::1', '::ffff:192.0.2.1']) t.ok(isIpAddress(ip), ip)
  for (const s of ['AWS Internal', 's3.amazonaws.com', '256.1.1.1', '1.2.3', 'abc:d']) t.notOk(isIpAddress(s), s)
  t.ok(isArn('arn:aws:s3:::b'))
  t.ok(isArn('arn:aws:iam::aws:policy/P'))
  t.notOk(isArn('arn:aws'))
  t.notOk(isArn(5))
  t.equal(partitionOfRegion('cn-north-1'), 'aws-cn')
  t.equal(partitionOfRegion('us-gov-west-1'), 'aws-us-gov')
  t.equal(partitionOfRegion(undefined), 'aws')
  t.same(sqsQueueUrlToArn('https://sqs.eu-west-1.amazonaws.com/111122223333/q.fifo'), { arn: 'arn:aws:sqs:eu-west-1:111122223333:q.fifo', region: 'eu-west-1', account: '111122223333' })
  t.equal(sqsQueueUrlToArn('https://us-west-2.queue.amazonaws.com/111122223333/q')?.arn, 'arn:aws:sqs:us-west-2:111122223333:q')
  t.equal(sqsQueueUrlToArn('https://queue.amazonaws.com/111122223333/q')?.arn, 'arn:aws:sqs:us-east-1:111122223333:q')
  t.equal(sqsQueueUrlToArn('https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q')?.arn, 'arn:aws-cn:sqs:cn-north-1:111122223333:q')
  t.equal(sqsQueueUrlToArn('https://sqs.us-gov-west-1.amazonaws.com/111122223333/q')?.arn, 'arn:aws-us-gov:sqs:us-gov-west-1:111122223333:q')
  t.equal(sqsQueueUrlToArn('https://proxy.internal/111122223333/q', 'us-east-1')?.arn, 'arn:aws:sqs:us-east-1:111122223333:q', 'an unknown host takes the record region')
  t.equal(sqsQueueUrlToArn('https://proxy.internal/111122223333/q'), null)
  t.equal(sqsQueueUrlToArn('https://example.com/q'), null)
})

t.test('typed context values follow the reference\'s key types', async (t) => {
  const catalog = await loadCatalog()
  t.equal(typedContextValue('aws:SecureTransport', ['false'], catalog), false)
  t.equal(typedContextValue('aws:SecureTransport', ['no'], catalog), 'no', 'not a Bool: kept as text')
  t.equal(typedContextValue('ec2:VolumeSize', ['8'], catalog), 8)
  t.same(typedContextValue('aws:TagKeys', ['a'], catalog), ['a'], 'multivalued: always a list')
  t.same(typedContextValue('ec2:InstanceType', ['a', 'b'], catalog), ['a', 'b'])
  t.equal(typedContextValue('aws:SecureTransport', ['true'], undefined), 'true', 'no catalog: text')
})
