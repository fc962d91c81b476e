import t from 'tap'
import { createPolicyCache, hash64, parsePolicy, parsePolicyCached } from '../../src/policy/index.js'

const base = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] },
    { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' }, NumericGreaterThan: { 's3:max-keys': 10 } } },
  ],
}
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T
const hashOf = (input: unknown) => parsePolicy(input).policy?.hash

t.test('hash: same content in every input form gives the same hash', async (t) => {
  const h = hashOf(base)
  t.match(h, /^[0-9a-f]{16}$/)
  t.equal(hashOf(clone(base)), h, 'equal object')
  t.equal(hashOf(JSON.stringify(base)), h, 'compact JSON text')
  t.equal(hashOf(JSON.stringify(base, null, 4)), h, 'pretty JSON text')
  t.equal(hashOf(encodeURIComponent(JSON.stringify(base))), h, 'URL-encoded JSON text')
  t.equal(hashOf(encodeURIComponent(JSON.stringify(base, null, 2))), h, 'URL-encoded pretty JSON text')
  t.equal(parsePolicy(base, { policyType: 'identity' }).policy?.hash, h, 'the policy type does not change the content hash')
})

t.test('hash: any change gives another hash', async (t) => {
  const h = hashOf(base)
  const changes: Array<[string, (d: any) => void]> = [
    ['Effect', (d) => (d.Statement[0].Effect = 'Deny')],
    ['an action', (d) => (d.Statement[0].Action[1] = 's3:ListBuckets')],
    ['action case', (d) => (d.Statement[0].Action[0] = 'S3:GetObject')],
    ['a resource', (d) => (d.Statement[0].Resource[1] = 'arn:aws:s3:::b/x/*')],
    ['Sid', (d) => (d.Statement[0].Sid = 'Read2')],
    ['Version', (d) => (d.Version = '2008-10-17')],
    ['no Version', (d) => delete d.Version],
    ['condition value', (d) => (d.Statement[1].Condition.Bool['aws:SecureTransport'] = 'true')],
    ['number written as a string', (d) => (d.Statement[1].Condition.NumericGreaterThan['s3:max-keys'] = '10')],
    ['condition key case', (d) => (d.Statement[1].Condition.Bool = { 'aws:securetransport': 'false' })],
    ['statement order', (d) => d.Statement.reverse()],
    ['single value as array', (d) => (d.Statement[1].Action = ['s3:*'])],
  ]
  const seen = new Set([h])
  for (const [name, change] of changes) {
    const d = clone(base)
    change(d)
    const other = hashOf(d)
    t.ok(other, `${name}: parses`)
    t.not(other, h, name)
    seen.add(other as string)
  }
  t.equal(seen.size, changes.length + 1, 'all different from each other')
})

t.test('hash64: deterministic, 16 hex digits, no collisions on near-identical strings', async (t) => {
  t.equal(hash64('abc'), hash64('abc'))
  t.match(hash64(''), /^[0-9a-f]{16}$/)
  t.not(hash64(''), hash64('\u0000'))
  t.not(hash64('a'), hash64('b'))
  t.not(hash64('ab'), hash64('ba'))
  const seen = new Set<string>()
  const seenLow = new Set<string>()
  const seenHigh = new Set<string>()
  for (let i = 0; i < 20000; i++) {
    const h = hash64(`{"Statement":[{"Sid":"S${i}","Effect":"Allow"}]}`)
    seen.add(h)
    seenLow.add(h.slice(8))
    seenHigh.add(h.slice(0, 8))
  }
  t.equal(seen.size, 20000, 'no 64-bit collisions')
  t.ok(seenLow.size > 19990 && seenHigh.size > 19990, 'each 32-bit half is well spread')
})

t.test('cache: the same content gives the same ParseResult object', async (t) => {
  const cache = createPolicyCache()
  const first = cache.parse(base)
  t.equal(cache.parse(base), first, 'same object')
  t.equal(cache.parse(clone(base)), first, 'equal new object')
  t.equal(cache.parse(JSON.stringify(base, null, 2)), first, 'JSON text')
  t.equal(cache.parse(encodeURIComponent(JSON.stringify(base))), first, 'URL-encoded text')
  t.same(first, parsePolicy(base), 'same result as parsePolicy')
  t.not(cache.parse(base, { policyType: 'identity' }), first, 'another policy type is another entry')
  t.equal(cache.parse(base, { policyType: 'identity' }), cache.parse(clone(base), { policyType: 'identity' }))
  const s = cache.stats()
  t.same([s.entries, s.misses, s.objectHits, s.hits], [1, 2, 2, 4], 'one document, parsed for two policy types')
})

t.test('cache: the shared parsePolicyCached', async (t) => {
  const d = clone(base)
  const r = parsePolicyCached(d, { policyType: 'session' })
  t.equal(parsePolicyCached(d, { policyType: 'session' }), r)
  t.equal(parsePolicyCached(JSON.stringify(d), { policyType: 'session' }), r)
  t.ok(r.policy)
})

t.test('cache: error results are cached too, and bad inputs never throw', async (t) => {
  const cache = createPolicyCache()
  const bad = { Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] }
  const r = cache.parse(bad)
  t.equal(r.policy, null)
  t.equal(cache.parse(clone(bad)), r)
  const circular: any = { Statement: [] }
  circular.me = circular
  t.equal(cache.parse(circular).findings[0].code, 'not-serializable')
  t.equal(cache.parse(circular), cache.parse(circular), 'remembered by identity')
  t.equal(cache.parse(42).findings[0].code, 'not-an-object')
  t.equal(cache.parse(undefined).findings[0].code, 'not-an-object')
  t.equal(cache.parse('nope').findings[0].code, 'invalid-json')
})

t.test('cache: bounded, least recently used first out', async (t) => {
  const cache = createPolicyCache({ maxEntries: 2 })
  const docs = [1, 2, 3].map((i) => ({ Statement: { Sid: `S${i}`, Effect: 'Allow', Action: '*', Resource: '*' } }))
  const r0 = cache.parse(JSON.stringify(docs[0]))
  const r1 = cache.parse(JSON.stringify(docs[1]))
  t.equal(cache.parse(JSON.stringify(docs[0])), r0, 'hit refreshes doc 0')
  cache.parse(JSON.stringify(docs[2])) // evicts doc 1, the least recently used
  t.equal(cache.stats().entries, 2)
  t.equal(cache.parse(JSON.stringify(docs[0])), r0, 'doc 0 kept')
  const again = cache.parse(JSON.stringify(docs[1]))
  t.not(again, r1, 'doc 1 was evicted and parsed again')
  t.same(again, r1, 'to an equal result')

  const small = createPolicyCache({ maxChars: 100 })
  small.parse(JSON.stringify(docs[0]))
  small.parse(JSON.stringify(docs[1]))
  t.equal(small.stats().entries, 1, 'character budget evicts too')
  t.ok(small.stats().chars <= 100)
  small.clear()
  t.same(small.stats(), { entries: 0, chars: 0, hits: 0, objectHits: 0, misses: 0 })
})

t.test('cache: a hash collision never returns another document', async (t) => {
  const cache = createPolicyCache({ hash: () => 'same', nativeKeyMaxChars: 0 })
  const a = { Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } }
  const b = { Statement: { Effect: 'Deny', Action: 's3:GetObject', Resource: '*' } }
  const ra = cache.parse(JSON.stringify(a))
  const rb = cache.parse(JSON.stringify(b))
  t.equal(ra.policy?.statements[0].effect, 'Allow')
  t.equal(rb.policy?.statements[0].effect, 'Deny')
  t.equal(cache.parse(JSON.stringify(b)), rb)
  t.equal(ra.policy?.hash, hash64(JSON.stringify(a)), 'Policy.hash is still the real content hash')
  t.equal(cache.stats().entries, 1, 'the colliding document replaced the other')
  t.not(cache.parse(JSON.stringify(a)), ra, 'and the first one is parsed again')
  t.equal(cache.parse(JSON.stringify(a)).policy?.statements[0].effect, 'Allow')
})

t.test('cache: long documents (hash keys) behave like short ones', async (t) => {
  const cache = createPolicyCache({ nativeKeyMaxChars: 10 })
  const r = cache.parse(base)
  t.equal(cache.parse(JSON.stringify(base, null, 2)), r)
  t.equal(cache.parse(clone(base)), r)
  t.same(r, parsePolicy(base))
  t.equal(cache.stats().hits, 2)
})
