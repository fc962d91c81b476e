// Own redis-server child processes for tests that stop and restart Redis, plus small network helpers.

import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import { tmpdir } from 'node:os'

/** The Redis that the shared tests use (REDIS_URL or the local default). */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A TCP port that was free a moment ago (bound to port 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

// Last resort when a test process ends without running its teardown: tap's timeout sends SIGALRM (then
// SIGKILL). Kill our servers on exit and on SIGALRM so none is left orphaned. Only kills, never exits: tap
// still finishes the timeout its own way.
const children = new Set<ChildProcess>()
let hooked = false
function track(proc: ChildProcess): void {
  children.add(proc)
  proc.once('exit', () => children.delete(proc))
  if (hooked) return
  hooked = true
  const killAll = (): void => {
    for (const child of children) child.kill('SIGKILL')
  }
  process.once('exit', killAll)
  process.on('SIGALRM', killAll)
}

export interface RedisServer {
  readonly port: number
  readonly url: string
  /** Starts redis-server on the port (again); resolves when it accepts connections. */
  start(): Promise<void>
  /** SIGKILLs the server and waits for it to exit; a no-op when not running. */
  stop(): Promise<void>
  /** SIGSTOP / SIGCONT: the server keeps its sockets open but answers nothing while paused. */
  pause(): void
  resume(): void
}

/** A redis-server on a free port, without persistence. Call stop() in t.teardown. */
export async function redisServer(): Promise<RedisServer> {
  const port = await freePort()
  let child: ChildProcess | undefined

  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
      const proc = spawn('redis-server', [...args, '--dir', tmpdir()], { stdio: ['ignore', 'pipe', 'pipe'] })
      child = proc
      track(proc)
      let output = ''
      const timer = setTimeout(() => fail(new Error(`redis-server did not start in 10 s:\n${output}`)), 10_000)
      const fail = (err: Error): void => {
        clearTimeout(timer)
        proc.kill('SIGKILL')
        reject(err)
      }
      const onData = (chunk: Buffer): void => {
        output += chunk.toString()
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer)
          proc.stdout?.off('data', onData)
          proc.stdout?.resume() // keep draining so the child never blocks on a full pipe
          resolve()
        }
      }
      proc.stdout?.on('data', onData)
      proc.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString()
      })
      proc.once('error', fail)
      proc.once('exit', (code, signal) => {
        clearTimeout(timer)
        reject(new Error(`redis-server exited (${code ?? signal}) before it was ready:\n${output}`))
      })
    })

  const stop = async (): Promise<void> => {
    const proc = child
    child = undefined
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
    proc.kill('SIGKILL')
    await exited
  }

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
  }
}

/** A TCP server that accepts connections and never answers: a hung Redis. */
export async function blackHole(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `redis://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Polls until check() is true or timeoutMs passes; resolves to the last result. */
export async function pollUntil(check: () => Promise<boolean>, timeoutMs: number, stepMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (Date.now() >= deadline) return false
    await new Promise((resolve) => setTimeout(resolve, stepMs))
  }
}
