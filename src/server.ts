// Starts iamdx: read the config, build the app, listen; on SIGTERM/SIGINT stop accepting connections, let
// in-flight requests finish, close the cache (Redis), exit. Nothing else lives here.
import { loadConfig } from './app/config.js'

/** A shutdown that takes longer than this (a stuck request) ends the process anyway. */
const SHUTDOWN_TIMEOUT_MS = 25_000

const loaded = loadConfig(process.env)
if (!loaded.ok) {
  for (const error of loaded.errors) process.stderr.write(`iamdx: configuration error: ${error}\n`)
  process.exit(1)
}
const { config } = loaded

// Loaded after the config is known to be good, so a bad value is reported at once.
const { buildApp } = await import('./app/build-app.js')
const app = await buildApp(config)

let stopping = false
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return
  stopping = true
  app.log.info({ signal }, 'iamdx stopping: finishing in-flight requests')
  setTimeout(() => {
    app.log.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'iamdx shutdown timed out; exiting')
    process.exit(1)
  }, SHUTDOWN_TIMEOUT_MS).unref()
  try {
    await app.close()
    app.log.info('iamdx stopped')
    // Exit by running out of work, so the last log lines reach stdout; a handle left open cannot hold us.
    process.exitCode = 0
    setTimeout(() => process.exit(0), 1000).unref()
  } catch (error) {
    app.log.error({ err: error }, 'iamdx shutdown failed')
    process.exitCode = 1
    setTimeout(() => process.exit(1), 1000).unref()
  }
}
process.once('SIGTERM', (signal) => void shutdown(signal))
process.once('SIGINT', (signal) => void shutdown(signal))

try {
  const address = await app.listen({ port: config.port, host: config.host })
  // Load the service authorization reference now, off the request path of the first explain.
  app.catalog.get().then(
    (c) => app.log.info({ dataVersion: c.dataVersion }, 'service authorization reference loaded'),
    (error: unknown) => app.log.error({ err: error }, 'service authorization reference failed to load'),
  )
  app.log.info(
    { address, cache: app.cache.backend, cacheTtlSeconds: config.cacheTtlSeconds, bodyLimitBytes: config.bodyLimitBytes },
    'iamdx started',
  )
} catch (error) {
  app.log.fatal({ err: error }, `iamdx could not listen on ${config.host}:${config.port}`)
  await app.close().catch(() => undefined)
  process.exit(1)
}
