import t from 'tap'
import { parsePrincipal } from '../../../src/engine/principal-arn.js'
import type { ParsedPrincipal } from '../../../src/engine/request-context.js'

type Want = Partial<ParsedPrincipal>

t.test('accepted forms', async (t) => {
  const rows: Array<[string, Want, string?]> = [
    ['arn:aws:iam::111122223333:root', { kind: 'root', partition: 'aws', account: '111122223333', serviceLinked: false }],
    ['111122223333', { kind: 'root', partition: 'aws', account: '111122223333', arn: 'arn:aws:iam::111122223333:root' }],
    ['arn:aws:iam::111122223333:user/alice', { kind: 'user', account: '111122223333', path: '/', name: 'alice' }],
    ['arn:aws:iam::111122223333:user/div/team/alice', { kind: 'user', path: '/div/team/', name: 'alice' }],
    ['arn:aws:iam::111122223333:user/a.b+c=d,e@f_g-h', { kind: 'user', name: 'a.b+c=d,e@f_g-h' }],
    ['arn:aws:iam::111122223333:role/Admin', { kind: 'role', path: '/', name: 'Admin', serviceLinked: false }],
    ['arn:aws:iam::111122223333:role/service-role/Exec', { kind: 'role', path: '/service-role/', name: 'Exec', serviceLinked: false }],
    [
      'arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk',
      { kind: 'role', path: '/aws-service-role/elasticbeanstalk.amazonaws.com/', name: 'AWSServiceRoleForElasticBeanstalk', serviceLinked: true },
    ],
    [
      'arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42',
      { kind: 'assumedRole', account: '111122223333', name: 'ci-deployer', sessionName: 'build-42', path: '', roleArn: 'arn:aws:iam::111122223333:role/ci-deployer', serviceLinked: false },
    ],
    [
      'arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42',
      { path: '/deploy/', roleArn: 'arn:aws:iam::111122223333:role/deploy/ci-deployer' },
      'arn:aws:iam::111122223333:role/deploy/ci-deployer',
    ],
    // A hint naming another role or account is ignored.
    ['arn:aws:sts::111122223333:assumed-role/ci-deployer/s', { path: '', roleArn: 'arn:aws:iam::111122223333:role/ci-deployer' }, 'arn:aws:iam::111122223333:role/x/other'],
    ['arn:aws:sts::111122223333:assumed-role/ci-deployer/s', { path: '' }, 'arn:aws:iam::444455556666:role/ci-deployer'],
    ['arn:aws:sts::111122223333:assumed-role/ci-deployer/s', { path: '' }, 'arn:aws-cn:iam::111122223333:role/ci-deployer'],
    // Service-linked role sessions: by the hint's path, else by the AWSServiceRoleFor name prefix.
    ['arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForECS/ecs', { serviceLinked: true, path: '' }],
    [
      'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForECS/ecs',
      { serviceLinked: true, path: '/aws-service-role/ecs.amazonaws.com/' },
      'arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS',
    ],
    ['arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForECS/ecs', { serviceLinked: false, path: '/' }, 'arn:aws:iam::111122223333:role/AWSServiceRoleForECS'],
    ['arn:aws:sts::111122223333:federated-user/bob', { kind: 'federatedUser', name: 'bob', account: '111122223333' }],
    ['lambda.amazonaws.com', { kind: 'service', service: 'lambda.amazonaws.com', account: '', partition: 'aws' }],
    ['s3.amazonaws.com', { kind: 'service', service: 's3.amazonaws.com' }],
    ['Lambda.AmazonAWS.com', { kind: 'service', service: 'lambda.amazonaws.com' }],
    ['delivery.logs.amazonaws.com', { kind: 'service', service: 'delivery.logs.amazonaws.com' }],
    ['logs.us-east-1.amazonaws.com', { kind: 'service', service: 'logs.us-east-1.amazonaws.com' }],
    ['ec2.amazonaws.com.cn', { kind: 'service', service: 'ec2.amazonaws.com.cn', partition: 'aws-cn' }],
    ['arn:aws:iam::111122223333:saml-provider/Okta', { kind: 'identityProvider', name: 'Okta', account: '111122223333' }],
    ['arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', { kind: 'identityProvider', name: 'token.actions.githubusercontent.com' }],
    ['arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC', { kind: 'identityProvider', name: 'oidc.eks.us-east-1.amazonaws.com/id/ABC' }],
    ['cognito-identity.amazonaws.com', { kind: 'identityProvider', name: 'cognito-identity.amazonaws.com', account: '' }],
    ['accounts.google.com', { kind: 'identityProvider', name: 'accounts.google.com' }],
    ['www.amazon.com', { kind: 'identityProvider', name: 'www.amazon.com' }],
    ['graph.facebook.com', { kind: 'identityProvider', name: 'graph.facebook.com' }],
    ['anonymous', { kind: 'anonymous', account: '' }],
    ['arn:aws-cn:iam::111122223333:user/a', { kind: 'user', partition: 'aws-cn' }],
    ['arn:aws-us-gov:iam::111122223333:role/a', { kind: 'role', partition: 'aws-us-gov' }],
    ['arn:aws-iso:iam::111122223333:root', { kind: 'root', partition: 'aws-iso' }],
    ['arn:aws-iso-b:sts::111122223333:assumed-role/R/s', { kind: 'assumedRole', partition: 'aws-iso-b', roleArn: 'arn:aws-iso-b:iam::111122223333:role/R' }],
    ['arn:aws-iso-f:iam::111122223333:root', { kind: 'root', partition: 'aws-iso-f' }],
    ['arn:aws-eusc:iam::111122223333:root', { kind: 'root', partition: 'aws-eusc' }],
  ]
  for (const [text, want, hint] of rows) {
    const r = parsePrincipal(text, hint)
    if (!r.ok) {
      t.fail(`${text}: ${r.message}`)
      continue
    }
    t.match(r.principal, want, hint ? `${text} (hint ${hint})` : text)
    if (!('arn' in want)) t.equal(r.principal.arn, text, `${text}: arn as given`)
  }
})

t.test('rejected forms', async (t) => {
  const rows = [
    '',
    ' arn:aws:iam::111122223333:root',
    'arn:aws:iam::123:user/x',
    'arn:aws:iam::1111222233334:user/x',
    'arn:aws:iam::11112222333a:user/x',
    'random text',
    'arn:aws:s3:::bucket',
    'arn:aws:iam::111122223333:group/devs',
    'arn:aws:iam::111122223333:policy/p',
    'arn:aws:iam::111122223333:user/',
    'arn:aws:iam::111122223333:user/a b',
    'arn:aws:iam::111122223333:user//x',
    'arn:aws:iam::111122223333:role',
    'arn:aws:iam:us-east-1:111122223333:user/x',
    'arn:aws:sts::111122223333:assumed-role/R',
    'arn:aws:sts::111122223333:assumed-role/R/s/extra',
    'arn:aws:sts::111122223333:assumed-role//s',
    'arn:aws:sts::111122223333:federated-user/',
    'arn:aws:sts::111122223333:user/x',
    'arn:foo:iam::111122223333:root',
    'arn:aws:iam::111122223333:root:extra',
    'arn:aws:iam::111122223333',
    'arn:aws:iam::*:root',
    'arn:aws:iam::111122223333:user/*',
    'lambda.amazonaws.org',
    'amazonaws.com',
    '*',
    '11112222333',
    'arn:aws:iam::111122223333:saml-provider/',
  ]
  for (const text of rows) {
    const r = parsePrincipal(text)
    t.equal(r.ok, false, JSON.stringify(text))
    if (!r.ok) t.match(r.message, /expected an account id/, `${JSON.stringify(text)}: message lists accepted forms`)
  }
  const r = parsePrincipal('arn:aws:iam::123:user/x')
  t.match(!r.ok && r.message, /12 digits/)
})
