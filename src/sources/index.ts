// src/sources: where the policies in force come from. The app builds them once with createPolicySources and
// decorates them as app.sources (routes see only the PolicySources type of ports.ts).
//
//   aws        live reads with the AWS SDK v3 (default credential chain), every read cached (cached-fetch.ts)
//   snapshot   authorization-details files per account + an organization description, loaded or uploaded
//   snapshots  the store behind the snapshot source (PUT /v1/snapshots/...)
//   invalidate POST /v1/cache/invalidate

import type { Cache } from './cache/index.js'
import type { AdmitAwsCall, AwsCredentialIdentity, AwsCredentialIdentityProvider, AwsSource, AwsSourceOptions } from './aws/index.js'
import type { SourcesConfig } from './config.js'
import { invalidateCache } from './invalidate.js'
import type { PolicySources, SourceMetricsCallback } from './ports.js'
import { createSnapshotSource, loadSnapshotDirectory, SnapshotRegistry } from './snapshot/index.js'

export type * from './ports.js'
export { DEFAULT_SOURCES_CONFIG, envReader, loadSourcesConfig, SOURCES_DEFAULTS, SOURCES_ENV_VARS, type SourcesConfig, type SourcesConfigResult } from './config.js'
export { REQUIRED_ACTIONS } from './aws/required-actions.js'
export type { AdmitAwsCall, AwsCallRefusal } from './aws/index.js'

export interface PolicySourcesOptions {
  /** Base AWS credentials (tests); default: the SDK's default provider chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider
  /** Asked before every AWS call; a message refuses it (the app's per-caller AWS budget). */
  admitAwsCall?: AdmitAwsCall
}

/**
 * Builds the sources on the app's cache. Loads IAMDX_SNAPSHOT_DIR when set (bad files are reported in
 * snapshotLoad, not fatal). `onMetric` receives cache hit/miss, lock-wait and AWS-call events.
 */
export async function createPolicySources(
  config: SourcesConfig,
  cache: Cache,
  onMetric?: SourceMetricsCallback,
  options: PolicySourcesOptions = {},
): Promise<PolicySources> {
  let aws: LazyAwsSource | undefined
  if (config.awsEnabled) {
    aws = lazyAwsSource({
      cache,
      ttlSeconds: config.cacheTtlSeconds,
      negativeTtlSeconds: config.negativeTtlSeconds,
      region: config.region,
      ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      ...(config.assumeRoleName !== undefined ? { assumeRoleName: config.assumeRoleName } : {}),
      ...(config.orgRoleArn !== undefined ? { orgRoleArn: config.orgRoleArn } : {}),
      ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
      ...(options.admitAwsCall !== undefined ? { admit: options.admitAwsCall } : {}),
      maxAttempts: config.maxAttempts,
      callTimeoutMs: config.callTimeoutMs,
      requestTimeoutMs: Math.min(config.callTimeoutMs, 5000),
      concurrencyPerAccount: config.concurrencyPerAccount,
      answerTtlMs: config.answerTtlMs,
      ...(onMetric !== undefined ? { onMetric } : {}),
    })
  }
  const snapshots = new SnapshotRegistry({ cache, ttlSeconds: config.snapshotTtlSeconds })
  const snapshotLoad = config.snapshotDir !== undefined ? await loadSnapshotDirectory(snapshots, config.snapshotDir) : undefined
  return {
    ...(aws !== undefined ? { aws } : {}),
    snapshot: createSnapshotSource(snapshots),
    snapshots,
    ...(snapshotLoad !== undefined ? { snapshotLoad } : {}),
    invalidate: async (request) => {
      const result = await invalidateCache(cache, request)
      aws?.forget()
      return result
    },
    close: async () => {
      await aws?.close()
    },
  }
}

interface LazyAwsSource {
  readonly kind: 'aws'
  policiesFor: AwsSource['policiesFor']
  forget(): void
  close(): Promise<void>
}

/**
 * The AWS source, its SDK clients loaded on first use: importing eight SDK clients takes a second or two, which an
 * app that never reads AWS (tests, snapshot-only deployments) should not pay at start.
 */
function lazyAwsSource(opts: AwsSourceOptions): LazyAwsSource {
  let source: Promise<AwsSource> | undefined
  let loaded: AwsSource | undefined
  const get = (): Promise<AwsSource> =>
    (source ??= import('./aws/index.js').then((m) => {
      loaded = m.createAwsSource(opts)
      return loaded
    }))
  return {
    kind: 'aws',
    policiesFor: async (query) => (await get()).policiesFor(query),
    forget: () => loaded?.forget(),
    close: async () => {
      if (source !== undefined) await (await source).close()
    },
  }
}
