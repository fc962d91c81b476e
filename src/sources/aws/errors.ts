// SDK errors → the reasons a read can fail. AccessDenied is about iamdx's own permissions: the failure names the
// IAM action iamdx needed, so that iamdx can diagnose its own AccessDenied like any other.

import type { Failure } from '../directory.js'
import type { UnavailableReason } from '../ports.js'

const NOT_FOUND = new Set([
  'NoSuchEntity', // IAM
  'NoSuchEntityException',
  'NotFoundException', // KMS
  'NoSuchBucket', // S3
  'NoSuchBucketPolicy',
  'ResourceNotFoundException', // Lambda, Secrets Manager
  'NotFound', // SNS
  'NotFoundException',
  'QueueDoesNotExist', // SQS
  'AWS.SimpleQueueService.NonExistentQueue',
  'ChildNotFoundException', // Organizations
  'TargetNotFoundException',
  'PolicyNotFoundException',
  'AccountNotFoundException',
])

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationError', // SNS
  'AuthorizationErrorException',
  'UnauthorizedOperation',
  'AccessDeniedForDependencyException',
])

const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
  'LimitExceededException',
])

export function reasonOf(err: unknown): UnavailableReason {
  const name = errorName(err)
  if (ACCESS_DENIED.has(name)) return 'accessDenied'
  if (NOT_FOUND.has(name)) return 'notFound'
  if (THROTTLED.has(name)) return 'throttled'
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode
  if (status === 403) return 'accessDenied'
  if (status === 429) return 'throttled'
  return 'error'
}

export function errorName(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err)
  const e = err as { name?: unknown; Code?: unknown; code?: unknown }
  for (const v of [e.name, e.Code, e.code]) if (typeof v === 'string' && v !== '' && v !== 'Error') return v
  return 'Error'
}

/** A failed read, thrown inside the AWS source and turned into a Failure at its edge. */
export class AwsFailure extends Error {
  readonly failure: Failure
  constructor(failure: Failure, options?: { cause?: unknown }) {
    super(failure.message, options)
    this.name = 'AwsFailure'
    this.failure = failure
  }
}

/** Turns any error of one SDK call into a Failure naming the action and account. */
export function toFailure(err: unknown, action: string, account: string, target: string): Failure {
  if (err instanceof AwsFailure) return err.failure
  const why = reasonOf(err)
  // Organizations reads without IAMDX_ORG_ROLE_ARN use the base credentials, whose account iamdx does not know.
  const where = /^\d{12}$/.test(account) ? `in account ${account}` : 'with its base credentials'
  const detail = err instanceof Error ? err.message : String(err)
  const name = errorName(err)
  switch (why) {
    case 'accessDenied':
      return {
        why,
        action,
        account,
        message: `iamdx is not allowed to call ${action} on ${target} ${where} (${name}: ${detail}). Grant ${action} to iamdx's role (see docs/iamdx-minimal-policy.json).`,
      }
    case 'notFound':
      return { why, action, account, message: `${target} does not exist ${where} (${action}: ${name})` }
    case 'throttled':
      return { why, action, account, message: `AWS throttled ${action} ${where} after retries (${name}); try again shortly` }
    default:
      return { why, action, account, message: `${action} on ${target} ${where} failed: ${name}: ${detail}` }
  }
}
