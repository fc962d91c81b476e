import t from 'tap'
import { measurePolicy } from '../../src/policy/index.js'

t.test('measurePolicy counts characters and non-white-space characters', async (t) => {
  t.same(measurePolicy(''), { chars: 0, nonWhitespace: 0 })
  t.same(measurePolicy('{"a": "b c"}'), { chars: 12, nonWhitespace: 10 }, 'white space inside strings is not counted either')
  t.same(measurePolicy('{\r\n\t"a":\t1\n}'), { chars: 12, nonWhitespace: 7 })
  t.same(measurePolicy('"\u00e9\u00ff"'), { chars: 4, nonWhitespace: 4 }, 'Latin-1 letters are one character each')
  t.same(measurePolicy('"\ud83d\ude00"'), { chars: 3, nonWhitespace: 3 }, 'a surrogate pair is one character')
  t.same(measurePolicy('\ud83d'), { chars: 1, nonWhitespace: 1 }, 'a lone surrogate is one character')
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }
  const compact = JSON.stringify(doc)
  const pretty = JSON.stringify(doc, null, 4)
  t.equal(measurePolicy(pretty).nonWhitespace, measurePolicy(compact).nonWhitespace, 'formatting does not change the IAM size')
  t.equal(measurePolicy(compact).chars, compact.length)
  t.ok(measurePolicy(pretty).chars > compact.length, 'but changes the Organizations/VPCE size')
})
