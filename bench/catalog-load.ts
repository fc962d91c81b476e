// Quick measurement of the catalog: load time, heap after load, ns per lookup.
// Run: npx tsx --expose-gc bench/catalog-load.ts   (numbers are for one noisy 2-core machine)

import { loadCatalog } from '../src/catalog/index.js'

const gc = (globalThis as { gc?: () => void }).gc
gc?.()
const heap0 = process.memoryUsage().heapUsed
const rss0 = process.memoryUsage().rss
const t0 = performance.now()
const c0 = process.cpuUsage()
const catalog = await loadCatalog()
const loadMs = performance.now() - t0
const lc = process.cpuUsage(c0)
const loadCpuMs = (lc.user + lc.system) / 1000
gc?.()
const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6
const rssMb = (process.memoryUsage().rss - rss0) / 1e6

function nsPerOp(label: string, n: number, fn: (i: number) => unknown): void {
  for (let i = 0; i < Math.min(n, 10_000); i++) fn(i) // warm-up
  const start = process.hrtime.bigint()
  const cpu0 = process.cpuUsage()
  let sink = 0
  for (let i = 0; i < n; i++) if (fn(i)) sink++
  const cpu = process.cpuUsage(cpu0)
  const ns = Number(process.hrtime.bigint() - start) / n
  const cpuNs = ((cpu.user + cpu.system) * 1000) / n
  // CPU time is reported too: on a shared machine wall time mostly measures the other processes.
  console.log(`${label.padEnd(48)} ${ns.toFixed(0).padStart(8)} ns/op wall ${cpuNs.toFixed(0).padStart(8)} ns/op cpu  (${sink} hits)`)
}

console.log(`data ${catalog.dataVersion} (${catalog.dataUpdatedAt}), ${catalog.services().length} services`)
console.log(`load ${loadMs.toFixed(0)} ms wall, ${loadCpuMs.toFixed(0)} ms cpu; heap +${heapMb.toFixed(1)} MB; rss +${rssMb.toFixed(1)} MB`)
const names = ['s3:GetObject', 'S3:getobject', 'ec2:RunInstances', 'iam:PassRole', 'kms:Decrypt', 'lambda:InvokeFunction', 'nope:Nothing']
nsPerOp('action()', 1_000_000, (i) => catalog.action(names[i % names.length]))
const arns = [
  'arn:aws:s3:::my-bucket',
  'arn:aws:s3:::my-bucket/path/to/key.txt',
  'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  'arn:aws:iam::123456789012:role/service-role/my-role',
  'arn:aws:lambda:us-east-1:123456789012:function:my-fn:3',
  'arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0',
]
nsPerOp('resourceTypeForArn() repeated ARNs (cached)', 1_000_000, (i) => catalog.resourceTypeForArn(arns[i % arns.length]).length)
nsPerOp('resourceTypeForArn() unique ARNs (uncached)', 200_000, (i) => catalog.resourceTypeForArn(`${arns[i % arns.length]}${i}`).length)
nsPerOp('matchArnToAction(s3:GetObject, object ARN)', 500_000, () => catalog.matchArnToAction('s3:GetObject', arns[1]).length)
const keys = ['aws:SourceIp', 'aws:ResourceTag/Project', 's3:prefix', 'kms:EncryptionContext:Dept', 'aws:TagKeys']
nsPerOp('conditionKey()', 1_000_000, (i) => catalog.conditionKey(keys[i % keys.length]))
nsPerOp('expandAction(s3:Get*) cached', 200_000, () => catalog.expandAction('s3:Get*').length)
let k = 0
nsPerOp('expandAction(*:List*<n>) uncached', 200, () => catalog.expandAction(`*:List*${k++}`).length)
nsPerOp('nearestActions(s3:GetObjects)', 2_000, () => catalog.nearestActions('s3:GetObjects').length)
nsPerOp('actionForEvent(s3, ListObjects)', 500_000, () => catalog.actionForEvent('s3.amazonaws.com', 'ListObjects', { 'list-type': '2' }))
