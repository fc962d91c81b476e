// POST /v1/validate (API.md): a policy document judged for its kind, with IAM Access Analyzer's severities.
// A malformed document is a 200 with error findings (judging it is the job); only a body of the wrong shape
// (no policyType, an unknown one) is a 400. src/validate does the judging; this file only wires it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import './decorations.js'
import { validateDocument } from '../src/validate/index.js'
import { problemResponses } from './schemas/problem.js'
import { ValidateBodySchema, ValidateResponseSchema } from './schemas/validate.js'

const RefTo = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T>>(Type.Ref(schema.$id!))

/** An example body for the OpenAPI document (and the README's curl example): the bucket/object mistake. */
export const validateExample = {
  policyType: 'identity',
  document: {
    Version: '2012-10-17',
    Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBuckets'], Resource: 'arn:aws:s3:::my-bucket' }],
  },
}

const validate: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/validate',
    {
      config: { access: { scope: 'evaluate' } },
      schema: {
        tags: ['validate'],
        operationId: 'validatePolicy',
        summary: 'Findings for a policy document: grammar, unknown actions and keys, resources no action acts on, risky grants, size quotas',
        description:
          'Judges one policy document for its kind (policyType) the way IAM and IAM Access Analyzer do: grammar errors and elements the kind ' +
          'does not allow; actions, condition keys and resource ARNs checked against the service authorization reference (unknown services, ' +
          'actions and keys with the nearest real ones, operators that do not suit a key\'s type, values an operator cannot read, resources that ' +
          'none of the statement\'s actions acts on, such as a bucket ARN for s3:GetObject); overly permissive statements (Allow with NotAction or ' +
          'NotResource, iam:PassRole on every role, Action "*", Principal "*" without a limiting condition, ForAllValues without a Null check); and ' +
          'the size quota of the kind, counted as AWS counts it. Each finding has a severity, a stable code, a message and a JSON Pointer into the ' +
          'document. A document that cannot be read is still a 200, with error findings.',
        body: { ...ValidateBodySchema, examples: [validateExample] },
        response: { 200: RefTo(ValidateResponseSchema), ...problemResponses(400, 413, 415, 500) },
      },
    },
    async (req) => {
      const catalog = await app.catalog.get()
      const { findings, size } = validateDocument(req.body.document, req.body.policyType, catalog)
      return { findings, size, catalogVersion: catalog.dataVersion }
    },
  )
}

export default validate
