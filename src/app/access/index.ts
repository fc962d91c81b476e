// Access control for a shared service (issue 7), wired by the composition root: the API keys, each caller's
// request rate, batch size and AWS-call budget, the scope every route needs, and the audit trail.
import type { FastifyInstance } from 'fastify'
import type { AppConfig } from '../config.js'
import { registerAudit } from './audit.js'
import { AwsBudget } from './aws-budget.js'
import { isLoopback } from './config.js'
import { ANONYMOUS, registerGuard } from './guard.js'
import { loadKeyStore, type KeysLoad, type KeyStore } from './keys.js'
import { limitsRedis, type LimitsRedis } from './redis-client.js'
import { registerRouteAccess, SECURITY_SCHEMES } from './route-access.js'

export { ACCESS_DEFAULTS, ACCESS_ENV_VARS, isLoopback, type AccessConfig } from './config.js'
export { hashKey, newKey, type Caller, type KeyStore } from './keys.js'
export { SECURITY_SCHEMES }

declare module 'fastify' {
  interface FastifyInstance {
    /** The API keys: reload() re-reads them (src/server.ts calls it on SIGHUP). */
    apiKeys: KeyStore
    /** Whether the limits count in Redis now (false: no Redis configured, or not connected: each replica counts alone). */
    limitsShared(): boolean
  }
}

export interface Access {
  keys: KeyStore
  budget: AwsBudget
  /** Hooks and the rate-limit plugin; call before the routes are registered. */
  register(app: FastifyInstance): Promise<void>
  close(): Promise<void>
}

export interface AccessDeps {
  /** A key store to use as it is (tests); default: loaded from config.access. */
  keys?: KeyStore
  /** Told of each automatic reload of the keys file (the app logs it). */
  onKeysReload?: (result: KeysLoad) => void
  /** Told of each AWS call asked for on a caller's behalf (the app counts them by caller). */
  onAwsCharge?: (caller: string, outcome: 'admitted' | 'refused') => void
}

/** Loads the keys and makes the limits' Redis client; throws with every problem when the keys cannot be used. */
export async function createAccess(config: AppConfig, deps: AccessDeps = {}): Promise<Access> {
  let keys = deps.keys
  if (keys === undefined) {
    const loaded = await loadKeyStore({
      ...(config.access.apiKeysFile !== undefined ? { file: config.access.apiKeysFile } : {}),
      ...(config.access.apiKeysInline !== undefined ? { inline: config.access.apiKeysInline } : {}),
      watchIntervalMs: config.access.keysReloadMs,
      ...(deps.onKeysReload !== undefined ? { onReload: deps.onKeysReload } : {}),
    })
    if (!loaded.ok) throw new Error(`the API keys cannot be used: ${loaded.errors.join('; ')}`)
    keys = loaded.store
  }
  if (!keys.enabled && !config.access.allowAnonymous && !isLoopback(config.host)) {
    keys.close()
    throw new Error(
      `HOST=${config.host} is not a loopback address and no API key is configured: refusing to serve the organization's policies to anyone. ` +
        'Add keys (IAMDX_API_KEYS_FILE), or set IAMDX_ALLOW_ANONYMOUS=true to run open on purpose',
    )
  }
  const ownsKeys = deps.keys === undefined
  const redis: LimitsRedis | undefined = limitsRedis(config)
  // The limits' client must not crash the process or log a line per retry while Redis is down.
  redis?.on('error', () => undefined)
  const budget = new AwsBudget({
    ...(redis !== undefined ? { redis } : {}),
    keyPrefix: config.cacheKeyPrefix,
    ...(deps.onAwsCharge !== undefined ? { onCharge: deps.onAwsCharge } : {}),
  })
  const store = keys
  return {
    keys: store,
    budget,
    async register(app) {
      app.decorate('apiKeys', store)
      app.decorate('limitsShared', () => redis !== undefined && redis.status === 'ready')
      app.decorate('onBehalfOf', (req, work) => {
        const caller = req.caller ?? ANONYMOUS
        return budget.onBehalfOf({ name: caller.name, perMinute: caller.limits.awsCallsPerMinute ?? config.access.awsCallsPerMinute }, work)
      })
      registerRouteAccess(app)
      await registerGuard(app, { config: config.access, keys: store, keyPrefix: config.cacheKeyPrefix, ...(redis !== undefined ? { redis } : {}) })
      const auditLevel = config.logLevel === 'silent' ? 'silent' : 'info'
      registerAudit(app, app.log.child({}, { level: auditLevel }))
    },
    async close() {
      if (ownsKeys) store.close()
      if (redis !== undefined) await redis.quit().catch(() => redis.disconnect())
    },
  }
}
