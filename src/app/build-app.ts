// The composition root: builds a ready Fastify app from a config. Tests call it and use app.inject();
// src/server.ts calls it and listens. Order matters: error handling and hooks first (children inherit them),
// then OpenAPI (it collects routes as they register), then the routes.
import type { TSchema } from '@sinclair/typebox'
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify'
import '../../routes/decorations.js'
import '../../routes/sources-decoration.js'
import type { CatalogProvider, Clock } from '../../routes/decorations.js'
import { sharedCatalog } from './catalog-provider.js'
import { Problem } from '../../routes/schemas/problem.js'
import { createCache } from '../sources/cache/index.js'
import type { Cache, CacheOptions } from '../sources/cache/ports.js'
import { createPolicySources, DEFAULT_SOURCES_CONFIG, type PolicySources, type PolicySourcesOptions } from '../sources/index.js'
import { createAccess } from './access/index.js'
import type { KeyStore } from './access/keys.js'
import type { AppConfig } from './config.js'
import { DEFAULT_READINESS_TIMEOUT_MS, dependencyChecker } from './dependencies.js'
import { registerJsonBody } from './json-body.js'
import { loggerOptions, type LogStream } from './logger.js'
import { createMetrics, registerRequestMetrics } from './metrics.js'
import { registerDocs, registerOpenApi } from './openapi.js'
import { clientErrorHandler, registerProblemHandling, sendProblem, toProblem } from './problems.js'
import { genReqId, registerRequestIdHeader } from './request-id.js'
import { ROUTES, SHARED_SCHEMAS } from './routes.js'
import { schemaController } from './validator.js'

export interface AppDeps {
  /** A cache to use as it is; the caller owns it (the app does not close it). */
  cache?: Cache
  /** Builds the app's cache (default: Redis when config.redisUrl is set, else the LRU); the app closes it. */
  createCache?: (opts: CacheOptions) => Cache
  clock?: Clock
  /** The service authorization reference (default: the shared one, loaded on first use). */
  catalog?: CatalogProvider
  /** Where logs go (default: stdout). */
  logStream?: LogStream
  /** Route plugins registered after ROUTES (tests, experiments). */
  extraRoutes?: FastifyPluginAsync[]
  /** Shared schemas ($id) registered after SHARED_SCHEMAS, for extraRoutes. */
  extraSchemas?: TSchema[]
  /** How long GET /readyz waits for a dependency. */
  readinessTimeoutMs?: number
  /** Policy sources to use as they are (the caller closes them); default: built from config.sources. */
  sources?: PolicySources
  /** Options for the default sources (tests: base AWS credentials). */
  sourcesOptions?: PolicySourcesOptions
  /** API keys to use as they are (tests); default: loaded from config.access (IAMDX_API_KEYS_FILE, IAMDX_API_KEYS). */
  keys?: KeyStore
}

const systemClock: Clock = { now: () => new Date() }



export async function buildApp(config: AppConfig, deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, deps.logStream),
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId,
    schemaController,
    // maxParamLength: GET /v1/principals/{arn}/policies takes a URL-encoded ARN (IAM paths reach 512 characters).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    clientErrorHandler,
    frameworkErrors: (error, _request, reply) => {
      sendProblem(reply, toProblem(error, config.bodyLimitBytes).problem)
    },
  })
  try {
    const metrics = createMetrics()
    app.decorate('metrics', metrics)
    app.decorate('clock', deps.clock ?? systemClock)
    const catalog = deps.catalog ?? sharedCatalog
    app.decorate('catalog', catalog)

    const cache =
      deps.cache ??
      (deps.createCache ?? createCache)({
        ...(config.redisUrl !== undefined ? { redisUrl: config.redisUrl } : {}),
        ...(config.redisClusterNodes !== undefined ? { redisClusterNodes: config.redisClusterNodes } : {}),
        ttlSeconds: config.cacheTtlSeconds,
        maxEntries: config.cacheMaxEntries,
        keyPrefix: config.cacheKeyPrefix,
        onEvent: (event) => metrics.onCacheEvent(event),
      })
    app.decorate('cache', cache)
    if (deps.cache === undefined) app.addHook('onClose', async () => cache.close())
    const byCaller = metrics.counter({
      name: 'iamdx_aws_calls_by_caller_total',
      help: 'AWS calls asked for on behalf of each caller: admitted (made) or refused (its budget was spent)',
      labelNames: ['caller', 'outcome'] as const,
    })
    const access = await createAccess(config, {
      ...(deps.keys !== undefined ? { keys: deps.keys } : {}),
      onAwsCharge: (caller, outcome) => byCaller.inc({ caller, outcome }),
      onKeysReload: (result) => {
        if (result.ok) app.log.info({ keys: result.keys, callers: result.callers }, 'API keys reloaded')
        else app.log.error({ errors: result.errors }, 'API keys not reloaded: the previous keys stay in force')
      },
    })
    app.addHook('onClose', async () => access.close())
    const sourcesOptions: PolicySourcesOptions = { ...deps.sourcesOptions, admitAwsCall: access.budget.admit }
    const sources =
      deps.sources ?? (await createPolicySources(config.sources ?? DEFAULT_SOURCES_CONFIG, cache, (event) => metrics.onSourceEvent(event), sourcesOptions))
    app.decorate('sources', sources)
    if (deps.sources === undefined) app.addHook('onClose', async () => sources.close())
    const load = sources.snapshotLoad
    if (load !== undefined) {
      app.log.info({ snapshots: load.loaded.map((s) => s.id) }, 'snapshots loaded from IAMDX_SNAPSHOT_DIR')
      if (load.failed.length > 0) app.log.warn({ failed: load.failed }, 'some files in IAMDX_SNAPSHOT_DIR could not be loaded')
    }
    app.decorate('checkDependencies', dependencyChecker(cache, catalog, deps.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS))

    registerRequestIdHeader(app)
    registerRequestMetrics(app, metrics)
    registerProblemHandling(app, config.bodyLimitBytes)
    registerJsonBody(app)
    for (const schema of [Problem, ...SHARED_SCHEMAS, ...(deps.extraSchemas ?? [])]) app.addSchema(schema)
    await access.register(app)

    await registerOpenApi(app)
    for (const plugin of [...ROUTES, ...(deps.extraRoutes ?? [])]) await app.register(plugin)
    await registerDocs(app)

    await app.ready()
    return app
  } catch (error) {
    await app.close().catch(() => undefined)
    throw error
  }
}
