// A small test-only route with a JSON body schema shaped like the v1 routes, to exercise validation,
// problem responses and generated clients without depending on a real v1 route.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { BODY_ERRORS, problemResponses } from '../../routes/schemas/problem.js'

export const JudgeBody = Type.Object(
  {
    request: Type.Object(
      {
        principal: Type.String(),
        action: Type.String(),
        context: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
      },
      { additionalProperties: false },
    ),
    detail: Type.Optional(Type.Union([Type.Literal('decision'), Type.Literal('summary'), Type.Literal('full')])),
    requests: Type.Optional(Type.Array(Type.Object({ action: Type.String() }), { maxItems: 3 })),
  },
  { additionalProperties: false },
)

export const judge: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/test/judge',
    {
      config: { access: { scope: 'evaluate' } },
      schema: {
        tags: ['operations'],
        operationId: 'postTestJudge',
        body: JudgeBody,
        response: {
          200: Type.Object({ action: Type.String() }, { additionalProperties: false }),
          ...problemResponses(...BODY_ERRORS),
        },
      },
    },
    async (request) => ({ action: request.body.request.action }),
  )
}
