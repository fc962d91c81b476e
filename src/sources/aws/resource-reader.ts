// Resource-based policy reads, in the resource's account (through the assumed role there) and region:
// KMS key policies (an alias is resolved to its key with DescribeKey first), S3 bucket policies, SQS queue, SNS
// topic, Lambda function and Secrets Manager secret policies. A resource without a policy gives document null
// (S3 NoSuchBucketPolicy, Lambda ResourceNotFoundException on the policy, absent attributes); a resource that does
// not exist is notFound.

import { DescribeKeyCommand, GetKeyPolicyCommand, ListResourceTagsCommand, type KMSClient } from '@aws-sdk/client-kms'
import { GetPolicyCommand as GetFunctionPolicyCommand } from '@aws-sdk/client-lambda'
import { GetBucketPolicyCommand } from '@aws-sdk/client-s3'
import { GetResourcePolicyCommand } from '@aws-sdk/client-secrets-manager'
import { GetTopicAttributesCommand } from '@aws-sdk/client-sns'
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs'
import type { LoadOutcome } from '../cached-fetch.js'
import type { ResourcePolicyRecord, ResourceRef } from '../directory.js'
import { decodeDocument } from '../documents.js'
import type { AwsCaller } from './caller.js'
import type { AwsClients } from './clients.js'
import { AwsFailure, errorName } from './errors.js'
import { outcome } from './iam-reader.js'

type RegionalRef = Exclude<ResourceRef, { kind: 'role' } | { kind: 's3Bucket' }>

export class ResourceReader {
  constructor(
    private readonly clients: AwsClients,
    private readonly caller: AwsCaller,
    private readonly defaultRegion: string,
  ) {}

  /** The key id an alias points at (DescribeKey accepts the alias ARN). */
  async kmsAlias(ref: Extract<ResourceRef, { kind: 'kmsAlias' }>): Promise<LoadOutcome<{ keyArn: string; keyId: string }>> {
    return outcome(async () => {
      const kms = this.clients.kms(ref.account, this.#region(ref))
      const out = await this.caller.call({ account: ref.account, action: 'kms:DescribeKey', target: ref.arn }, (abortSignal) =>
        kms.send(new DescribeKeyCommand({ KeyId: ref.arn }), { abortSignal }),
      )
      const keyId = out.KeyMetadata?.KeyId ?? ''
      return { ok: true, value: { keyId, keyArn: out.KeyMetadata?.Arn ?? `arn:aws:kms:${ref.region}:${ref.account}:key/${keyId}` } }
    })
  }

  async policy(ref: Exclude<ResourceRef, { kind: 'role' } | { kind: 'kmsAlias' }>): Promise<LoadOutcome<ResourcePolicyRecord>> {
    return outcome(async () => {
      const { account, arn } = ref
      const call = <T>(action: string, send: (abortSignal: AbortSignal) => Promise<T>) => this.caller.call({ account, action, target: arn }, send)
      switch (ref.kind) {
        case 'kmsKey': {
          const kms = this.clients.kms(account, this.#region(ref))
          const out = await call('kms:GetKeyPolicy', (abortSignal) => kms.send(new GetKeyPolicyCommand({ KeyId: ref.arn, PolicyName: 'default' }), { abortSignal }))
          const policy = found(arn, out.Policy)
          if (!policy.ok) return policy
          // The key's tags are aws:ResourceTag/<key> of every request to it (ABAC on keys). iamdx not being allowed to
          // list them leaves the policy good (kept briefly, like a partial record); a passing failure fails the read.
          try {
            const tags = await this.#keyTags(kms, ref.arn, call)
            return { ok: true, value: { ...policy.value, ...(Object.keys(tags).length > 0 ? { tags } : {}) } }
          } catch (err) {
            if (err instanceof AwsFailure && (err.failure.why === 'accessDenied' || err.failure.why === 'notFound')) {
              return { ok: true, value: { ...policy.value, tagsFailure: err.failure }, partial: true }
            }
            throw err
          }
        }
        case 's3Bucket': {
          const s3 = this.clients.s3(account, this.defaultRegion)
          try {
            const out = await call('s3:GetBucketPolicy', (abortSignal) =>
              s3.send(new GetBucketPolicyCommand({ Bucket: ref.bucket }), { abortSignal }),
            )
            return found(arn, out.Policy)
          } catch (err) {
            if (err instanceof AwsFailure && errorName(err.cause) === 'NoSuchBucketPolicy') return found(arn, undefined)
            throw err
          }
        }
        case 'sqsQueue': {
          const sqs = this.clients.sqs(account, this.#region(ref))
          const queueUrl = `https://sqs.${this.#region(ref)}.amazonaws.com/${account}/${ref.name}`
          const out = await call('sqs:GetQueueAttributes', (abortSignal) =>
            sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Policy'] }), { abortSignal }),
          )
          return found(arn, out.Attributes?.Policy)
        }
        case 'snsTopic': {
          const sns = this.clients.sns(account, this.#region(ref))
          const out = await call('sns:GetTopicAttributes', (abortSignal) => sns.send(new GetTopicAttributesCommand({ TopicArn: arn }), { abortSignal }))
          return found(arn, out.Attributes?.Policy)
        }
        case 'lambdaFunction': {
          const lambda = this.clients.lambda(account, this.#region(ref))
          const functionArn = `arn:aws:lambda:${this.#region(ref)}:${account}:function:${ref.name}`
          try {
            const out = await call('lambda:GetPolicy', (abortSignal) =>
              lambda.send(new GetFunctionPolicyCommand({ FunctionName: functionArn, ...(ref.qualifier ? { Qualifier: ref.qualifier } : {}) }), { abortSignal }),
            )
            return found(arn, out.Policy)
          } catch (err) {
            // Lambda answers ResourceNotFoundException both for a missing function and for a function without a
            // policy; iamdx cannot tell them apart without lambda:GetFunction, so both read as "no policy".
            if (err instanceof AwsFailure && err.failure.why === 'notFound') return found(arn, undefined)
            throw err
          }
        }
        case 'secret': {
          const sm = this.clients.secretsManager(account, this.#region(ref))
          const out = await call('secretsmanager:GetResourcePolicy', (abortSignal) => sm.send(new GetResourcePolicyCommand({ SecretId: arn }), { abortSignal }))
          return found(arn, out.ResourcePolicy)
        }
      }
    })
  }

  async #keyTags(
    kms: KMSClient,
    keyArn: string,
    call: <T>(action: string, send: (abortSignal: AbortSignal) => Promise<T>) => Promise<T>,
  ): Promise<Record<string, string>> {
    const tags: Record<string, string> = {}
    let marker: string | undefined
    do {
      const out = await call('kms:ListResourceTags', (abortSignal) => kms.send(new ListResourceTagsCommand({ KeyId: keyArn, ...(marker ? { Marker: marker } : {}) }), { abortSignal }))
      for (const t of out.Tags ?? []) if (t.TagKey !== undefined) tags[t.TagKey] = t.TagValue ?? ''
      marker = out.Truncated === true ? out.NextMarker : undefined
    } while (marker !== undefined)
    return tags
  }

  #region(ref: RegionalRef): string {
    return ref.region !== '' ? ref.region : this.defaultRegion
  }
}

function found(arn: string, text: string | undefined): LoadOutcome<ResourcePolicyRecord> {
  return { ok: true, value: { arn, document: text === undefined || text === '' ? null : decodeDocument(text) } }
}
