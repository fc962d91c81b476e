// The sources' settings, read from the environment here (the app merges the result into its config). Every value
// is checked; a bad one is reported by name with what was expected, like src/app/config.ts does.

export interface SourcesConfig {
  /** IAMDX_AWS_SOURCE=off turns the AWS source off (snapshots only). Default on. */
  awsEnabled: boolean
  /** AWS_REGION (or AWS_DEFAULT_REGION); default us-east-1. IAM and Organizations are global. */
  region: string
  /** IAMDX_AWS_ENDPOINT: one endpoint for every AWS client (LocalStack-style emulators, tests). */
  endpoint?: string
  /** IAMDX_AWS_FORCE_PATH_STYLE=true: S3 path-style addressing (with IAMDX_AWS_ENDPOINT). */
  forcePathStyle: boolean
  /** IAMDX_ASSUME_ROLE_NAME: the role iamdx assumes in each account it reads. */
  assumeRoleName?: string
  /** IAMDX_ORG_ROLE_ARN: the role iamdx assumes to read the organization (management or delegated admin account). */
  orgRoleArn?: string
  /** IAMDX_SNAPSHOT_DIR: snapshots loaded at start (<account>.json, organization.json). */
  snapshotDir?: string
  /** CACHE_TTL_SECONDS: how long AWS reads are cached. */
  cacheTtlSeconds: number
  /** IAMDX_NEGATIVE_TTL_SECONDS: how long notFound/accessDenied (and partial reads) are cached. Default 30. */
  negativeTtlSeconds: number
  /** IAMDX_AWS_MAX_ATTEMPTS: attempts per AWS call (adaptive retries). Default 5. */
  maxAttempts: number
  /** IAMDX_AWS_CALL_TIMEOUT_MS: time one AWS call may take, retries included. Default 10,000. */
  callTimeoutMs: number
  /** IAMDX_AWS_CONCURRENCY: AWS calls in flight per account. Default 8. */
  concurrencyPerAccount: number
  /** IAMDX_SNAPSHOT_TTL_SECONDS: how long uploaded snapshots stay in the shared cache. Default 30 days. */
  snapshotTtlSeconds: number
  /**
   * IAMDX_ANSWER_TTL_MS: how long a complete AWS answer is reused in process before the cache is asked again.
   * Default 1,000; 0 turns it off. Another replica's invalidation reaches this one within that time.
   */
  answerTtlMs: number
}

export const SOURCES_ENV_VARS = [
  'IAMDX_AWS_SOURCE',
  'AWS_REGION',
  'IAMDX_AWS_ENDPOINT',
  'IAMDX_AWS_FORCE_PATH_STYLE',
  'IAMDX_ASSUME_ROLE_NAME',
  'IAMDX_ORG_ROLE_ARN',
  'IAMDX_SNAPSHOT_DIR',
  'IAMDX_NEGATIVE_TTL_SECONDS',
  'IAMDX_AWS_MAX_ATTEMPTS',
  'IAMDX_AWS_CALL_TIMEOUT_MS',
  'IAMDX_AWS_CONCURRENCY',
  'IAMDX_SNAPSHOT_TTL_SECONDS',
  'IAMDX_ANSWER_TTL_MS',
] as const

export const SOURCES_DEFAULTS = {
  awsEnabled: true,
  region: 'us-east-1',
  forcePathStyle: false,
  cacheTtlSeconds: 300,
  negativeTtlSeconds: 30,
  maxAttempts: 5,
  callTimeoutMs: 10_000,
  concurrencyPerAccount: 8,
  snapshotTtlSeconds: 30 * 24 * 3600,
  answerTtlMs: 1000,
} as const satisfies Partial<SourcesConfig>

/**
 * Reads environment variables: an empty one (PORT= in a compose file) means "not set"; a bad integer is reported
 * in `errors` and the fallback is used, so every bad value is listed at once.
 */
export function envReader(env: Record<string, string | undefined>, errors: string[]) {
  const value = (name: string): string | undefined => {
    const raw = env[name]
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim()
  }
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name)
    if (raw === undefined) return fallback
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      errors.push(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`)
      return fallback
    }
    return n
  }
  return { value, integer }
}

export type SourcesConfigResult = { ok: true; config: SourcesConfig } | { ok: false; errors: string[] }

export function loadSourcesConfig(env: Record<string, string | undefined>, cacheTtlSeconds: number = SOURCES_DEFAULTS.cacheTtlSeconds): SourcesConfigResult {
  const errors: string[] = []
  const { value, integer } = envReader(env, errors)
  const flag = (name: string, fallback: boolean, on: string[], off: string[]): boolean => {
    const raw = value(name)?.toLowerCase()
    if (raw === undefined) return fallback
    if (on.includes(raw)) return true
    if (off.includes(raw)) return false
    errors.push(`${name} must be one of ${[...on, ...off].join(', ')} (got ${JSON.stringify(raw)})`)
    return fallback
  }

  const awsEnabled = flag('IAMDX_AWS_SOURCE', true, ['on', 'true', '1'], ['off', 'false', '0'])
  const region = value('AWS_REGION') ?? value('AWS_DEFAULT_REGION') ?? SOURCES_DEFAULTS.region
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) errors.push(`AWS_REGION must be a region such as us-east-1 (got ${JSON.stringify(region)})`)
  const endpoint = value('IAMDX_AWS_ENDPOINT')
  if (endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(endpoint)) errors.push(`IAMDX_AWS_ENDPOINT must be an http(s) URL (got ${JSON.stringify(endpoint)})`)
  const assumeRoleName = value('IAMDX_ASSUME_ROLE_NAME')
  if (assumeRoleName !== undefined && !/^[\w+=,.@-]{1,64}$/.test(assumeRoleName)) {
    errors.push(`IAMDX_ASSUME_ROLE_NAME must be an IAM role name (letters, digits and +=,.@_-, at most 64) (got ${JSON.stringify(assumeRoleName)})`)
  }
  const orgRoleArn = value('IAMDX_ORG_ROLE_ARN')
  if (orgRoleArn !== undefined && !/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(orgRoleArn)) {
    errors.push(`IAMDX_ORG_ROLE_ARN must be an IAM role ARN such as arn:aws:iam::111122223333:role/iamdx-org-reader (got ${JSON.stringify(orgRoleArn)})`)
  }
  const config: SourcesConfig = {
    awsEnabled,
    region,
    ...(endpoint !== undefined ? { endpoint } : {}),
    forcePathStyle: flag('IAMDX_AWS_FORCE_PATH_STYLE', false, ['true', '1', 'on'], ['false', '0', 'off']),
    ...(assumeRoleName !== undefined ? { assumeRoleName } : {}),
    ...(orgRoleArn !== undefined ? { orgRoleArn } : {}),
    ...(value('IAMDX_SNAPSHOT_DIR') !== undefined ? { snapshotDir: value('IAMDX_SNAPSHOT_DIR') } : {}),
    cacheTtlSeconds,
    negativeTtlSeconds: integer('IAMDX_NEGATIVE_TTL_SECONDS', SOURCES_DEFAULTS.negativeTtlSeconds, 1, 3600),
    maxAttempts: integer('IAMDX_AWS_MAX_ATTEMPTS', SOURCES_DEFAULTS.maxAttempts, 1, 20),
    callTimeoutMs: integer('IAMDX_AWS_CALL_TIMEOUT_MS', SOURCES_DEFAULTS.callTimeoutMs, 100, 300_000),
    concurrencyPerAccount: integer('IAMDX_AWS_CONCURRENCY', SOURCES_DEFAULTS.concurrencyPerAccount, 1, 256),
    snapshotTtlSeconds: integer('IAMDX_SNAPSHOT_TTL_SECONDS', SOURCES_DEFAULTS.snapshotTtlSeconds, 60, 365 * 24 * 3600),
    answerTtlMs: integer('IAMDX_ANSWER_TTL_MS', SOURCES_DEFAULTS.answerTtlMs, 0, 60_000),
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config }
}

/** Every default (the environment with none of the variables set). */
export const DEFAULT_SOURCES_CONFIG: SourcesConfig = Object.freeze({ ...SOURCES_DEFAULTS })
