// The AccessDenied message in AWS's enhanced format (§8.1, DENIED; ARNBLOG), and the sentence for allowed requests.
import t from 'tap'
import { deniedMessage, allowedMessage } from '../../src/explain/index.js'
import type { Evaluation, Layer, PolicySet } from '../../src/engine/index.js'
import { ALICE, doc, explain } from './fixtures/helpers.js'

const subject = { principal: ALICE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceKind: 'other' as const }
const ev = (layer: Layer, kind: 'explicit' | 'implicit', policyId = 'p', level?: number): Pick<Evaluation, 'decision' | 'deniedBy' | 'decidedBy' | 'layers'> => ({
  decision: kind === 'explicit' ? 'explicitDeny' : 'implicitDeny',
  deniedBy: { layer, kind },
  decidedBy: kind === 'explicit' ? [{ layer, policyId, policyIndex: 0, index: 0, effect: 'Deny', ...(level !== undefined ? { level } : {}) }] : [],
  layers: [],
})

t.test('each policy type has AWS\'s phrase, with "an" before identity-based', async (t) => {
  const head = `User: ${ALICE} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k`
  const phrases: Array<[Layer, string]> = [
    ['identity', 'an identity-based policy'], ['resource', 'a resource-based policy'], ['permissionsBoundary', 'a permissions boundary'],
    ['session', 'a session policy'], ['scp', 'a service control policy'], ['rcp', 'a resource control policy'], ['vpcEndpoint', 'a VPC endpoint policy'],
  ]
  for (const [layer, phrase] of phrases) {
    t.equal(deniedMessage(subject, ev(layer, 'explicit'), {}), `${head} with an explicit deny in ${phrase}`, `explicit ${layer}`)
    t.equal(deniedMessage(subject, ev(layer, 'implicit'), {}), `${head} because no ${phrase.replace(/^an? /, '')} allows the s3:GetObject action`, `implicit ${layer}`)
  }
})

t.test('role trust policies read "the role trust policy"; a resource "*" has no "on resource:"', async (t) => {
  const trust = { principal: ALICE, action: 'sts:AssumeRole', resource: 'arn:aws:iam::111122223333:role/r', resourceKind: 'roleTrust' as const }
  t.equal(deniedMessage(trust, ev('resource', 'implicit'), {}), `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/r because no role trust policy allows the sts:AssumeRole action`)
  t.equal(deniedMessage(trust, ev('resource', 'explicit'), {}), `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/r with an explicit deny in the role trust policy`)
  const star = { ...subject, action: 'ec2:DescribeInstances', resource: '*' }
  t.equal(deniedMessage(star, ev('identity', 'implicit'), {}), `User: ${ALICE} is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action`)
})

t.test('the policy ARN is appended for the policy types ARNBLOG lists, when the deciding policy id is an ARN', async (t) => {
  const scpArn = 'arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/service_control_policy/p-1'
  t.match(deniedMessage(subject, ev('scp', 'explicit', scpArn, 1), {}), new RegExp(`with an explicit deny in a service control policy: ${scpArn.replace(/[/.]/g, '\\$&')}$`))
  t.match(deniedMessage(subject, ev('identity', 'explicit', 'arn:aws:iam::111122223333:policy/p'), {}), /identity-based policy: arn:aws:iam::111122223333:policy\/p$/)
  t.notMatch(deniedMessage(subject, ev('resource', 'explicit', 'arn:aws:s3:::b'), {}), /: arn:aws:s3:::b$/, 'resource-based policies are not named (ARNBLOG)')
  t.notMatch(deniedMessage(subject, ev('identity', 'explicit', 'plain-label'), {}), /: plain-label/, 'a label that is not an ARN is not appended')
  const boundary: PolicySet = { permissionsBoundary: { id: 'arn:aws:iam::111122223333:policy/b', document: doc() } }
  t.match(deniedMessage(subject, ev('permissionsBoundary', 'implicit'), boundary), /because no permissions boundary allows the s3:GetObject action: arn:aws:iam::111122223333:policy\/b$/, 'implicit: the one boundary is named')
  const scpEval = { ...ev('scp', 'implicit'), layers: [{ layer: 'scp' as const, decision: 'implicitDeny' as const, statements: [], levels: [{ level: 0, decision: 'allowed' as const }, { level: 1, decision: 'implicitDeny' as const }] }] }
  const oneAtLevel: PolicySet = { scp: [[{ id: 'a', document: doc() }], [{ id: scpArn, document: doc() }]] }
  t.match(deniedMessage(subject, scpEval, oneAtLevel), /service control policy allows the s3:GetObject action: arn:aws:organizations/, 'implicit SCP: the only policy of the failing level')
  const twoAtLevel: PolicySet = { scp: [[{ id: 'a', document: doc() }], [{ id: scpArn, document: doc() }, { id: 'x', document: doc() }]] }
  t.notMatch(deniedMessage(subject, scpEval, twoAtLevel), /: arn:aws:organizations/, 'two policies at the level: none is named')
})

t.test('an allowed request names the statements that allow, or the root user default', async (t) => {
  t.equal(
    allowedMessage(subject, [{ layer: 'identity', policyId: 'read', policyIndex: 0, index: 2, sid: 'Read', effect: 'Allow' }, { layer: 'resource', policyId: 'bp', policyIndex: 0, index: 0, effect: 'Allow' }], false),
    `User: ${ALICE} is authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k, allowed by statement Read of identity policy read and statement #0 of resource-based policy bp`,
  )
  t.match(allowedMessage({ ...subject, principal: 'arn:aws:iam::111122223333:root' }, [], true), /root user has full access/)
})

t.test('the diagnosis uses AWS\'s casing of the action, whatever the request wrote', async (t) => {
  const d = explain({ principal: ALICE, action: 'S3:getobject', resource: 'arn:aws:s3:::b/k' }, {})
  t.match(d.message, /perform: s3:GetObject on resource: .* allows the s3:GetObject action$/)
})
