// The resource of a CloudTrail record. In order of trust:
//   1. the resource AWS's errorMessage names (what AWS evaluated),
//   2. ARNs the record carries — resources[].ARN and ARNs in requestParameters (roleArn, topicArn, a keyId or
//      functionName given as an ARN …) — that fit one of the action's resource types,
//   3. ARNs built from the names services log (S3 bucketName + key, an SQS queueUrl, a Lambda function name,
//      a KMS key id, an EC2 instance id, any name that fills the action's ARN format) — marked inferred,
//   4. `*` for actions that take no resource, else `*` marked inferred with the gap listed as missing.
// ARN formats are the Service Authorization Reference's [SVCREF]; which type an ARN fits is the catalog's.
import type { Catalog } from '../../catalog/index.js'
import { parseArn } from '../../catalog/index.js'
import { isArn, partitionOfRegion, sqsQueueUrlToArn } from '../arns.js'
import type { Draft } from '../draft.js'
import { resourceNotGiven } from '../request-parts.js'
import { isObj, type Obj } from './records.js'

interface Candidate {
  arn: string
  /** Where it came from, for notes: `resources[0]`, `requestParameters.roleArn`, `built from bucketName and key`. */
  from: string
  built: boolean
  /** resources[].accountId, when the record gives the owner. */
  accountId?: string
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined
}

/** Scalar string leaves of requestParameters with their key names (depth-limited), in document order. */
function leaves(rp: Obj): Array<[string, string]> {
  const out: Array<[string, string]> = []
  const walk = (v: unknown, key: string, depth: number): void => {
    if (depth > 5 || out.length > 500) return
    if (typeof v === 'string') out.push([key, v])
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key, depth + 1))
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, k === 'items' ? key : k, depth + 1)
  }
  walk(rp, '', 0)
  return out
}

/** Placeholder names of the reference → requestParameters key names that hold them (besides the same name). */
const PLACEHOLDER_ALIASES: Record<string, string[]> = {
  rolenamewithpath: ['roleName'],
  usernamewithpath: ['userName'],
  policynamewithpath: ['policyName'],
  groupnamewithpath: ['groupName'],
  instanceprofilenamewithpath: ['instanceProfileName'],
  objectname: ['key'],
  parameternamewithoutleadingslash: ['name'],
}

/** Placeholders whose values have a fixed form: a KMS key id is a UUID (or mrk-…), never an alias. */
const PLACEHOLDER_FORMS: Record<string, RegExp> = {
  keyid: /^(mrk-)?[0-9a-f-]{32,36}$/i,
  instanceid: /^i-[0-9a-f]+$/,
}

interface Env {
  partition: string
  region?: string
  account?: string
}

/** Fills one ARN format from requestParameters; null when a placeholder has no value. */
function fillFormat(format: string, values: Map<string, string>, env: Env): string | null {
  let ok = true
  const arn = format.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    const lower = name.toLowerCase()
    if (lower === 'partition') return env.partition
    if (lower === 'region') return env.region ?? ((ok = false), '')
    if (lower === 'account') return env.account ?? ((ok = false), '')
    for (const key of [lower, ...(PLACEHOLDER_ALIASES[lower] ?? []).map((a) => a.toLowerCase())]) {
      const v = values.get(key)
      if (v === undefined || v === '' || v.startsWith('arn:')) continue
      if (PLACEHOLDER_FORMS[lower] && !PLACEHOLDER_FORMS[lower].test(v)) continue
      return lower === 'parameternamewithoutleadingslash' ? v.replace(/^\//, '') : v
    }
    ok = false
    return ''
  })
  return ok ? arn : null
}

function lambdaFunctionArn(name: string, env: Env): string | null {
  if (isArn(name)) return null
  // "123456789012:function:my-function" (partial ARN), "my-function", "my-function:alias"
  const partial = /^(\d{12}):function:([\w-]+(?::[\w$-]+)?)$/.exec(name)
  if (partial && env.region) return `arn:${env.partition}:lambda:${env.region}:${partial[1]}:function:${partial[2]}`
  if (/^[\w-]+(?::[\w$-]+)?$/.test(name) && env.region && env.account) return `arn:${env.partition}:lambda:${env.region}:${env.account}:function:${name}`
  return null
}

function builtCandidates(prefix: string, rp: Obj, env: Env, draft: Draft): Candidate[] {
  const out: Candidate[] = []
  const bucket = str(rp.bucketName)
  if (prefix === 's3' && bucket) {
    const key = str(rp.key)
    out.push({ arn: `arn:${env.partition}:s3:::${bucket}${key ? `/${key}` : ''}`, from: key ? 'bucketName and key' : 'bucketName', built: true })
    if (key) out.push({ arn: `arn:${env.partition}:s3:::${bucket}`, from: 'bucketName', built: true })
    const copySource = str(rp['x-amz-copy-source'])
    if (copySource) draft.note(`the copy source ${copySource} is read too (s3:GetObject on arn:${env.partition}:s3:::${copySource.replace(/^\//, '').split('?')[0]})`)
  }
  const queueUrl = str(rp.queueUrl) ?? str(rp.QueueUrl)
  if (queueUrl) {
    const q = sqsQueueUrlToArn(queueUrl, env.region)
    if (q) out.push({ arn: q.arn, from: 'queueUrl', built: true })
  }
  const fn = str(rp.functionName) ?? str(rp.FunctionName)
  if (fn) {
    const arn = lambdaFunctionArn(fn, env)
    if (arn) out.push({ arn, from: 'functionName', built: true })
  }
  const keyId = str(rp.keyId) ?? str(rp.KeyId)
  if (keyId && !isArn(keyId)) {
    if (/^alias\//.test(keyId)) {
      draft.note(`keyId is the alias ${keyId}: KMS authorizes against the key the alias points to, whose ARN ${isObj(rp) ? 'is not in requestParameters' : ''}`.trim())
    } else if (/^(mrk-)?[0-9a-f-]{32,36}$/i.test(keyId) && env.region && env.account) {
      out.push({ arn: `arn:${env.partition}:kms:${env.region}:${env.account}:key/${keyId}`, from: 'keyId', built: true })
    }
  } else if (keyId && /:alias\//.test(keyId)) {
    draft.note(`keyId is the alias ARN ${keyId}: KMS authorizes against the key the alias points to`)
  }
  const instances = rp.instancesSet
  const instanceItems = isObj(instances) && Array.isArray(instances.items) ? instances.items : []
  const ids = instanceItems.map((i) => (isObj(i) ? str(i.instanceId) : undefined)).filter((x): x is string => Boolean(x))
  if (ids.length && env.region && env.account) {
    out.push({ arn: `arn:${env.partition}:ec2:${env.region}:${env.account}:instance/${ids[0]}`, from: 'instancesSet', built: true })
    if (ids.length > 1) draft.note(`the call names ${ids.length} instances (${ids.join(', ')}); the request is built for the first, and AWS checks each`)
  }
  return out
}

export interface ResourceInputs {
  record: Obj
  action: string
  /** The resource errorMessage names, if any. */
  messageResource?: string
  principalAccount: string
  principalPartition: string
}

export function readResource(inputs: ResourceInputs, draft: Draft, catalog: Catalog): void {
  const { record, action } = inputs
  const rp = isObj(record.requestParameters) ? record.requestParameters : {}
  const region = str(record.awsRegion)
  const account = str(record.recipientAccountId) ?? (inputs.principalAccount || undefined)
  const env: Env = { partition: inputs.principalPartition || partitionOfRegion(region), region, account }
  const prefix = action.slice(0, action.indexOf(':')).toLowerCase()
  const known = Boolean(catalog.action(action))

  // The record's own list of resources and the ARNs among its request parameters.
  const read: Candidate[] = []
  const resources = Array.isArray(record.resources) ? record.resources : []
  resources.forEach((r, i) => {
    if (!isObj(r)) return
    const arn = str(r.ARN) ?? str(r.arn)
    if (arn && isArn(arn)) read.push({ arn, from: `resources[${i}]`, built: false, accountId: str(r.accountId) })
  })
  for (const [key, value] of leaves(rp)) if (isArn(value)) read.push({ arn: value, from: `requestParameters.${key}`, built: false })

  const fits = (c: Candidate) => (known ? catalog.matchArnToAction(action, c.arn) : [])
  const best = (list: Candidate[]): Candidate | undefined => {
    let pick: Candidate | undefined
    let score = Infinity
    for (const c of list) {
      const m = fits(c)
      if (m.length && m[0].absorbedSeparators < score) {
        pick = c
        score = m[0].absorbedSeparators
      }
    }
    return pick
  }

  let chosen: Candidate | undefined
  const msg = inputs.messageResource
  if (msg !== undefined && (msg === '*' || parseArn(msg))) {
    chosen = { arn: msg, from: 'the errorMessage', built: false }
  }
  chosen ??= best(read)
  if (!chosen && known) {
    const built = builtCandidates(prefix, rp, env, draft)
    const values = new Map<string, string>()
    for (const [k, v] of leaves(rp)) if (!values.has(k.toLowerCase())) values.set(k.toLowerCase(), v)
    for (const f of catalog.arnFormatsFor(action)) {
      const arn = fillFormat(f.arnFormat, values, env)
      if (arn) built.push({ arn, from: `the ${f.resourceType} ARN format filled from requestParameters`, built: true })
    }
    chosen = best(built)
    if (chosen && prefix === 'secretsmanager' && chosen.built) {
      draft.addMissing('resource: a secret\'s ARN ends with a 6-character suffix the record does not give; policies naming the full ARN will not match the built one')
    }
    if (chosen && prefix === 'iam' && chosen.built && /:(role|user|policy|group)\//.test(chosen.arn)) {
      draft.note('the IAM ARN is built from a name; an entity with a path has a longer ARN')
    }
  } else if (!chosen && !known) {
    chosen = read[0]
  }

  const info = known ? catalog.action(action) : undefined
  if (chosen) {
    draft.setResource(chosen.arn, chosen.built)
    if (chosen.from !== 'the errorMessage' && (chosen.built || chosen.from.startsWith('requestParameters'))) draft.note(`the resource is ${chosen.built ? 'built from ' : 'read from '}${chosen.from}`)
    if (!known) draft.note(`the resource is ${chosen.from}'s ARN; the action is not in the catalog, so whether it fits is unknown`)
  } else if (info?.wildcardOnly) {
    resourceNotGiven(draft, catalog, 'the record names no resource')
  } else if (read.length) {
    draft.setResource(read[0].arn, true)
    draft.note(`${read[0].arn} (from ${read[0].from}) does not fit any resource type of ${action}; it is used as the closest thing the record names`)
  } else {
    resourceNotGiven(draft, catalog, 'the record names no resource')
  }

  // resourceAccount: only where the ARN has no account field (S3) and the owner is known or implied.
  const arn = draft.resource && draft.resource !== '*' ? parseArn(draft.resource) : null
  if (arn && !arn.account) {
    const bucketArn = arn.service === 's3' ? `arn:${arn.partition}:s3:::${arn.resource.split('/')[0]}` : draft.resource
    const owner = read.find((c) => c.accountId && (c.arn === draft.resource || c.arn === bucketArn))?.accountId
    const recipient = str(record.recipientAccountId)
    if (owner && owner !== inputs.principalAccount) draft.setResourceAccount(owner)
    else if (!owner && recipient && inputs.principalAccount && recipient !== inputs.principalAccount) {
      draft.setResourceAccount(recipient, true)
      draft.note(`resourceAccount is the record's recipientAccountId ${recipient}: the record was delivered to an account other than the caller's`)
    } else if (!owner && arn.service === 's3') {
      draft.addMissing('resourceAccount: the record does not say which account owns the bucket; iamdx takes the principal\'s account')
    }
  }
}
