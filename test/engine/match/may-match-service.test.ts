// ActionMatcher.mayMatchService: a decision-only evaluation skips a statement when its Action cannot match any
// action of the request's service, so a false answer must never hide a match.
import t from 'tap'
import { compileActionMatcher } from '../../../src/engine/match/index.js'

const lc = (xs: string[]) => xs.map((x) => x.toLowerCase())

const patternLists: string[][] = [
  ['s3:GetObject'],
  ['s3:Get*', 's3:PutObject'],
  ['ec2:Describe*', 'ec2:Get0*'],
  ['s3:*'],
  ['*'],
  ['*:Get*'],
  ['s?:GetObject'],
  ['iam:*', 'sts:AssumeRole'],
  ['logs:Describe*', 'logs:Get3*', 's3:List*'],
  ['s3'],
  ['s3*'],
]
const actions = ['s3:getobject', 's3:putobject', 's3:listbucket', 'ec2:describeinstances', 'ec2:get0x', 'sts:assumerole', 'iam:createuser', 'logs:get3events', 'sqs:sendmessage']

t.test('false only when no action of the service can match', async (t) => {
  for (const patterns of patternLists) {
    const m = compileActionMatcher(lc(patterns))
    for (const action of actions) {
      const svc = action.slice(0, action.indexOf(':'))
      if (!m.mayMatchService(svc)) t.equal(m.match(action, svc), null, `${JSON.stringify(patterns)} skipped for ${action}`)
    }
  }
})

t.test('literal service prefixes are told apart; wildcard prefixes match every service', async (t) => {
  t.equal(compileActionMatcher(lc(['ec2:Describe*', 'ec2:Get0*'])).mayMatchService('s3'), false)
  t.equal(compileActionMatcher(lc(['ec2:Describe*', 'ec2:Get0*'])).mayMatchService('ec2'), true)
  t.equal(compileActionMatcher(lc(['s3:GetObject', 'iam:*'])).mayMatchService('iam'), true)
  t.equal(compileActionMatcher(lc(['s3:GetObject', 'iam:*'])).mayMatchService('sts'), false)
  t.equal(compileActionMatcher(lc(['*'])).mayMatchService('sts'), true)
  t.equal(compileActionMatcher(lc(['*:Get*'])).mayMatchService('kms'), true)
  t.equal(compileActionMatcher(lc(['s?:GetObject'])).mayMatchService('s3'), true)
})
