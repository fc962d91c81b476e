// scripts/run-tests.mjs: the last line is the count CI reads, and the exit code fails on failures or no tests.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** The environment without this tap run's own variables (a nested tap would report to this one instead). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(TAP|_TAPJS)/.test(key) || key === 'NODE_OPTIONS') continue
    env[key] = value
  }
  return env
}

function wrapper(...args: string[]): Promise<{ code: number | null; lastLine: string; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/run-tests.mjs', '--disable-coverage', ...args], {
      cwd: root,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('close', (code) => {
      const lines = out.trimEnd().split('\n')
      resolve({ code, lastLine: lines[lines.length - 1], out })
    })
  })
}

// The four runs start together: each nested tap takes seconds to start.
const runs = Promise.all([
  wrapper('test/app/fixtures/passing.ts'),
  wrapper('test/app/fixtures/failing.ts'),
  wrapper('test/app/fixtures/empty.ts'),
  wrapper('test/no-such-dir'),
])

t.test('passing tests: exit 0, last line counts passes and skips', async (t) => {
  const [r] = await runs
  if (!t.equal(r.code, 0, 'exit 0')) t.comment(r.out)
  t.equal(r.lastLine, '2 passed, 0 failed, 1 skipped')
  t.match(r.out, /ok 1 - test\/app\/fixtures\/passing\.ts/, "tap's own output is streamed")
})

t.test('a failing test: exit non-zero, the failure counted', async (t) => {
  const [, r] = await runs
  t.not(r.code, 0)
  t.equal(r.lastLine, '1 passed, 1 failed')
})

t.test('no test ran: exit non-zero', async (t) => {
  const [, , empty, none] = await runs
  t.not(empty.code, 0, 'a file without tests (tap: 1 skipped)')
  t.equal(empty.lastLine, '0 passed, 0 failed, 1 skipped')
  t.not(none.code, 0, 'no test file at all')
  t.equal(none.lastLine, '0 passed, 0 failed')
})
