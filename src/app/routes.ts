// The route plugins the app serves, in registration order, and the shared schemas they refer to by $id
// (registered with app.addSchema before the routes, so $refs resolve and OpenAPI lists each once under
// components/schemas). Adding a resource = a schema file in routes/schemas/, a plugin in routes/, a line here,
// its tag in ./openapi.ts, then `npm run openapi`.
import type { TSchema } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import health from '../../routes/health.js'
import metrics from '../../routes/metrics.js'
import evaluate from '../../routes/evaluate.js'
import { evaluateSharedSchemas } from '../../routes/schemas/evaluate.js'
import explain from '../../routes/explain.js'
import { explainSharedSchemas } from '../../routes/schemas/explain.js'
import ingest from '../../routes/ingest.js'
import { ingestSharedSchemas } from '../../routes/schemas/ingest.js'
import validate from '../../routes/validate.js'
import { validateSharedSchemas } from '../../routes/schemas/validate.js'
import sources from '../../routes/sources.js'

export const ROUTES: FastifyPluginAsync[] = [health, metrics, evaluate, explain, ingest, validate, sources]

/** Schemas with an $id that route schemas reference (the Problem schema is added by buildApp itself). */
export const SHARED_SCHEMAS: TSchema[] = [...evaluateSharedSchemas, ...explainSharedSchemas, ...ingestSharedSchemas, ...validateSharedSchemas]
