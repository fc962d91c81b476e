// Organizations reads (awsJson1_1), through the organization role: the organization (its management account, for
// the exemptions of R1.3.2/R1.4.2), an account's path to the root (ListParents up the tree), the SCPs or RCPs
// attached to one target (ListPoliciesForTarget), and one policy's document (DescribePolicy).

import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  type PolicyType,
} from '@aws-sdk/client-organizations'
import type { LoadOutcome } from '../cached-fetch.js'
import type { Attachments, OrgNode, OrgPolicyRecord, OrgPolicyType, OrganizationRecord } from '../directory.js'
import { decodeDocument } from '../documents.js'
import type { AwsCaller } from './caller.js'
import type { AwsClients } from './clients.js'
import { AwsFailure, errorName } from './errors.js'
import { outcome } from './iam-reader.js'

const FILTER: Record<OrgPolicyType, PolicyType> = { scp: 'SERVICE_CONTROL_POLICY', rcp: 'RESOURCE_CONTROL_POLICY' }

/** The OU nesting limit is five under the root (R1.3.6, ORGLIMITS); a longer walk means a loop. */
const MAX_DEPTH = 8

export class OrgReader {
  constructor(
    private readonly clients: AwsClients,
    private readonly caller: AwsCaller,
  ) {}

  get #account(): string {
    return this.clients.organizationAccount
  }

  async organization(): Promise<LoadOutcome<OrganizationRecord>> {
    const org = this.clients.organizations()
    try {
      const out = await this.caller.call({ account: this.#account, action: 'organizations:DescribeOrganization', target: 'the organization' }, (abortSignal) =>
        org.send(new DescribeOrganizationCommand({}), { abortSignal }),
      )
      const o = out.Organization
      return { ok: true, value: { none: false, id: o?.Id ?? '', managementAccountId: o?.MasterAccountId ?? '' } }
    } catch (err) {
      if (!(err instanceof AwsFailure)) throw err
      // Not in an organization: no SCP or RCP applies.
      if (errorName(err.cause) === 'AWSOrganizationsNotInUseException') return { ok: true, value: { none: true } }
      return { ok: false, failure: err.failure }
    }
  }

  /** Root first, then each OU, then the account. */
  async accountPath(account: string): Promise<LoadOutcome<OrgNode[]>> {
    return outcome(async () => {
      const org = this.clients.organizations()
      const path: OrgNode[] = [{ id: account, type: 'ACCOUNT' }]
      let child = account
      for (let depth = 0; depth < MAX_DEPTH; depth++) {
        const out = await this.caller.call({ account: this.#account, action: 'organizations:ListParents', target: `the parent of ${child}` }, (abortSignal) =>
          org.send(new ListParentsCommand({ ChildId: child }), { abortSignal }),
        )
        const parent = out.Parents?.[0]
        if (parent?.Id === undefined) break
        const type = parent.Type === 'ROOT' ? 'ROOT' : 'ORGANIZATIONAL_UNIT'
        path.unshift({ id: parent.Id, type })
        if (type === 'ROOT') return { ok: true, value: path }
        child = parent.Id
      }
      return { ok: false, failure: { why: 'error', action: 'organizations:ListParents', account: this.#account, message: `no root found above account ${account}` } }
    })
  }

  async attachments(targetId: string, type: OrgPolicyType): Promise<LoadOutcome<Attachments>> {
    const org = this.clients.organizations()
    const policies: Attachments['policies'] = []
    let token: string | undefined
    try {
      do {
        const out = await this.caller.call({ account: this.#account, action: 'organizations:ListPoliciesForTarget', target: `the ${type.toUpperCase()}s of ${targetId}` }, (abortSignal) =>
          org.send(new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: FILTER[type], NextToken: token }), { abortSignal }),
        )
        for (const p of out.Policies ?? []) if (p.Id) policies.push({ id: p.Id, name: p.Name ?? p.Id, arn: p.Arn ?? '' })
        token = out.NextToken
      } while (token !== undefined && token !== '')
    } catch (err) {
      if (!(err instanceof AwsFailure)) throw err
      if (errorName(err.cause) === 'PolicyTypeNotEnabledException') return { ok: true, value: { enabled: false, policies: [] } }
      return { ok: false, failure: err.failure }
    }
    return { ok: true, value: { enabled: true, policies } }
  }

  async orgPolicy(policyId: string, type: OrgPolicyType): Promise<LoadOutcome<OrgPolicyRecord>> {
    return outcome(async () => {
      const org = this.clients.organizations()
      const out = await this.caller.call({ account: this.#account, action: 'organizations:DescribePolicy', target: `${type.toUpperCase()} ${policyId}` }, (abortSignal) =>
        org.send(new DescribePolicyCommand({ PolicyId: policyId }), { abortSignal }),
      )
      const s = out.Policy?.PolicySummary
      return { ok: true, value: { id: s?.Id ?? policyId, name: s?.Name ?? policyId, arn: s?.Arn ?? '', document: decodeDocument(out.Policy?.Content ?? '') } }
    })
  }
}
