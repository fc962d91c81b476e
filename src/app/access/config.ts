// The access-control settings (issue 7), read from the environment with the rest of the configuration.
import { envReader } from '../../sources/index.js'

export interface AccessConfig {
  /** IAMDX_API_KEYS_FILE: the keys file (JSON, hashed keys); reloaded on change and on SIGHUP. */
  apiKeysFile?: string
  /** IAMDX_API_KEYS: the same JSON document in the environment. */
  apiKeysInline?: string
  /** IAMDX_ALLOW_ANONYMOUS=true: serve without keys on a non-loopback address (every caller is `anonymous`). */
  allowAnonymous: boolean
  /** How often the keys file is checked for changes. */
  keysReloadMs: number
  /** Requests per minute per caller (a key's own `requestsPerMinute` wins), shared by every replica through Redis. */
  requestsPerMinute: number
  /** AWS API calls iamdx may make per minute on one caller's behalf (cold reads; cache hits cost none), shared by every replica: one noisy tool cannot spend the organization's IAM API quota. A key's own `awsCallsPerMinute` wins. */
  awsCallsPerMinute: number
  /** Requests in one POST /v1/evaluate/batch per caller (a key's own `maxBatch` wins). */
  maxBatch: number
}

export const ACCESS_DEFAULTS = {
  allowAnonymous: false,
  keysReloadMs: 2000,
  requestsPerMinute: 1200,
  awsCallsPerMinute: 600,
  maxBatch: 10_000,
} as const satisfies AccessConfig

export const ACCESS_ENV_VARS = [
  'IAMDX_API_KEYS_FILE',
  'IAMDX_API_KEYS',
  'IAMDX_ALLOW_ANONYMOUS',
  'IAMDX_API_KEYS_RELOAD_MS',
  'IAMDX_RATE_LIMIT_PER_MINUTE',
  'IAMDX_AWS_CALLS_PER_MINUTE',
  'IAMDX_MAX_BATCH',
] as const

/** Loopback: the only addresses where iamdx may run without keys unless IAMDX_ALLOW_ANONYMOUS=true. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1'
}

export function loadAccessConfig(env: Record<string, string | undefined>, host: string, errors: string[]): AccessConfig {
  const { value, integer } = envReader(env, errors)
  const anonymous = value('IAMDX_ALLOW_ANONYMOUS')?.toLowerCase()
  if (anonymous !== undefined && !['true', 'false'].includes(anonymous)) {
    errors.push(`IAMDX_ALLOW_ANONYMOUS must be true or false (got ${JSON.stringify(anonymous)})`)
  }
  const config: AccessConfig = {
    allowAnonymous: anonymous === 'true',
    keysReloadMs: integer('IAMDX_API_KEYS_RELOAD_MS', ACCESS_DEFAULTS.keysReloadMs, 0, 3_600_000),
    requestsPerMinute: integer('IAMDX_RATE_LIMIT_PER_MINUTE', ACCESS_DEFAULTS.requestsPerMinute, 1, 10_000_000),
    awsCallsPerMinute: integer('IAMDX_AWS_CALLS_PER_MINUTE', ACCESS_DEFAULTS.awsCallsPerMinute, 1, 1_000_000),
    maxBatch: integer('IAMDX_MAX_BATCH', ACCESS_DEFAULTS.maxBatch, 1, 10_000),
  }
  const file = value('IAMDX_API_KEYS_FILE')
  const inline = value('IAMDX_API_KEYS')
  if (file !== undefined) config.apiKeysFile = file
  if (inline !== undefined) config.apiKeysInline = inline
  if (file === undefined && inline === undefined && !config.allowAnonymous && !isLoopback(host)) {
    errors.push(
      `HOST=${host} is not a loopback address and no API keys are configured: anyone who can reach it could read the organization's ` +
        'policies. Set IAMDX_API_KEYS_FILE (see the README, "Access control"), or IAMDX_ALLOW_ANONYMOUS=true to run open on purpose',
    )
  }
  return config
}
