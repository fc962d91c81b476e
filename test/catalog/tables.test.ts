// The cited tables: every row carries the page it was read on, and rows are well formed.
import t from 'tap'
import {
  DEPENDENT_ACTIONS,
  EVENT_SOURCE_PREFIXES,
  OPERATION_ACTIONS,
  UNCONFIRMED_DEPENDENT_ACTIONS,
  prefixForEventSource,
} from '../../src/catalog/index.js'

const AWS_PAGE = /^https:\/\/docs\.aws\.amazon\.com\/[\w./-]+\.html$/
const ACTION = /^[a-z0-9-]+:[A-Za-z0-9*]+$/

t.test('dependent-action rows: action, requirements, condition and an AWS page each', async (t) => {
  t.ok(DEPENDENT_ACTIONS.length >= 10)
  for (const row of DEPENDENT_ACTIONS) {
    t.match(row.action, ACTION, `${row.action} is prefix:Action`)
    t.ok(row.requires.length > 0, `${row.action} requires something`)
    for (const r of row.requires) t.match(r, ACTION)
    t.ok(row.when.length > 5, `${row.action} says when`)
    t.match(row.source, AWS_PAGE, `${row.action} cites an AWS page`)
  }
  const passRole = DEPENDENT_ACTIONS.filter((r) => r.requires.includes('iam:PassRole')).map((r) => r.action)
  for (const a of ['ec2:RunInstances', 'lambda:CreateFunction', 'ecs:RunTask']) t.ok(passRole.includes(a), `${a} needs iam:PassRole`)
  t.ok(UNCONFIRMED_DEPENDENT_ACTIONS.length > 0, 'what could not be confirmed is listed')
})

t.test('eventSource host rows', async (t) => {
  for (const row of EVENT_SOURCE_PREFIXES) {
    t.match(row.host, /^[a-z0-9-]+\.amazonaws\.com$/)
    t.match(row.source, AWS_PAGE)
  }
  t.same(prefixForEventSource('monitoring.amazonaws.com'), { prefix: 'cloudwatch', row: EVENT_SOURCE_PREFIXES[0] })
  t.equal(prefixForEventSource('Tagging.AmazonAWS.com').prefix, 'tag')
  t.equal(prefixForEventSource('s3.amazonaws.com').prefix, 's3')
  t.equal(prefixForEventSource('runtime.sagemaker.amazonaws.com').prefix, 'runtime.sagemaker', 'no table row: the host as is')
})

t.test('operation rows: cited, and unconfirmed ones say so', async (t) => {
  const seen = new Set<string>()
  for (const row of OPERATION_ACTIONS) {
    const key = `${row.prefix}:${row.eventName}:${row.whenParam ?? ''}:${row.whenParamEquals?.join('=') ?? ''}`
    t.notOk(seen.has(key), `${key} listed once`)
    seen.add(key)
    t.match(row.action, ACTION)
    t.match(row.source, AWS_PAGE, `${row.prefix}:${row.eventName} cites an AWS page`)
    if (!row.confirmed) t.ok(row.note, `${row.prefix}:${row.eventName} (unconfirmed) explains itself`)
  }
  // Conditional rows must come before the unconditional row of the same operation (first match wins).
  const order = OPERATION_ACTIONS.map((r) => `${r.prefix}:${r.eventName}`)
  for (let i = 0; i < OPERATION_ACTIONS.length; i++) {
    const r = OPERATION_ACTIONS[i]
    if (!r.whenParam && !r.whenParamEquals) continue
    const plain = OPERATION_ACTIONS.findIndex((x) => x.prefix === r.prefix && x.eventName === r.eventName && !x.whenParam && !x.whenParamEquals)
    if (plain >= 0) t.ok(plain > i, `${order[i]} conditional row precedes the plain one`)
  }
})

t.test('rows confirmed on AWS pages say so (ingest helper, issue 5)', async (t) => {
  // API_ListBuckets.html: "To use this operation, you must have the s3:ListAllMyBuckets permission."
  const listBuckets = OPERATION_ACTIONS.find((r) => r.prefix === 's3' && r.eventName === 'ListBuckets')
  t.ok(listBuckets, 'ListBuckets has a row')
  t.equal(listBuckets?.action, 's3:ListAllMyBuckets')
  t.equal(listBuckets?.confirmed, true)
  t.equal(listBuckets?.source, 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html')
})
