// SDK v3 clients, one per service and account (and region for regional services), created on first use.
// Credentials: the default provider chain (env, SSO, instance/task role, …) unless given; with assumeRoleName set,
// each account is read through arn:<partition>:iam::<account>:role/<assumeRoleName>, assumed with STS from the base
// credentials; Organizations is read through orgRoleArn when set. Retries: adaptive mode (client-side rate limiting
// and exponential backoff with jitter on throttling), maxAttempts attempts per call.

import { IAMClient } from '@aws-sdk/client-iam'
import { KMSClient } from '@aws-sdk/client-kms'
import { LambdaClient } from '@aws-sdk/client-lambda'
import { OrganizationsClient } from '@aws-sdk/client-organizations'
import { S3Client } from '@aws-sdk/client-s3'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SNSClient } from '@aws-sdk/client-sns'
import { SQSClient } from '@aws-sdk/client-sqs'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { AwsFailure, toFailure } from './errors.js'
import type { AwsCaller } from './caller.js'

/** Static credentials (structurally the SDK's AwsCredentialIdentity). */
export interface AwsCredentialIdentity {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: Date
}
export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>

export interface AwsClientsOptions {
  /** Default region (AWS_REGION); IAM, STS and Organizations calls use it as their signing region. */
  region: string
  /** Endpoint override for every client (tests: the fake AWS). */
  endpoint?: string
  /** Base credentials; default: the SDK's default provider chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider
  /** Role name assumed in each account (IAMDX_ASSUME_ROLE_NAME). */
  assumeRoleName?: string
  /** Role assumed for Organizations reads (IAMDX_ORG_ROLE_ARN). */
  orgRoleArn?: string
  /** Attempts per call, first included. Default 5. */
  maxAttempts?: number
  /** Time one attempt may take (socket level). Default 5,000 ms. */
  requestTimeoutMs?: number
  /** S3 path-style addressing (tests; some S3-compatible endpoints). */
  forcePathStyle?: boolean
  /** The partition for role ARNs. Default aws. */
  partition?: string
  /** RoleSessionName for assumed roles. Default iamdx. */
  sessionName?: string
}

interface Destroyable {
  destroy(): void
}

type ClientConfig = {
  region: string
  endpoint?: string
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider
  maxAttempts: number
  retryMode: 'adaptive'
  requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean }
}

export class AwsClients {
  readonly #opts: AwsClientsOptions
  readonly #caller: AwsCaller
  readonly #clients = new Map<string, Destroyable>()
  readonly #credentials = new Map<string, AwsCredentialIdentityProvider>()

  constructor(opts: AwsClientsOptions, caller: AwsCaller) {
    this.#opts = opts
    this.#caller = caller
  }

  get partition(): string {
    return this.#opts.partition ?? 'aws'
  }

  iam(account: string): IAMClient {
    return this.#client(`iam:${account}`, () => new IAMClient(this.#config(this.#accountCredentials(account), this.#opts.region)))
  }

  organizations(): OrganizationsClient {
    return this.#client('organizations', () => new OrganizationsClient(this.#config(this.#orgCredentials(), this.#opts.region)))
  }

  /** The account whose credentials read the organization: the org role's account, or 'default'. */
  get organizationAccount(): string {
    const arn = this.#opts.orgRoleArn
    return arn === undefined ? 'default' : (arn.split(':')[4] ?? 'default')
  }

  kms(account: string, region: string): KMSClient {
    return this.#client(`kms:${account}:${region}`, () => new KMSClient(this.#config(this.#accountCredentials(account), region)))
  }

  s3(account: string, region: string): S3Client {
    return this.#client(
      `s3:${account}:${region}`,
      () => new S3Client({ ...this.#config(this.#accountCredentials(account), region), forcePathStyle: this.#opts.forcePathStyle ?? false, followRegionRedirects: true }),
    )
  }

  sqs(account: string, region: string): SQSClient {
    return this.#client(`sqs:${account}:${region}`, () => new SQSClient(this.#config(this.#accountCredentials(account), region)))
  }

  sns(account: string, region: string): SNSClient {
    return this.#client(`sns:${account}:${region}`, () => new SNSClient(this.#config(this.#accountCredentials(account), region)))
  }

  lambda(account: string, region: string): LambdaClient {
    return this.#client(`lambda:${account}:${region}`, () => new LambdaClient(this.#config(this.#accountCredentials(account), region)))
  }

  secretsManager(account: string, region: string): SecretsManagerClient {
    return this.#client(`secrets:${account}:${region}`, () => new SecretsManagerClient(this.#config(this.#accountCredentials(account), region)))
  }

  /** Closes every client's sockets. */
  destroy(): void {
    for (const c of this.#clients.values()) c.destroy()
    this.#clients.clear()
    this.#credentials.clear()
  }

  #client<T extends Destroyable>(key: string, make: () => T): T {
    let c = this.#clients.get(key) as T | undefined
    if (c === undefined) this.#clients.set(key, (c = make()))
    return c
  }

  #config(credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined, region: string): ClientConfig {
    const o = this.#opts
    const requestTimeout = o.requestTimeoutMs ?? 5000
    return {
      region,
      ...(o.endpoint !== undefined ? { endpoint: o.endpoint } : {}),
      ...(credentials !== undefined ? { credentials } : {}),
      maxAttempts: o.maxAttempts ?? 5,
      retryMode: 'adaptive',
      requestHandler: { connectionTimeout: Math.min(requestTimeout, 3000), requestTimeout, throwOnRequestTimeout: true },
    }
  }

  #accountCredentials(account: string): AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined {
    const name = this.#opts.assumeRoleName
    if (name === undefined || name === '') return this.#opts.credentials
    return this.#assumed(`arn:${this.partition}:iam::${account}:role/${name}`)
  }

  #orgCredentials(): AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined {
    const arn = this.#opts.orgRoleArn
    return arn === undefined || arn === '' ? this.#opts.credentials : this.#assumed(arn)
  }

  /** Credentials of an assumed role, refreshed five minutes before they expire; one AssumeRole at a time. */
  #assumed(roleArn: string): AwsCredentialIdentityProvider {
    const known = this.#credentials.get(roleArn)
    if (known !== undefined) return known
    const sts = this.#client('sts', () => new STSClient(this.#config(this.#opts.credentials, this.#opts.region)))
    const account = roleArn.split(':')[4] ?? ''
    let current: AwsCredentialIdentity | undefined
    let pending: Promise<AwsCredentialIdentity> | undefined
    const provider: AwsCredentialIdentityProvider = async () => {
      if (current?.expiration !== undefined && current.expiration.getTime() - Date.now() > 5 * 60_000) return current
      pending ??= (async () => {
        try {
          const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: this.#opts.sessionName ?? 'iamdx', DurationSeconds: 3600 }), {
            abortSignal: AbortSignal.timeout((this.#opts.requestTimeoutMs ?? 5000) * 2),
          })
          const c = out.Credentials
          if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) throw new Error('AssumeRole returned no credentials')
          this.#caller.count('sts:AssumeRole', 'ok')
          current = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration }
          return current
        } catch (err) {
          const failure = toFailure(err, 'sts:AssumeRole', account, `role ${roleArn}`)
          this.#caller.count('sts:AssumeRole', failure.why)
          if (failure.why === 'accessDenied') {
            failure.message = `iamdx could not assume ${roleArn} (sts:AssumeRole denied): create the role in account ${account} with a trust policy that lets iamdx's principal assume it, and the permissions of docs/iamdx-minimal-policy.json`
          }
          throw new AwsFailure(failure, { cause: err })
        } finally {
          pending = undefined
        }
      })()
      return pending
    }
    this.#credentials.set(roleArn, provider)
    return provider
  }
}
