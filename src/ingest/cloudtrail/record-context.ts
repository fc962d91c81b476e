// The request context a CloudTrail record carries outside userIdentity. [IAM-EVALUATION.md §9.1; CTREC; GKEYS]
//
//   sourceIPAddress   aws:SourceIp when it is an IP address; for calls through a VPC endpoint (vpcEndpointId set)
//                     aws:SourceIp is absent and the address is the private one, aws:VpcSourceIp (GKEYS); a service
//                     name or "AWS Internal" means a service made the call and gives no IP
//   userAgent         aws:UserAgent
//   vpcEndpointId     aws:SourceVpce (aws:SourceVpc is not in the record)
//   awsRegion         aws:RequestedRegion
//   tlsDetails        aws:SecureTransport true (a record with TLS details came over TLS)
//   eventTime         aws:CurrentTime (and aws:EpochTime)
//   request tags      aws:RequestTag/<key> and aws:TagKeys, from requestParameters.tags / principalTags / tagSpecificationSet
import type { Draft } from '../draft.js'
import { isIpAddress } from '../principal.js'
import { isObj, type Obj } from './records.js'
import { isoTime } from './identity.js'

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined
}

/** Tags a request passes, from the shapes services log: [{key, value}], {k: v}, EC2's tagSpecificationSet. */
function requestTags(rp: Obj | undefined): Map<string, string> {
  const out = new Map<string, string>()
  if (!rp) return out
  const addList = (list: unknown) => {
    const arr = Array.isArray(list) ? list : isObj(list) && Array.isArray(list.items) ? list.items : null
    if (arr) {
      for (const t of arr) {
        if (!isObj(t)) continue
        const k = str(t.key) ?? str(t.Key)
        const v = typeof t.value === 'string' ? t.value : typeof t.Value === 'string' ? t.Value : undefined
        if (k !== undefined && v !== undefined) out.set(k, v)
      }
      return
    }
    if (isObj(list)) for (const [k, v] of Object.entries(list)) if (typeof v === 'string') out.set(k, v)
  }
  for (const name of ['tags', 'Tags', 'principalTags', 'tagSet', 'TagList']) if (name in rp) addList(rp[name])
  const specs = rp.tagSpecificationSet
  const specList = isObj(specs) && Array.isArray(specs.items) ? specs.items : Array.isArray(specs) ? specs : []
  for (const s of specList) if (isObj(s)) addList(s.tags ?? s.Tags ?? s.tagSet)
  return out
}

export function readRecordContext(record: Obj, draft: Draft): void {
  const vpce = str(record.vpcEndpointId)
  const ip = str(record.sourceIPAddress)
  if (ip && isIpAddress(ip)) {
    if (vpce) {
      draft.setContext('aws:VpcSourceIp', ip, true)
      draft.note('the call came through a VPC endpoint, where aws:SourceIp is absent; the record\'s sourceIPAddress is taken as aws:VpcSourceIp')
    } else draft.setContext('aws:SourceIp', ip)
  } else if (ip) {
    draft.note(`sourceIPAddress is "${ip}": a service made the call, so the record gives no caller IP (aws:SourceIp is that service's, or absent)`)
    draft.missingContext('aws:SourceIp', `sourceIPAddress is "${ip}", not an IP address`)
  } else {
    draft.missingContext('aws:SourceIp', 'the record has no sourceIPAddress')
  }

  const ua = str(record.userAgent)
  if (ua) draft.setContext('aws:UserAgent', ua)

  if (vpce) {
    draft.setContext('aws:SourceVpce', vpce)
    draft.missingContext('aws:SourceVpc', `the record names the endpoint ${vpce} but not its VPC`)
    draft.addMissing('vpcEndpoint policy: the call came through a VPC endpoint whose policy also decides')
  }

  const region = str(record.awsRegion)
  if (region) draft.setContext('aws:RequestedRegion', region)

  if (isObj(record.tlsDetails)) {
    draft.setContext('aws:SecureTransport', true, true)
  } else {
    draft.missingContext('aws:SecureTransport', 'the record has no tlsDetails (records before eventVersion 1.08 never do)')
  }

  const time = str(record.eventTime)
  const iso = time ? isoTime(time) : null
  if (iso) {
    draft.setContext('aws:CurrentTime', iso)
    const ms = Date.parse(iso)
    if (Number.isFinite(ms)) draft.setContext('aws:EpochTime', Math.floor(ms / 1000), true)
  }

  const rp = isObj(record.requestParameters) ? record.requestParameters : undefined
  const tags = requestTags(rp)
  if (tags.size) {
    for (const [k, v] of tags) draft.setContext(`aws:RequestTag/${k}`, v, true)
    draft.setContext('aws:TagKeys', [...tags.keys()], true)
    draft.note(`the request passes tags (${[...tags.keys()].join(', ')}), read as aws:RequestTag/… and aws:TagKeys`)
  }

  // KMS: the request's encryption context is what kms:EncryptionContext:<key> and kms:EncryptionContextKeys test
  // (SVCREF, kms condition keys); the record's requestParameters.encryptionContext holds it.
  if (str(record.eventSource) === 'kms.amazonaws.com' && rp && isObj(rp.encryptionContext)) {
    const pairs = Object.entries(rp.encryptionContext).filter((e): e is [string, string] => typeof e[1] === 'string')
    for (const [k, v] of pairs) draft.setContext(`kms:EncryptionContext:${k}`, v, true)
    if (pairs.length) draft.setContext('kms:EncryptionContextKeys', pairs.map(([k]) => k), true)
  }
  if (str(record.eventSource) === 'kms.amazonaws.com' && ip && !isIpAddress(ip) && /\.amazonaws\.com$/.test(ip)) {
    draft.missingContext('kms:ViaService', `the call came from ${ip}; kms:ViaService would name that service's regional endpoint, which the record does not give`)
  }

  // Keys CloudTrail records never carry.
  draft.missingContext('aws:PrincipalTag/*', 'CloudTrail records do not carry the principal\'s tags')
  draft.missingContext('aws:ResourceTag/*', 'CloudTrail records do not carry the resource\'s tags')
  draft.missingContext('aws:PrincipalOrgID', 'CloudTrail records do not carry the principal\'s organization')
  draft.missingContext('aws:ResourceOrgID', 'CloudTrail records do not carry the resource owner\'s organization')
}
