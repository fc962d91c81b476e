// A KMS key's tags are aws:ResourceTag/<key> of requests to it (ABAC on keys): the AWS source lists them (all pages);
// iamdx not being allowed to list them leaves the key policy good and names kms:ListResourceTags.
import t from 'tap'
import type { PolicyResult } from '../../src/sources/ports.js'
import { APP_ROLE, fixture, KEY_ARN, PAYMENTS } from './fake-aws/org-fixture.js'
import { liveSource } from './helpers/live.js'

const answer = (r: PolicyResult) => {
  if (!r.ok) throw new Error(r.error.message)
  return r.answer
}

t.test('every page of tags is read', async (t) => {
  const many = structuredClone(fixture)
  const key = many.accounts[PAYMENTS].keys![0]
  key.tags = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`tag${i}`, `value ${i}`]))
  const { fake, source } = await liveSource(t, { fixture: many })
  const a = answer(await source.policiesFor({ principal: APP_ROLE, resource: KEY_ARN, action: 'kms:Decrypt' }))
  const tagKeys = Object.keys(a.context).filter((k) => k.startsWith('aws:ResourceTag/'))
  t.equal(tagKeys.length, 120)
  t.equal(a.context['aws:ResourceTag/tag119'], 'value 119')
  t.equal(fake.count('kms:ListResourceTags'), 3, 'three pages of 50')
})

t.test('not allowed to list tags: the key policy is still used, the gap names kms:ListResourceTags', async (t) => {
  const { fake, source } = await liveSource(t)
  fake.fail('kms:ListResourceTags', 'accessDenied')
  const a = answer(await source.policiesFor({ principal: APP_ROLE, resource: KEY_ARN, action: 'kms:Decrypt' }))
  t.ok(a.policies.resource, 'the key policy is there')
  t.match(a.unavailable, [{ scope: 'resource', why: 'accessDenied', action: 'kms:ListResourceTags', what: /tags of arn:aws:kms/ }])
  t.notOk(Object.keys(a.context).some((k) => k.startsWith('aws:ResourceTag/')))
})
