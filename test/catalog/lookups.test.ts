// Pure lookups over a hand-made dataset: no package, no I/O.
import t from 'tap'
import { createCatalog } from '../../src/catalog/index.js'
import { tinyData } from './fixtures/tiny-data.js'

const catalog = createCatalog(tinyData)

t.test('data version and services', async (t) => {
  t.equal(catalog.dataVersion, '0.0.1-test')
  t.equal(catalog.dataUpdatedAt, '2026-01-01T00:00:00.000Z')
  t.same(catalog.services(), ['ec2', 'kms', 'lambda', 's3'])
  t.ok(catalog.hasService('S3'))
  t.notOk(catalog.hasService('s4'))
  t.equal(catalog.serviceName('s3'), 'Amazon S3')
})

t.test('action(): case-insensitive, AWS casing, joined resource types', async (t) => {
  const a = catalog.action('S3:getobject')
  t.ok(a)
  t.equal(a!.name, 'GetObject')
  t.equal(a!.fullName, 's3:GetObject')
  t.equal(a!.service, 's3')
  t.equal(a!.accessLevel, 'Read')
  t.same(a!.resourceTypes, [{ name: 'object', required: true, arnFormats: ['arn:${Partition}:s3:::${BucketName}/${ObjectName}'], conditionKeys: [] }])
  t.same(a!.conditionKeys, ['s3:ExistingObjectTag/<key>'])
  t.equal(a!.wildcardOnly, false)
  t.equal(catalog.action(' s3 : GetObject ')?.fullName, 's3:GetObject', 'blanks around the parts are tolerated')
  t.equal(catalog.action('s3:GetObjects'), undefined)
  t.equal(catalog.action('s4:GetObject'), undefined)
  t.equal(catalog.action('GetObject'), undefined, 'no prefix')
  t.equal(catalog.action(''), undefined)
  t.equal(catalog.action(':'), undefined)
  t.equal(catalog.action('s3:GetObject'), catalog.action('s3:getObject'), 'memoized')
})

t.test('access levels: the first is the one AWS pages show', async (t) => {
  const a = catalog.action('s3:PutBucketPolicy')!
  t.equal(a.accessLevel, 'Permissions management')
  t.same(a.accessLevels, ['Permissions management', 'Write'])
  t.equal(catalog.action('s3:ListAllMyBuckets')!.wildcardOnly, true)
})

t.test('canonicalAction', async (t) => {
  t.equal(catalog.canonicalAction('EC2:runinstances'), 'ec2:RunInstances')
  t.equal(catalog.canonicalAction('ec2:Nope'), undefined)
})

t.test('expandAction: IAM * and ? semantics, case-insensitive', async (t) => {
  t.same(catalog.expandAction('s3:Get*'), ['s3:GetObject', 's3:GetObjectVersion'])
  t.same(catalog.expandAction('S3:GET*'), ['s3:GetObject', 's3:GetObjectVersion'])
  t.same(catalog.expandAction('s3:*Object'), ['s3:GetObject', 's3:PutObject'])
  t.same(catalog.expandAction('s3:?etObject'), ['s3:GetObject'])
  t.same(catalog.expandAction('*:GetObject'), ['ec2:GetObject', 's3:GetObject'])
  t.same(catalog.expandAction('*:List*'), ['s3:ListAllMyBuckets', 's3:ListBucket'])
  t.equal(catalog.expandAction('*').length, 12)
  t.same(catalog.expandAction('s3*'), catalog.expandAction('s3:*'), '* spans the colon')
  t.same(catalog.expandAction('s3:GetObject'), ['s3:GetObject'], 'no wildcard: the action itself')
  t.same(catalog.expandAction('s3:Nope'), [])
  t.same(catalog.expandAction('nope:*'), [])
  const first = catalog.expandAction('s3:Get*')
  first.push('x')
  t.same(catalog.expandAction('s3:Get*'), ['s3:GetObject', 's3:GetObjectVersion'], 'cache not changed by callers')
})

t.test('nearestActions', async (t) => {
  const typo = catalog.nearestActions('s3:GetObjects')
  t.equal(typo[0].action, 's3:GetObject')
  t.equal(typo[0].reason, 'typo')
  t.equal(typo[0].distance, 1)
  t.equal(catalog.nearestActions('s3:getobject')[0].reason, 'case')
  t.equal(catalog.nearestActions('s3:GetObjcet')[0].action, 's3:GetObject', 'transposition counts as one edit')
  const other = catalog.nearestActions('s3:RunInstances')
  t.same(other.map((n) => n.action), ['ec2:RunInstances'])
  t.equal(other[0].reason, 'otherService')
  const prefix = catalog.nearestActions('s4:ListBucket')
  t.equal(prefix[0].action, 's3:ListBucket')
  t.equal(prefix[0].reason, 'prefixTypo')
  t.ok(catalog.nearestActions('GetObject').some((n) => n.action === 's3:GetObject'), 'no prefix: same name anywhere')
  t.same(catalog.nearestActions('s3:CompletelyDifferentName'), [])
  t.equal(catalog.nearestActions('s3:GetObject', 1).length, 1, 'limit')
})

t.test('resourceTypeForArn: most specific fit', async (t) => {
  t.same(catalog.resourceTypeForArn('arn:aws:s3:::my-bucket').map((m) => m.resourceType), ['bucket'])
  const obj = catalog.resourceTypeForArn('arn:aws:s3:::my-bucket/dir/key.txt')
  t.same(obj.map((m) => m.resourceType), ['object'])
  t.equal(obj[0].absorbedSeparators, 1, 'the / inside the key')
  const all = catalog.resourceTypesForArn('arn:aws:s3:::my-bucket/key')
  t.same(all.map((m) => [m.resourceType, m.absorbedSeparators]), [['object', 0], ['bucket', 1]])
  t.same(catalog.resourceTypeForArn('arn:aws-cn:s3:::b').map((m) => m.resourceType), ['bucket'], 'any partition')
  t.same(catalog.resourceTypeForArn('arn:aws:ec2:us-east-1:123456789012:instance/i-1').map((m) => m.resourceType), ['instance'])
  t.same(catalog.resourceTypeForArn('arn:aws:ec2:us-east-1::image/ami-1').map((m) => m.resourceType), ['image'])
  t.same(catalog.resourceTypeForArn('arn:aws:lambda:us-east-1:123456789012:function:f').map((m) => m.resourceType), ['function'])
  t.same(catalog.resourceTypeForArn('arn:aws:lambda:us-east-1:123456789012:function:f:7').map((m) => m.resourceType), ['function version'])
  t.same(catalog.resourceTypeForArn('arn:aws:kms:us-east-1:123456789012:key/abcd').map((m) => m.resourceType), ['key'])
  t.same(catalog.resourceTypeForArn('arn:aws:kms:us-east-1:123456789012:alias/abcd'), [], 'no such type in the tiny data')
  t.same(catalog.resourceTypeForArn('arn:aws:nope:::x'), [], 'unknown service')
  t.same(catalog.resourceTypeForArn('not-an-arn'), [])
  t.same(catalog.resourceTypeForArn('arn:aws:s3'), [], 'truncated ARN')
  t.same(catalog.resourceTypeForArn('arn:aws:s3:::'), [], 'empty resource')
})

t.test('arnFormatsFor and matchArnToAction', async (t) => {
  t.same(catalog.arnFormatsFor('s3:ListBucket'), [{ resourceType: 'bucket', required: true, arnFormat: 'arn:${Partition}:s3:::${BucketName}' }])
  t.same(catalog.arnFormatsFor('s3:ListAllMyBuckets'), [])
  t.same(catalog.arnFormatsFor('s3:Nope'), [])
  // The bucket/object mistake: GetObject on a bucket ARN fits none of its resource types.
  t.same(catalog.matchArnToAction('s3:GetObject', 'arn:aws:s3:::my-bucket'), [])
  t.same(catalog.matchArnToAction('s3:GetObject', 'arn:aws:s3:::my-bucket/k').map((m) => m.resourceType), ['object'])
  // ListBucket on an object ARN fits `bucket` only by swallowing the '/', which the count shows.
  const lb = catalog.matchArnToAction('s3:ListBucket', 'arn:aws:s3:::my-bucket/k')
  t.same(lb.map((m) => [m.resourceType, m.absorbedSeparators]), [['bucket', 1]])
  t.same(catalog.matchArnToAction('s3:Nope', 'arn:aws:s3:::b'), [])
  t.same(catalog.matchArnToAction('s3:GetObject', 'garbage'), [])
})

t.test('conditionKey: types, templates, multivalued, case', async (t) => {
  t.match(catalog.conditionKey('aws:SourceIp'), { key: 'aws:SourceIp', type: 'IPAddress', multivalued: false, global: true, templated: false })
  t.match(catalog.conditionKey('AWS:TAGKEYS'), { type: 'ArrayOfString', valueType: 'String', multivalued: true })
  t.match(catalog.conditionKey('aws:MultiFactorAuthPresent'), { type: 'Bool' })
  t.match(catalog.conditionKey('s3:prefix'), { type: 'String', global: false, services: ['s3'] })
  t.match(catalog.conditionKey('aws:ResourceTag/Project'), { key: 'aws:ResourceTag/${TagKey}', templated: true, type: 'String' })
  t.match(catalog.conditionKey('aws:PrincipalTag/team'), { key: 'aws:PrincipalTag/${TagKey}', templated: true })
  t.match(catalog.conditionKey('s3:ExistingObjectTag/classification'), { key: 's3:ExistingObjectTag/<key>', templated: true })
  t.match(catalog.conditionKey('kms:EncryptionContext:Department'), { key: 'kms:EncryptionContext:${EncryptionContextKey}', templated: true })
  t.match(catalog.conditionKey('kms:EncryptionContextKeys'), { type: 'ArrayOfString', templated: false }, 'exact key beats the template')
  t.match(catalog.conditionKey('aws:ResourceTag/${TagKey}'), { templated: true }, 'the template itself')
  t.equal(catalog.conditionKey('aws:ResourceTag/'), undefined, 'a placeholder needs at least one character')
  t.equal(catalog.conditionKey('s3:nope'), undefined)
  t.equal(catalog.conditionKey('aws:SourceIp'), catalog.conditionKey('aws:sourceip'), 'memoized')
})

t.test('rcpSupported', async (t) => {
  t.equal(catalog.rcpSupported('s3'), true)
  t.equal(catalog.rcpSupported('KMS'), true)
  t.equal(catalog.rcpSupported('ec2'), false)
})

t.test('dependentActions: data lists plus our table', async (t) => {
  const fromData = catalog.dependentActions('ec2:GetObject')
  t.same(fromData.map((d) => d.action), ['ec2:DescribeInstances'])
  const run = catalog.dependentActions('EC2:RunInstances')
  t.ok(run.some((d) => d.action === 'iam:PassRole' && d.source.startsWith('https://docs.aws.amazon.com/')))
  t.ok(catalog.action('ec2:RunInstances')!.dependentActions.includes('iam:PassRole'))
  t.same(catalog.dependentActions('s3:ListBucket'), [])
  t.ok(catalog.dependentActions('lambda:createfunction').some((d) => d.action === 'iam:PassRole'))
})

t.test('actionForEvent over the tiny data', async (t) => {
  t.match(catalog.actionForEvent('s3.amazonaws.com', 'GetObject'), { action: 's3:GetObject', inferred: false })
  t.match(catalog.actionForEvent('s3.amazonaws.com', 'GetObject', { bucketName: 'b', key: 'k', versionId: 'v1' }), { action: 's3:GetObjectVersion', inferred: false })
  t.match(catalog.actionForEvent('s3.amazonaws.com', 'GetObject', { versionId: '' }), { action: 's3:GetObject' }, 'empty versionId is no version')
  t.match(catalog.actionForEvent('s3.amazonaws.com', 'ListObjects', { 'list-type': '2' }), { action: 's3:ListBucket', inferred: false })
  t.match(catalog.actionForEvent('s3.amazonaws.com', 'ListObjects'), { action: 's3:ListBucket', inferred: true })
  t.match(catalog.actionForEvent('lambda.amazonaws.com', 'Invoke'), { action: 'lambda:InvokeFunction', inferred: false })
  t.match(catalog.actionForEvent('lambda.amazonaws.com', 'CreateFunction20150331'), { action: 'lambda:CreateFunction', inferred: true, note: /suffix/ })
  t.match(catalog.actionForEvent('lambda.amazonaws.com', 'Nope20150331v2'), { action: 'lambda:Nope20150331v2', inferred: true })
  t.match(catalog.actionForEvent('ec2.amazonaws.com', 'RunInstances'), { action: 'ec2:RunInstances', inferred: false })
  t.match(catalog.actionForEvent('EC2.amazonaws.com', 'runinstances'), { action: 'ec2:RunInstances', inferred: false }, 'case-insensitive')
  const guess = catalog.actionForEvent('monitoring.amazonaws.com', 'GetMetricData')
  t.match(guess, { action: 'cloudwatch:GetMetricData', inferred: true }, 'host table applied; action unknown to the tiny data')
  t.match(catalog.actionForEvent('foo.amazonaws.com.cn', 'Bar'), { action: 'foo:Bar', inferred: true })
  t.match(catalog.actionForEvent('weird-host', 'Bar'), { action: 'weird-host:Bar', inferred: true })
})
