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
let built
try {
  built = await buildApp(config)
} catch (error) {
  process.stderr.write(`iamdx: cannot start: ${(error as Error).message}\n`)
  process.exit(1)
}
const app = built

// SIGHUP re-reads the API keys (rotation without restart); the file is also watched.
process.on('SIGHUP', () => {
  app.apiKeys.reload().then(
    (result) =>
      result.ok
        ? app.log.info({ keys: result.keys, callers: result.callers }, 'API keys reloaded (SIGHUP)')
        : app.log.error({ errors: result.errors }, 'API keys not reloaded (SIGHUP): the previous keys stay in force'),
    (error: unknown) => app.log.error({ err: error }, 'API keys reload failed'),
  )
})

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
    // Not after a shutdown began: "iamdx stopped" stays the last line.
    (c) => stopping || app.log.info({ dataVersion: c.dataVersion }, 'service authorization reference loaded'),
    (error: unknown) => app.log.error({ err: error }, 'service authorization reference failed to load'),
  )
  app.log.info(
    { address, cache: app.cache.backend, cacheTtlSeconds: config.cacheTtlSeconds, bodyLimitBytes: config.bodyLimitBytes, apiKeys: app.apiKeys.enabled },
    'iamdx started',
  )
  if (!app.apiKeys.enabled) {
    app.log.warn(
      { address, allowAnonymous: config.access.allowAnonymous },
      config.access.allowAnonymous
        ? 'no API keys configured and IAMDX_ALLOW_ANONYMOUS=true: iamdx is open to anyone who can reach it'
        : 'no API keys configured: iamdx is open, and listens on loopback only (set IAMDX_API_KEYS_FILE to serve other hosts)',
    )
  }
} catch (error) {
  app.log.fatal({ err: error }, `iamdx could not listen on ${config.host}:${config.port}`)
  await app.close().catch(() => undefined)
  process.exit(1)
}
