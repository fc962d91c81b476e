#!/usr/bin/env node
// Runs tap (arguments passed through), streams its output, and ends with ONE line CI reads:
//   N passed, N failed[, N skipped]
// taken from tap's closing `# { total: N, pass: N, fail: N, skip: N, todo: N }` line. Exits non-zero when tap
// did, when no test ran (nothing passed or failed: no files, or all skipped), or when that closing line is missing. (tap counts assertions, plus one per failed file.)
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const tapBin = join(root, 'node_modules', 'tap', 'dist', 'esm', 'run.mjs')
const args = process.argv.slice(2)

if (!existsSync(tapBin)) {
  process.stderr.write(`run-tests: tap is not installed (${tapBin}); run npm ci first\n`)
  process.stdout.write('0 passed, 0 failed\n')
  process.exit(1)
}

/** Parses `# { total: 16, pass: 13, fail: 1, todo: 1, skip: 1 }` → counts, or undefined. */
function parseSummary(line) {
  const m = /^#\s*\{\s*(.*?)\s*\}\s*$/.exec(line.trim())
  if (m === null || !/\btotal:\s*\d+/.test(m[1])) return undefined
  const counts = {}
  for (const part of m[1].matchAll(/(\w+):\s*(\d+)/g)) counts[part[1]] = Number(part[2])
  return counts
}

let summary
let pending = ''
const scan = (text) => {
  pending += text
  const lines = pending.split('\n')
  pending = lines.pop() ?? ''
  for (const line of lines) summary = parseSummary(line) ?? summary
}

const child = spawn(process.execPath, [tapBin, ...args], { cwd: process.cwd(), stdio: ['inherit', 'pipe', 'pipe'], env: process.env })
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  scan(chunk.toString())
})
child.stderr.on('data', (chunk) => process.stderr.write(chunk))

const forward = (signal) => child.kill(signal)
process.on('SIGINT', forward)
process.on('SIGTERM', forward)

child.on('close', (code, signal) => {
  scan('\n')
  const passed = summary?.pass ?? 0
  const failed = summary?.fail ?? 0
  const skipped = (summary?.skip ?? 0) + (summary?.todo ?? 0)
  let exitCode = code ?? 1
  if (signal !== null) process.stderr.write(`run-tests: tap was stopped by ${signal}\n`)
  if (summary === undefined) {
    process.stderr.write("run-tests: tap printed no summary line ('# { total: … }')\n")
    exitCode = exitCode || 1
  } else if (passed + failed === 0) {
    process.stderr.write('run-tests: no test ran\n')
    exitCode = exitCode || 1
  } else if (failed > 0) {
    exitCode = exitCode || 1
  }
  process.stdout.write(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`)
  process.exit(exitCode)
})
