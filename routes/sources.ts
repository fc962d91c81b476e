// Sources and cache (API.md): GET /v1/principals/{arn}/policies, POST /v1/cache/invalidate, PUT and GET
// /v1/snapshots. The work is done by app.sources (src/sources); this file validates, calls it and maps failures
// to problem+json: a principal iamdx may not read is a 502 naming the IAM action iamdx needed.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import './decorations.js'
import type { AuditFacts } from './decorations.js'
import './sources-decoration.js'
import type { SnapshotPutResult } from '../src/sources/ports.js'
import { policiesInForce, type InputPaths } from './policies-from-source.js'
import { ProblemError } from './problem.js'
import { plainJson } from './plain-json.js'
import { problemResponses } from './schemas/problem.js'
import {
  AccountParams,
  AccountSnapshotBody,
  InvalidateBody,
  InvalidateResponse,
  OrganizationSnapshotBody,
  PrincipalParams,
  PrincipalPoliciesQuery,
  PrincipalPoliciesResponse,
  SnapshotListResponse,
  SnapshotPutResponse,
} from './schemas/sources.js'

// The resource, action and account are query parameters here; a query error on them points at the query.
const PATHS: InputPaths = {
  principal: { path: '/arn', location: 'params' },
  source: { path: '/source', location: 'querystring' },
  request: { path: '', location: 'querystring' },
}

const sources: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/principals/:arn/policies',
    {
      config: { access: { scope: 'live', source: { in: 'query', defaultSource: 'aws' }, audit: 'live-lookup' } },
      ...plainJson,
      schema: {
        tags: ['sources'],
        operationId: 'getPrincipalPolicies',
        summary: 'The policies in force for a principal, as fetched from AWS or the snapshots, with their provenance',
        description:
          "Reads the principal's identity policies (inline, managed, its groups'), its permissions boundary and the SCPs of its " +
          "account's path in the organization; with `resource`, also the resource's policy (key, bucket, queue, topic, function, " +
          'secret or trust policy) and the RCPs of its account. Every read is cached (Redis when configured). What could not be ' +
          'read is listed in `unavailable`; a principal that cannot be read at all is a problem: 404 when it does not exist, 502 ' +
          'when iamdx itself is denied (naming the IAM action it needs), 503 when AWS throttles.',
        params: PrincipalParams,
        querystring: PrincipalPoliciesQuery,
        response: {
          200: PrincipalPoliciesResponse,
          ...problemResponses(400, 404, 500, 502, 503),
        },
      },
    },
    async (req) => {
      const which = req.query.source ?? 'aws'
      const { resource, action, resourceAccount } = req.query
      const answer = await policiesInForce(app, req, which, { principal: req.params.arn, resource, action, resourceAccount }, PATHS)
      req.auditFacts = { ...req.auditFacts, policies: answer.provenance.length, unavailable: answer.unavailable.length }
      return { principal: req.params.arn, source: which, ...answer }
    },
  )

  app.post(
    '/v1/cache/invalidate',
    {
      config: { access: { scope: 'admin', audit: 'cache-invalidate' } },
      schema: {
        tags: ['sources'],
        operationId: 'invalidateCache',
        summary: 'Drop cached AWS reads: all, one account, one kind in an account, or one entry',
        description:
          'Keys are `v1:<account>:<kind>:<id>` (under CACHE_KEY_PREFIX). `{}` drops every cached read; `account` is a 12-digit id, ' +
          '`org` for the organization (its tree, attachments, SCPs and RCPs) or `aws` for AWS managed policies. Snapshots are not ' +
          'dropped. 503 when the cache cannot be reached: an invalidation never fails silently.',
        body: InvalidateBody,
        response: { 200: InvalidateResponse, ...problemResponses(400, 413, 415, 500, 503) },
      },
    },
    async (req) => {
      req.auditFacts = { account: req.body.account, kind: req.body.kind, id: req.body.id }
      const result = await app.sources.invalidate(req.body)
      if (result.ok) {
        req.auditFacts.deleted = result.deleted
        return { deleted: result.deleted }
      }
      if (result.code === 'invalid-request') throw ProblemError.badRequest(`${result.path}: ${result.message}`, [{ path: result.path, message: result.message }], 'invalid-request')
      throw new ProblemError({ status: 503, code: 'cache-unavailable', detail: result.message })
    },
  )

  app.put(
    '/v1/snapshots/organization',
    {
      config: { access: { scope: 'admin', audit: 'snapshot-change' } },
      schema: {
        tags: ['sources'],
        operationId: 'putOrganizationSnapshot',
        summary: "Store the organization's description for the snapshot source",
        description:
          'Root, OUs and accounts with their parents, the SCPs/RCPs attached to each and their documents. Stored in memory and in ' +
          'the shared cache, so every replica answers from it within seconds. Replaces the previous one.',
        body: OrganizationSnapshotBody,
        response: { 200: SnapshotPutResponse, ...problemResponses(400, 413, 415, 500) },
      },
    },
    async (req) => {
      req.auditFacts = { snapshot: 'organization' }
      return stored(req.auditFacts, await app.sources.snapshots.putOrganization(req.body))
    },
  )

  app.put(
    '/v1/snapshots/:account',
    {
      config: { access: { scope: 'admin', audit: 'snapshot-change' } },
      schema: {
        tags: ['sources'],
        operationId: 'putAccountSnapshot',
        summary: "Store one account's `aws iam get-account-authorization-details` output for the snapshot source",
        description:
          'Users, groups, roles and managed policies with their documents, plus (iamdx extension) ResourcePolicies. Stored in memory ' +
          'and in the shared cache, so every replica answers from it within seconds. Replaces the previous one for that account.',
        params: AccountParams,
        body: AccountSnapshotBody,
        response: { 200: SnapshotPutResponse, ...problemResponses(400, 413, 415, 500) },
      },
    },
    async (req) => {
      req.auditFacts = { snapshot: req.params.account }
      return stored(req.auditFacts, await app.sources.snapshots.putAccount(req.params.account, req.body))
    },
  )

  app.get(
    '/v1/snapshots',
    {
      config: { access: { scope: 'live' } },
      schema: {
        tags: ['sources'],
        operationId: 'listSnapshots',
        summary: 'The snapshots this replica answers from',
        response: { 200: SnapshotListResponse, ...problemResponses(500) },
      },
    },
    async () => ({ snapshots: await app.sources.snapshots.list() }),
  )
}

function stored(audit: AuditFacts, result: SnapshotPutResult) {
  if (result.ok) {
    audit.etag = result.summary.etag
    return { snapshot: result.summary }
  }
  const first = result.problems[0]
  const detail = result.problems.length === 1 ? `${first.path || '/'}: ${first.message}` : `${result.problems.length} problems, the first at ${first.path || '/'}: ${first.message}`
  throw ProblemError.badRequest(detail, result.problems, 'invalid-snapshot')
}

export default sources
