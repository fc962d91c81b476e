// A three-node Redis Cluster on loopback ports for a test: three `redis-server --cluster-enabled yes` processes
// (own config files in a temporary directory, no persistence), joined with `redis-cli --cluster create
// --cluster-replicas 0 --cluster-yes`. stop() kills them and removes the directory.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './redis-server.js'

const run = promisify(execFile)

export interface RedisCluster {
  nodes: string[]
  stop(): Promise<void>
}

async function startNode(dir: string, port: number, busPort: number): Promise<ChildProcess> {
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-port', String(busPort),
    '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--cluster-node-timeout', '2000',
    '--save', '', '--appendonly', 'no', '--dir', dir,
  ]
  const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server ${port} did not start:\n${output}`)), 10_000)
    proc.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
    proc.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    proc.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server ${port} exited (${code}):\n${output}`))
    })
  })
  proc.stdout?.resume()
  return proc
}

export async function redisCluster(): Promise<RedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'iamdx-cluster-'))
  const procs: ChildProcess[] = []
  const stop = async () => {
    await Promise.all(
      procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null || p.signalCode !== null) return resolve()
            p.once('exit', () => resolve())
            p.kill('SIGKILL')
          }),
      ),
    )
    await rm(dir, { recursive: true, force: true })
  }
  const onExit = () => procs.forEach((p) => p.kill('SIGKILL'))
  process.once('exit', onExit)
  try {
    const ports: number[] = []
    while (ports.length < 6) {
      const p = await freePort()
      if (!ports.includes(p)) ports.push(p)
    }
    const nodePorts = ports.slice(0, 3)
    for (let i = 0; i < 3; i++) procs.push(await startNode(dir, nodePorts[i], ports[3 + i]))
    const nodes = nodePorts.map((p) => `127.0.0.1:${p}`)
    await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 })
    // Wait until every node agrees the cluster is up.
    const deadline = Date.now() + 20_000
    for (;;) {
      const states = await Promise.all(nodePorts.map(async (p) => (await run('redis-cli', ['-p', String(p), 'cluster', 'info'])).stdout))
      if (states.every((s) => s.includes('cluster_state:ok'))) break
      if (Date.now() > deadline) throw new Error(`cluster did not come up:\n${states.join('\n')}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    return {
      nodes,
      stop: async () => {
        process.off('exit', onExit)
        await stop()
      },
    }
  } catch (err) {
    process.off('exit', onExit)
    await stop()
    throw err
  }
}
