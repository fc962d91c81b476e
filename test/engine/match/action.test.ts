import t from 'tap'
import { compileActionMatcher } from '../../../src/engine/match/index.js'

// Patterns arrive lower-cased from the policy model; requests are lower-cased by the context builder (R4.3.1).
const lc = (xs: string[]) => xs.map((x) => x.toLowerCase())

t.test('table', async (t) => {
  const rows: Array<[string[], string, string | null]> = [
    [['*'], 's3:getobject', '*'],
    [['*'], 'iam:createuser', '*'],
    [['s3:*'], 's3:getobject', 's3:*'],
    [['s3:*'], 's3control:getpublicaccessblock', null],
    [['s3:*'], 'ec2:runinstances', null],
    [['s3:Get*'], 's3:getobject', 's3:get*'],
    [['s3:Get*'], 's3:getobjectacl', 's3:get*'],
    [['s3:Get*'], 's3:putobject', null],
    [['S3:GetObject'], 's3:getobject', 's3:getobject'],
    [['s3:GetObject'], 's3:getobjectacl', null],
    [['s3:GetObjectAcl'], 's3:getobject', null],
    [['iam:*AccessKey*'], 'iam:createaccesskey', 'iam:*accesskey*'],
    [['iam:*AccessKey*'], 'iam:listaccesskeys', 'iam:*accesskey*'],
    [['iam:*AccessKey*'], 'iam:listusers', null],
    [['s3:Get?bject'], 's3:getobject', 's3:get?bject'],
    [['s3:Get?bject'], 's3:getbject', null],
    [['s?:GetObject'], 's3:getobject', 's?:getobject'],
    [['s?:GetObject'], 'sqs:getobject', null],
    [['*:Describe*'], 'ec2:describeinstances', '*:describe*'],
    [['*:Describe*'], 'ec2:runinstances', null],
    [['ec2:*', 'ec2:Describe*'], 's3:getobject', null],
    [[], 's3:getobject', null],
    [['s3:GetObject', 's3:PutObject'], 's3:putobject', 's3:putobject'],
    // Exact beats globs beats "*" in what is reported.
    [['*', 's3:Get*', 's3:GetObject'], 's3:getobject', 's3:getobject'],
    [['*', 's3:Get*'], 's3:getobject', 's3:get*'],
    [['*', 's3:Get*'], 'ec2:runinstances', '*'],
    // A pattern without a colon only matches as a whole string.
    [['s3*'], 's3:getobject', 's3*'],
    [['s3'], 's3:getobject', null],
    [['s3:*'], 's3', null],
    [['s3:get*'], 's3', null],
    [['s3:*', 'ec2:*'], 'ec2:runinstances', 'ec2:*'],
  ]
  for (const [patterns, action, want] of rows) {
    const m = compileActionMatcher(lc(patterns))
    t.equal(m.match(action), want, `${JSON.stringify(patterns)} vs ${action}`)
    if (action.includes(':')) t.equal(m.match(action, action.slice(0, action.indexOf(':'))), want, `with service: ${JSON.stringify(patterns)} vs ${action}`)
  }
})

t.test('NotAction use: null means not excluded', async (t) => {
  const m = compileActionMatcher(lc(['iam:*', 'sts:AssumeRole']))
  t.equal(m.match('s3:getobject'), null)
  t.equal(m.match('iam:createuser'), 'iam:*')
  t.equal(m.match('sts:assumerole'), 'sts:assumerole')
  t.equal(m.match('sts:assumerolewithsaml'), null)
})

t.test('service grouping does not leak across services', async (t) => {
  // The ec2 globs must not be tried (nor match) for an s3 action with a matching suffix.
  const m = compileActionMatcher(lc(['ec2:*Object', 'ec2:Get*']))
  t.equal(m.match('s3:getobject'), null)
  t.equal(m.match('ec2:getobject'), 'ec2:*object')
  // A wrong service hint only affects grouped globs; exact patterns still match.
  const m2 = compileActionMatcher(lc(['s3:Get*', 's3:PutObject']))
  t.equal(m2.match('s3:getobject', 'ec2'), null)
  t.equal(m2.match('s3:putobject', 'ec2'), 's3:putobject')
})
