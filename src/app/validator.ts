// Schema validation. JSON bodies are validated strictly: a number is not a string, an object is not an array,
// and a property the schema forbids (additionalProperties: false) is reported, not silently dropped.
// Query strings, path parameters and headers arrive as text, so only they are coerced ("10" → 10).
import { AjvCompiler } from '@fastify/ajv-compiler'
import type { FastifyServerOptions } from 'fastify'

const BODY_OPTIONS = { coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: false } as const
const TEXT_OPTIONS = { coerceTypes: 'array', removeAdditional: false, useDefaults: true, allErrors: false } as const

export const schemaController: FastifyServerOptions['schemaController'] = {
  compilersFactory: {
    buildValidator: (externalSchemas) => {
      const schemas = externalSchemas as Parameters<ReturnType<typeof AjvCompiler>>[0]
      const body = AjvCompiler()(schemas, { customOptions: { ...BODY_OPTIONS } })
      const text = AjvCompiler()(schemas, { customOptions: { ...TEXT_OPTIONS } })
      return (route) => (route.httpPart === 'body' ? body(route) : text(route))
    },
  },
}
