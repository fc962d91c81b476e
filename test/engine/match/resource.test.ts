import t from 'tap'
import { compileResourceMatcher } from '../../../src/engine/match/index.js'
import type { PolicyVersion } from '../../../src/policy/types.js'
import { makeCtx } from './fixtures/ctx.js'

const V12: PolicyVersion = '2012-10-17'
const V08: PolicyVersion = '2008-10-17'

t.test('static patterns', async (t) => {
  const ctx = makeCtx()
  const rows: Array<[string[], string, string | null]> = [
    // bucket vs object (S3)
    [['arn:aws:s3:::b'], 'arn:aws:s3:::b', 'arn:aws:s3:::b'],
    [['arn:aws:s3:::b'], 'arn:aws:s3:::b/k', null],
    [['arn:aws:s3:::b/*'], 'arn:aws:s3:::b', null],
    [['arn:aws:s3:::b/*'], 'arn:aws:s3:::b/k', 'arn:aws:s3:::b/*'],
    [['arn:aws:s3:::b/*'], 'arn:aws:s3:::b/', 'arn:aws:s3:::b/*'],
    [['arn:aws:s3:::b/*'], 'arn:aws:s3:::bb/k', null],
    [['arn:aws:s3:::b*'], 'arn:aws:s3:::bb/k', 'arn:aws:s3:::b*'],
    // `*` crosses `/` (R4.4.3) and object keys may contain ':'
    [['arn:aws:s3:::b/*'], 'arn:aws:s3:::b/a/b/c', 'arn:aws:s3:::b/*'],
    [['arn:aws:s3:::b/*'], 'arn:aws:s3:::b/2024:01:02/x', 'arn:aws:s3:::b/*'],
    [['arn:aws:s3:::b/a/*/c'], 'arn:aws:s3:::b/a/x/y/c', 'arn:aws:s3:::b/a/*/c'],
    [['arn:aws:s3:::b/a:b'], 'arn:aws:s3:::b/a:b', 'arn:aws:s3:::b/a:b'],
    // case-sensitive (R4.4.6)
    [['arn:aws:iam::111122223333:user/Bob'], 'arn:aws:iam::111122223333:user/bob', null],
    [['arn:aws:s3:::Bucket/*'], 'arn:aws:s3:::bucket/k', null],
    [['arn:aws:s3:::b/*.JPG'], 'arn:aws:s3:::b/x.jpg', null],
    // region / account wildcards; a trailing `*` of a segment runs into later ones (R4.4.4)
    [['arn:aws:ec2:*:111122223333:instance/*'], 'arn:aws:ec2:eu-west-1:111122223333:instance/i-1', 'arn:aws:ec2:*:111122223333:instance/*'],
    [['arn:aws:ec2:*:111122223333:instance/*'], 'arn:aws:ec2:eu-west-1:444455556666:instance/i-1', null],
    [['arn:aws:ec2:us-east-?:*:instance/*'], 'arn:aws:ec2:us-east-1:444455556666:instance/i-1', 'arn:aws:ec2:us-east-?:*:instance/*'],
    [['arn:aws:ec2:us-east-?:*:instance/*'], 'arn:aws:ec2:us-east-10:444455556666:instance/i-1', null],
    [['arn:aws:sqs:*'], 'arn:aws:sqs:us-east-1:111122223333:q', 'arn:aws:sqs:*'],
    [['arn:aws:sqs:*'], 'arn:aws:sns:us-east-1:111122223333:q', null],
    [['arn:aws:dynamodb:*:*:table/T'], 'arn:aws:dynamodb:us-east-1:111122223333:table/T', 'arn:aws:dynamodb:*:*:table/T'],
    [['arn:aws:dynamodb:*:*:table/T'], 'arn:aws:dynamodb:us-east-1:111122223333:table/T/index/I', null],
    [['arn:aws:logs:*:*:log-group:/app/*'], 'arn:aws:logs:us-east-1:111122223333:log-group:/app/x:log-stream:s', 'arn:aws:logs:*:*:log-group:/app/*'],
    // `*` pattern and the "*" resource (actions without resource-level permissions, R4.4.7)
    [['*'], 'arn:aws:s3:::b/k', '*'],
    [['*'], '*', '*'],
    [['arn:aws:s3:::*'], '*', null],
    [['arn:*'], '*', null],
    [['arn:aws:s3:::b/*', '*'], 'arn:aws:s3:::b/k', 'arn:aws:s3:::b/*'],
    [['arn:aws:s3:::x', '*'], 'arn:aws:s3:::b/k', '*'],
    [[], 'arn:aws:s3:::b', null],
  ]
  for (const [patterns, resource, want] of rows) {
    t.equal(compileResourceMatcher(patterns, V12).match(resource, ctx), want, `${JSON.stringify(patterns)} vs ${resource}`)
  }
  t.equal(compileResourceMatcher(['arn:aws:s3:::b/*'], V12).hasVariables, false)
})

t.test('policy variables (2012-10-17)', async (t) => {
  const alice = makeCtx({ keys: { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'red', 'aws:TagKeys': ['a', 'b'] } })
  const nobody = makeCtx({ principal: 'arn:aws:sts::111122223333:assumed-role/R/s' })
  const home = compileResourceMatcher(['arn:aws:s3:::b/home/${aws:username}/*'], V12)
  t.equal(home.hasVariables, true)
  t.equal(home.match('arn:aws:s3:::b/home/alice/x', alice), 'arn:aws:s3:::b/home/${aws:username}/*')
  t.equal(home.match('arn:aws:s3:::b/home/bob/x', alice), null)
  // Key names are case-insensitive in variables.
  t.equal(compileResourceMatcher(['arn:aws:s3:::b/${AWS:UserName}'], V12).match('arn:aws:s3:::b/alice', alice), 'arn:aws:s3:::b/${AWS:UserName}')
  // Missing variable without default: the pattern matches nothing (R6.6) — not even the literal text.
  t.equal(home.match('arn:aws:s3:::b/home/${aws:username}/x', nobody), null)
  t.equal(home.match('arn:aws:s3:::b/home//x', nobody), null)
  // ... but other patterns still do.
  const two = compileResourceMatcher(['arn:aws:s3:::b/home/${aws:username}/*', 'arn:aws:s3:::b/public/*'], V12)
  t.equal(two.match('arn:aws:s3:::b/public/x', nobody), 'arn:aws:s3:::b/public/*')
  t.equal(two.match('arn:aws:s3:::b/home/alice/x', nobody), null)
  // Default values (R6.5)
  const def = compileResourceMatcher(["arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*"], V12)
  t.equal(def.match('arn:aws:s3:::b/red/x', alice), "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*")
  t.equal(def.match('arn:aws:s3:::b/shared/x', alice), null)
  t.equal(def.match('arn:aws:s3:::b/shared/x', nobody), "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*")
  // Multivalued keys are not variables (R6.3): unresolved.
  t.equal(compileResourceMatcher(['arn:aws:s3:::b/${aws:TagKeys}'], V12).match('arn:aws:s3:::b/a', alice), null)
  // Escapes: ${*} is a literal '*', ${?} a literal '?', ${$} a literal '$' (R6.4)
  const lit = compileResourceMatcher(['arn:aws:s3:::b/${*}'], V12)
  t.equal(lit.hasVariables, false)
  t.equal(lit.match('arn:aws:s3:::b/*', alice), 'arn:aws:s3:::b/${*}')
  t.equal(lit.match('arn:aws:s3:::b/x', alice), null)
  t.equal(compileResourceMatcher(['arn:aws:s3:::b/a${?}'], V12).match('arn:aws:s3:::b/a?', alice), 'arn:aws:s3:::b/a${?}')
  t.equal(compileResourceMatcher(['arn:aws:s3:::b/a${?}'], V12).match('arn:aws:s3:::b/ab', alice), null)
  t.equal(compileResourceMatcher(['arn:aws:s3:::b/${$}x'], V12).match('arn:aws:s3:::b/$x', alice), 'arn:aws:s3:::b/${$}x')
  // `${*}` as the whole pattern is the literal "*", which only the "*" resource has.
  const star = compileResourceMatcher(['${*}'], V12)
  t.equal(star.match('*', alice), '${*}')
  t.equal(star.match('arn:aws:s3:::b', alice), null)
  // A substituted value is literal text, not a wildcard.
  const wild = makeCtx({ keys: { 'aws:username': 'a*' } })
  t.equal(home.match('arn:aws:s3:::b/home/abc/x', wild), null)
  t.equal(home.match('arn:aws:s3:::b/home/a*/x', wild), 'arn:aws:s3:::b/home/${aws:username}/*')
  // The compiled form is reused across requests only while the values are the same.
  const bob = makeCtx({ keys: { 'aws:username': 'bob' } })
  for (const [c, who] of [[alice, 'alice'], [bob, 'bob'], [bob, 'bob'], [nobody, ''], [alice, 'alice']] as const) {
    t.equal(home.match('arn:aws:s3:::b/home/alice/x', c) !== null, who === 'alice', `alice's key, caller ${who || 'without username'}`)
    t.equal(home.match('arn:aws:s3:::b/home/bob/x', c) !== null, who === 'bob', `bob's key, caller ${who || 'without username'}`)
  }
  // Variables outside the resource part are substituted too (AWS managed policies do this).
  const acct = compileResourceMatcher(['arn:*:kms:*:${aws:PrincipalAccount}:key/*'], V12)
  const inAcct = makeCtx({ keys: { 'aws:PrincipalAccount': '111122223333' } })
  t.equal(acct.match('arn:aws:kms:us-east-1:111122223333:key/k', inAcct), 'arn:*:kms:*:${aws:PrincipalAccount}:key/*')
  t.equal(acct.match('arn:aws:kms:us-east-1:444455556666:key/k', inAcct), null)
})

t.test('Version 2008-10-17 and absent: variables are literal text', async (t) => {
  const alice = makeCtx({ keys: { 'aws:username': 'alice' } })
  for (const version of [V08, null]) {
    const m = compileResourceMatcher(['arn:aws:s3:::b/${aws:username}/*'], version)
    t.equal(m.hasVariables, false)
    t.equal(m.match('arn:aws:s3:::b/alice/x', alice), null)
    t.equal(m.match('arn:aws:s3:::b/${aws:username}/x', alice), 'arn:aws:s3:::b/${aws:username}/*')
    // ${*} is not an escape either: the '*' inside it is a wildcard.
    t.equal(compileResourceMatcher(['arn:aws:s3:::b/${*}'], version).match('arn:aws:s3:::b/${abc}', alice), 'arn:aws:s3:::b/${*}')
  }
})
