// routes/explain-memo.ts: diagnoses of one source answer are shared; a policy set that reads the clock is never
// remembered; each policy set keeps a bounded number.
import t from 'tap'
import { ExplainMemo } from '../../routes/explain-memo.js'
import type { ExplainResponse } from '../../routes/schemas/explain.js'

const diagnosis = (n: number) => ({ decision: 'allowed', message: `m${n}`, findings: [] }) as unknown as ExplainResponse

t.test('the same request against the same policy object is computed once', async (t) => {
  const memo = new ExplainMemo()
  const policies = { identity: [{ id: 'p', document: { Statement: [] } }] }
  let computed = 0
  const compute = () => diagnosis(++computed)
  const a = memo.diagnose(policies, { principal: 'a', action: 's3:GetObject' }, compute)
  const b = memo.diagnose(policies, { principal: 'a', action: 's3:GetObject' }, compute)
  t.equal(computed, 1)
  t.equal(a, b)
  memo.diagnose(policies, { principal: 'b', action: 's3:GetObject' }, compute)
  t.equal(computed, 2, 'another request is another diagnosis')
  memo.diagnose({ ...policies }, { principal: 'a', action: 's3:GetObject' }, compute)
  t.equal(computed, 3, 'an equal but new policy object (a new answer) is diagnosed again')
  t.equal(memo.diagnose(policies, { x: 1 }, () => undefined), undefined, 'input errors are not remembered')
  t.equal(memo.diagnose(policies, { x: 1 }, compute)?.response.message, 'm4')
})

t.test('a policy set that reads aws:CurrentTime or aws:EpochTime is diagnosed every time', async (t) => {
  const memo = new ExplainMemo()
  for (const key of ['aws:CurrentTime', 'AWS:epochtime']) {
    const policies = { identity: [{ id: 'p', document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { DateLessThan: { [key]: '2030-01-01T00:00:00Z' } } }] } }] }
    let computed = 0
    memo.diagnose(policies, {}, () => diagnosis(++computed))
    memo.diagnose(policies, {}, () => diagnosis(++computed))
    t.equal(computed, 2, key)
  }
})

t.test('each policy set keeps at most 256 diagnoses, the oldest going first', async (t) => {
  const memo = new ExplainMemo()
  const policies = {}
  let computed = 0
  for (let i = 0; i < 257; i++) memo.diagnose(policies, { i }, () => diagnosis(++computed))
  memo.diagnose(policies, { i: 256 }, () => diagnosis(++computed))
  t.equal(computed, 257, 'the newest is kept')
  memo.diagnose(policies, { i: 0 }, () => diagnosis(++computed))
  t.equal(computed, 258, 'the oldest was dropped')
})
