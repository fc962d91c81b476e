// The AWS source: the policies in force read live with the AWS SDK v3, every read through the cache.

import { AnswerMemo } from '../answer-memo.js'
import type { Cache } from '../cache/index.js'
import { CachedFetcher } from '../cached-fetch.js'
import { collectPolicies } from '../collect.js'
import type { PolicyQuery, PolicyResult, PolicySource, SourceMetricsCallback } from '../ports.js'
import { AwsDirectory } from './aws-directory.js'
import { AwsCaller, type AdmitAwsCall } from './caller.js'
import { AwsClients, type AwsClientsOptions } from './clients.js'
import { IamReader } from './iam-reader.js'
import { OrgReader } from './org-reader.js'
import { ResourceReader } from './resource-reader.js'

export { AwsClients, type AwsClientsOptions, type AwsCredentialIdentity, type AwsCredentialIdentityProvider } from './clients.js'
export { AwsDirectory, ORG_ACCOUNT } from './aws-directory.js'
export { AwsCaller, type AdmitAwsCall, type AwsCallRefusal, type CallerOptions } from './caller.js'
export { AwsFailure, reasonOf, toFailure } from './errors.js'
export { REQUIRED_ACTIONS } from './required-actions.js'

export interface AwsSourceOptions extends AwsClientsOptions {
  cache: Cache
  /** TTL of positive entries (CACHE_TTL_SECONDS). */
  ttlSeconds: number
  /** TTL of notFound/accessDenied entries and partial records. Default 30. */
  negativeTtlSeconds?: number
  /** Most SDK calls in flight per account. Default 8. */
  concurrencyPerAccount?: number
  /** Time one SDK call may take, retries included. Default 10,000 ms. */
  callTimeoutMs?: number
  /** Cross-replica lock lifetime and poll interval (see cached-fetch.ts). */
  lockTtlMs?: number
  lockPollMs?: number
  /**
   * How long a complete answer is reused in this process (IAMDX_ANSWER_TTL_MS, default 1,000; 0 turns it off):
   * after an invalidation on another replica, this one may answer from it for that long.
   */
  answerTtlMs?: number
  onMetric?: SourceMetricsCallback
  /** Asked before every AWS call (caller.ts): the app's per-caller AWS budget. */
  admit?: AdmitAwsCall
}

export interface AwsSource extends PolicySource {
  readonly kind: 'aws'
  readonly directory: AwsDirectory
  /** Drops this process's memo of answers (called on every cache invalidation). */
  forget(): void
  close(): Promise<void>
}

export function createAwsSource(opts: AwsSourceOptions): AwsSource {
  const caller = new AwsCaller({ concurrencyPerAccount: opts.concurrencyPerAccount, callTimeoutMs: opts.callTimeoutMs, onMetric: opts.onMetric, admit: opts.admit })
  const clients = new AwsClients(opts, caller)
  const fetcher = new CachedFetcher({
    cache: opts.cache,
    ttlSeconds: opts.ttlSeconds,
    negativeTtlSeconds: opts.negativeTtlSeconds,
    lockTtlMs: opts.lockTtlMs,
    pollMs: opts.lockPollMs,
    onMetric: opts.onMetric,
  })
  const directory = new AwsDirectory(fetcher, new IamReader(clients, caller), new OrgReader(clients, caller), new ResourceReader(clients, caller, opts.region))
  const memo = new AnswerMemo(opts.answerTtlMs ?? 1000)
  return {
    kind: 'aws',
    directory,
    policiesFor: async (query: PolicyQuery): Promise<PolicyResult> => {
      const key = AnswerMemo.key(query)
      const known = memo.get(key)
      if (known !== undefined) return { ok: true, answer: known }
      const result = await collectPolicies(directory, query)
      if (result.ok) memo.set(key, result.answer)
      return result
    },
    forget: () => memo.clear(),
    close: async () => clients.destroy(),
  }
}
