// The snapshot source: the same answers as the AWS source, from `aws iam get-account-authorization-details`
// output per account and an organization description (see organization.ts), loaded from a directory or uploaded.

import { collectPolicies } from '../collect.js'
import type { PolicyQuery, PolicyResult, PolicySource } from '../ports.js'
import { SnapshotDirectory } from './snapshot-directory.js'
import type { SnapshotRegistry } from './store.js'

export { SnapshotRegistry, ORGANIZATION_ID, type SnapshotRegistryOptions } from './store.js'
export { SnapshotDirectory } from './snapshot-directory.js'
export { loadSnapshotDirectory, type DirectoryLoad } from './load-dir.js'
export { parseAccountDetails, type AccountSnapshot } from './account-details.js'
export { parseOrganization, type OrganizationSnapshot } from './organization.js'

export interface SnapshotSource extends PolicySource {
  readonly kind: 'snapshot'
}

export function createSnapshotSource(store: SnapshotRegistry): SnapshotSource {
  const directory = new SnapshotDirectory(store)
  return { kind: 'snapshot', policiesFor: (query: PolicyQuery): Promise<PolicyResult> => collectPolicies(directory, query) }
}
