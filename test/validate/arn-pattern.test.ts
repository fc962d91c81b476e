// The pattern-against-format search behind the resource checks: which Resource patterns can name a resource of
// an ARN format, and how well they fit (the catalog's measure: separators swallowed by placeholders).
import t from 'tap'
import fc from 'fast-check'
import { COLON_COST, formatAlternatives, formatTokens, intersectionCost, patternTokens, serviceField, witness } from '../../src/validate/arn-pattern.js'

const OBJECT = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'
const BUCKET = 'arn:${Partition}:s3:::${BucketName}'
const ROLE = 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'
const QUEUE = 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}'
const FUNCTION = 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}'

const cost = (pattern: string, format: string) => intersectionCost(patternTokens(pattern), formatTokens(format)!)

t.test('plain ARNs fit the formats they have the shape of', async (t) => {
  t.equal(cost('arn:aws:s3:::my-bucket', BUCKET), 0)
  t.equal(cost('arn:aws:s3:::my-bucket', OBJECT), -1, 'a bucket ARN is no object ARN')
  t.equal(cost('arn:aws:s3:::my-bucket/a/b.txt', OBJECT), 1, 'the object name holds one more /')
  t.equal(cost('arn:aws:s3:::my-bucket/a.txt', BUCKET), 1, '${BucketName} would have to swallow the /')
  t.equal(cost('arn:aws:sqs:us-east-1:111122223333:orders', QUEUE), 0)
  t.equal(cost('arn:aws:sqs:us-east-1:111122223333:orders', BUCKET), -1, 'another service')
  t.equal(cost('arn:aws:iam::111122223333:user/alice', ROLE), -1)
  t.equal(cost('arn:aws:lambda:us-east-1:111122223333:function:ship:prod', FUNCTION), COLON_COST, 'a qualifier: one swallowed colon')
})

t.test('wildcards: * crosses / and : (R4.4.3, R4.4.4), ? is one character', async (t) => {
  t.equal(cost('arn:aws:s3:::my-bucket/*', OBJECT), 0)
  t.equal(cost('arn:aws:s3:::my-bucket/*', BUCKET), 1, 'objects only fit the bucket format by swallowing a /')
  t.equal(cost('arn:aws:s3:::*', OBJECT), 0)
  t.equal(cost('arn:aws:s3:::*', BUCKET), 0)
  t.equal(cost('arn:aws:s3:*', OBJECT), 0, 'a trailing * expands past the colons')
  t.equal(cost('*', ROLE), 0)
  t.equal(cost('arn:aws:s3:::my-bucke?', BUCKET), 0)
  t.equal(cost('arn:aws:s3:::my-bucke?', OBJECT), -1, '? is exactly one character, never the /')
  t.equal(cost('arn:aws:iam::*:role/*', ROLE), 0)
  t.ok(cost('arn:aws:iam::*:user/*', ROLE) >= COLON_COST, 'only by letting the account * run past a colon: no clean fit')
})

t.test('region and account placeholders may be empty but never hold a colon', async (t) => {
  t.equal(cost('arn:aws:sqs:::orders', QUEUE), 0)
  t.equal(cost('arn:aws:sqs:us-east-1:1:2:orders', QUEUE), COLON_COST, 'the extra colon lands in the queue name')
})

t.test('policy variables stand for any value; escapes are literal', async (t) => {
  t.equal(cost('arn:aws:s3:::home/${aws:username}/*', OBJECT), 1)
  t.equal(cost('arn:aws:s3:::home/${aws:username}', BUCKET), 1)
  t.same(Array.from(patternTokens('a${*}b')), ['a', '*', 'b'].map((c) => c.charCodeAt(0)))
  t.equal(witness('arn:aws:s3:::b/${aws:username}/*'), 'arn:aws:s3:::b/x/x')
})

t.test('formats the reference joins with ", " are read as alternatives', async (t) => {
  t.same(formatAlternatives('arn:a:b::/x/${X}, arn:a:b::/y/${Y}'), ['arn:a:b::/x/${X}', 'arn:a:b::/y/${Y}'])
  t.same(formatAlternatives(OBJECT), [OBJECT])
  t.equal(formatTokens('not-an-arn'), null)
})

t.test('serviceField', async (t) => {
  t.equal(serviceField('arn:aws:s3:::b'), 's3')
  t.equal(serviceField('arn:aws:s3'), undefined)
  t.equal(serviceField('*'), undefined)
})

// Every ARN built from a format fits it, and so does any pattern that replaces a tail of it with '*'.
const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/)
t.test('property: instances of a format fit it, and their wildcard generalizations do too', async (t) => {
  fc.assert(
    fc.property(segment, segment, fc.array(segment, { minLength: 1, maxLength: 4 }), fc.nat(), (bucket, region, parts, cut) => {
      const arn = `arn:aws:s3:::${bucket}/${parts.join('/')}`
      const c = cost(arn, OBJECT)
      if (c !== parts.length - 1) return false
      const tail = Math.min(cut % arn.length, arn.length - 13)
      const pattern = `${arn.slice(0, arn.length - tail)}*`
      const q = `arn:aws:sqs:${region}:111122223333:${bucket}`
      return cost(pattern, OBJECT) >= 0 && cost(pattern, OBJECT) <= c && cost(q, QUEUE) === 0
    }),
    { numRuns: 300 },
  )
})
