// A tiny benchmark loop: runs fn for about `ms` milliseconds after a warm-up. Reports operations per second by
// wall clock and by this process's CPU time: on a shared, noisy machine the CPU-time figure is the stable one
// (it leaves out the time other processes held the cores), so ratios to targets use it, and both are printed.
export interface Figure {
  name: string
  opsPerSec: number
  cpuOpsPerSec: number
  nsPerOp: number
  target?: number
}

export function measure(name: string, fn: () => void, opts: { ms?: number; target?: number } = {}): Figure {
  const ms = opts.ms ?? 1500
  for (let i = 0; i < 2000; i++) fn()
  let ops = 0
  const cpu0 = process.cpuUsage()
  const start = process.hrtime.bigint()
  const limit = BigInt(ms) * 1_000_000n
  let elapsed = 0n
  while (elapsed < limit) {
    for (let i = 0; i < 256; i++) fn()
    ops += 256
    elapsed = process.hrtime.bigint() - start
  }
  const cpu = process.cpuUsage(cpu0)
  const secs = Number(elapsed) / 1e9
  const cpuSecs = (cpu.user + cpu.system) / 1e6
  return { name, opsPerSec: ops / secs, cpuOpsPerSec: ops / cpuSecs, nsPerOp: (cpuSecs * 1e9) / ops, target: opts.target }
}

export function report(figures: Figure[]): void {
  console.log(`${'benchmark'.padEnd(58)} ${'wall ops/s'.padStart(11)} ${'cpu ops/s'.padStart(11)} ${'cpu ns/op'.padStart(10)}  vs target`)
  for (const f of figures) {
    const ratio = f.target ? `${(f.cpuOpsPerSec / f.target).toFixed(2)}x of ${fmt(f.target)}/s` : ''
    console.log(`${f.name.padEnd(58)} ${fmt(f.opsPerSec).padStart(11)} ${fmt(f.cpuOpsPerSec).padStart(11)} ${f.nsPerOp.toFixed(0).padStart(10)}  ${ratio}`)
  }
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}
