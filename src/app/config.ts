import { DEFAULT_SOURCES_CONFIG, envReader, loadSourcesConfig, SOURCES_ENV_VARS, type SourcesConfig } from '../sources/index.js'
import { parseClusterNodes } from '../sources/cache/index.js'
import { ACCESS_DEFAULTS, ACCESS_ENV_VARS, loadAccessConfig, type AccessConfig } from './access/config.js'

// The service's configuration, read from the environment in this one place. Every value is checked; a bad one
// is reported by name with what was expected, and src/server.ts exits 1 with those messages.

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export interface AppConfig {
  port: number
  host: string
  /** redis:// or rediss:// URL; absent means the in-process LRU cache. */
  redisUrl?: string
  /** REDIS_CLUSTER_NODES: host:port of Redis Cluster nodes; takes precedence over redisUrl. */
  redisClusterNodes?: string[]
  /** The policy sources (AWS, snapshots): src/sources/config.ts. */
  sources: SourcesConfig
  cacheTtlSeconds: number
  cacheMaxEntries: number
  cacheKeyPrefix: string
  logLevel: LogLevel
  bodyLimitBytes: number
  /** API keys, scopes, per-caller limits (src/app/access/config.ts). */
  access: AccessConfig
}

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; errors: string[] }

export const DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  cacheTtlSeconds: 300,
  cacheMaxEntries: 10_000,
  cacheKeyPrefix: 'iamdx:',
  logLevel: 'info',
  // Batch evaluation carries up to 10,000 requests and their policies in one body.
  bodyLimitBytes: 10 * 1024 * 1024,
  sources: DEFAULT_SOURCES_CONFIG,
  access: ACCESS_DEFAULTS,
} as const satisfies Omit<AppConfig, 'redisUrl'>

/** Every environment variable iamdx reads (the README's configuration table documents each; a test checks). */
export const ENV_VARS = [
  'PORT',
  'HOST',
  'REDIS_URL',
  'CACHE_TTL_SECONDS',
  'CACHE_MAX_ENTRIES',
  'CACHE_KEY_PREFIX',
  'LOG_LEVEL',
  'BODY_LIMIT_BYTES',
  'REDIS_CLUSTER_NODES',
  ...SOURCES_ENV_VARS,
  ...ACCESS_ENV_VARS,
] as const

type Env = Record<string, string | undefined>

export function loadConfig(env: Env): ConfigResult {
  const errors: string[] = []
  const { value, integer } = envReader(env, errors)

  const port = integer('PORT', DEFAULTS.port, 0, 65535)
  const host = value('HOST') ?? DEFAULTS.host
  if (/\s/.test(host)) errors.push(`HOST must be a host name or IP address (got ${JSON.stringify(host)})`)

  const redisUrl = value('REDIS_URL')
  if (redisUrl !== undefined) {
    let protocol = ''
    try {
      protocol = new URL(redisUrl).protocol
    } catch {
      protocol = ''
    }
    if (protocol !== 'redis:' && protocol !== 'rediss:') {
      errors.push(`REDIS_URL must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379 (got ${JSON.stringify(redisUrl)})`)
    }
  }

  const clusterRaw = value('REDIS_CLUSTER_NODES')
  const redisClusterNodes = clusterRaw?.split(',').map((n) => n.trim()).filter((n) => n !== '')
  if (redisClusterNodes !== undefined) {
    try {
      parseClusterNodes(redisClusterNodes)
    } catch (e) {
      errors.push(`REDIS_CLUSTER_NODES must be comma-separated host:port pairs such as 10.0.0.1:6379,10.0.0.2:6379 (${(e as Error).message})`)
    }
  }

  const cacheTtlSeconds = integer('CACHE_TTL_SECONDS', DEFAULTS.cacheTtlSeconds, 1, 30 * 24 * 3600)
  const sources = loadSourcesConfig(env, cacheTtlSeconds)
  if (!sources.ok) errors.push(...sources.errors)
  const cacheMaxEntries = integer('CACHE_MAX_ENTRIES', DEFAULTS.cacheMaxEntries, 1, 10_000_000)
  const cacheKeyPrefix = env.CACHE_KEY_PREFIX ?? DEFAULTS.cacheKeyPrefix
  if (cacheKeyPrefix.length > 100) errors.push('CACHE_KEY_PREFIX must be at most 100 characters')

  const logLevelRaw = value('LOG_LEVEL')?.toLowerCase() ?? DEFAULTS.logLevel
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelRaw) ? (logLevelRaw as LogLevel) : undefined
  if (logLevel === undefined) {
    errors.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(value('LOG_LEVEL'))})`)
  }

  const bodyLimitBytes = integer('BODY_LIMIT_BYTES', DEFAULTS.bodyLimitBytes, 1024, 1024 * 1024 * 1024)
  const access = loadAccessConfig(env, host, errors)

  if (errors.length > 0) return { ok: false, errors }
  return {
    ok: true,
    config: {
      port,
      host,
      ...(redisUrl !== undefined ? { redisUrl } : {}),
      ...(redisClusterNodes !== undefined && redisClusterNodes.length > 0 ? { redisClusterNodes } : {}),
      cacheTtlSeconds,
      cacheMaxEntries,
      cacheKeyPrefix,
      logLevel: logLevel ?? DEFAULTS.logLevel,
      bodyLimitBytes,
      sources: sources.ok ? sources.config : DEFAULT_SOURCES_CONFIG,
      access,
    },
  }
}
