import t from 'tap'
import fc from 'fast-check'
import { compileGlob, compileGlobParts, parseGlob, QMARK, STAR } from '../../../src/engine/match/glob.js'

/** Reference: the textbook memoized recursion over (pattern index, text index). */
function reference(pattern: string, text: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern
  const s = ignoreCase ? text.toLowerCase() : text
  const memo = new Map<number, boolean>()
  const go = (i: number, j: number): boolean => {
    const key = i * (s.length + 1) + j
    const hit = memo.get(key)
    if (hit !== undefined) return hit
    let r: boolean
    if (i === p.length) r = j === s.length
    else if (p[i] === '*') r = go(i + 1, j) || (j < s.length && go(i, j + 1))
    else if (j < s.length && (p[i] === '?' || p[i] === s[j])) r = go(i + 1, j + 1)
    else r = false
    memo.set(key, r)
    return r
  }
  return go(0, 0)
}

t.test('table', async (t) => {
  const rows: Array<[string, string, boolean]> = [
    ['', '', true],
    ['', 'a', false],
    ['a', '', false],
    ['*', '', true],
    ['*', 'anything/at:all', true],
    ['**', '', true],
    ['**', 'abc', true],
    ['***a', 'a', true],
    ['?', '', false],
    ['?', 'a', true],
    ['?', 'ab', false],
    ['??', 'ab', true],
    ['???', 'ab', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['abc', 'abcd', false],
    ['abcd', 'abc', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['a*a', 'aba', true],
    ['a*', 'a', true],
    ['*a', 'a', true],
    ['*a*', 'a', true],
    ['*a*b*', 'xxbxxa', false],
    ['*a*b*', 'xxaxxb', true],
    ['*a*b*', 'ab', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'acb', false],
    ['a*b?c', 'ab1c', true],
    ['a*b?c', 'abbc', true],
    ['a*b?c', 'abc', false],
    ['*?', '', false],
    ['*?', 'x', true],
    ['?*?', 'x', false],
    ['?*?', 'xy', true],
    ['ab*ba', 'aba', false],
    ['ab*ba', 'abba', true],
    ['*aab', 'aaab', true],
    ['*a?b*', 'aab', true],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:getobject', false],
  ]
  for (const [p, s, want] of rows) {
    t.equal(compileGlob(p).test(s), want, `${JSON.stringify(p)} vs ${JSON.stringify(s)}`)
    t.equal(reference(p, s), want, `reference agrees: ${JSON.stringify(p)} vs ${JSON.stringify(s)}`)
  }
})

t.test('ignoreCase', async (t) => {
  t.ok(compileGlob('S3:Get*', true).test('s3:GETOBJECT'))
  t.ok(compileGlob('a?C', true).test('AbC'))
  t.notOk(compileGlob('a?C', true).test('AC'))
  t.ok(compileGlob('ABC', true).test('abc'))
})

t.test('hasWildcard and source', async (t) => {
  t.equal(compileGlob('abc').hasWildcard, false)
  t.equal(compileGlob('a*').hasWildcard, true)
  t.equal(compileGlob('a?').hasWildcard, true)
  t.equal(compileGlob('a*b').source, 'a*b')
  t.same(parseGlob('a*?b'), ['a', STAR, QMARK, 'b'])
  // A literal '*' (from `${*}`) given as text is not a wildcard.
  const g = compileGlobParts(['a*b'])
  t.equal(g.hasWildcard, false)
  t.ok(g.test('a*b'))
  t.notOk(g.test('axb'))
  t.equal(compileGlobParts(['a', STAR, 'b']).source, 'a*b')
})

t.test('pathological input finishes', async (t) => {
  const text = 'a'.repeat(10000) + 'b'
  t.equal(compileGlob('*a*a*a*a*a*a*c').test(text), false)
  t.equal(compileGlob('*a*a*a*a*a*a*b').test(text), true)
  t.equal(compileGlob('*?a*?a*?a*?a*?c').test(text), false)
  t.equal(compileGlob('a*a*a*a*a*a?').test(text), true)
})

t.test('property: agrees with the reference matcher', async (t) => {
  const patternChar = fc.constantFrom('a', 'b', '*', '?', ':', '/')
  const textChar = fc.constantFrom('a', 'b', ':', '/', '*', '?')
  fc.assert(
    fc.property(
      fc.array(patternChar, { maxLength: 10 }).map((a) => a.join('')),
      fc.array(textChar, { maxLength: 14 }).map((a) => a.join('')),
      (p, s) => compileGlob(p).test(s) === reference(p, s),
    ),
    { numRuns: 5000 },
  )
  // Texts built from the pattern, so that matches are frequent too.
  fc.assert(
    fc.property(
      fc.array(patternChar, { maxLength: 8 }).map((a) => a.join('')),
      fc.array(fc.constantFrom('', 'a', 'b', 'ab', ':'), { maxLength: 8 }),
      (p, fills) => {
        let k = 0
        const s = [...p].map((c) => (c === '*' ? fills[k++ % Math.max(fills.length, 1)] ?? '' : c === '?' ? 'b' : c)).join('')
        return compileGlob(p).test(s) === reference(p, s) && compileGlob(p).test(s)
      },
    ),
    { numRuns: 3000 },
  )
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('a', 'B', '*', '?'), { maxLength: 8 }).map((a) => a.join('')),
      fc.array(fc.constantFrom('A', 'b', 'a', 'B'), { maxLength: 10 }).map((a) => a.join('')),
      (p, s) => compileGlob(p, true).test(s) === reference(p, s, true),
    ),
    { numRuns: 2000 },
  )
  t.pass('properties held')
})
