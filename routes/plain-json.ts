// Route option for the large responses (evaluate, explain, a principal's policies): serialize with JSON.stringify
// instead of the schema-compiled serializer. fast-json-stringify decides every anyOf/union in these schemas (decisions,
// context values, policy documents) by running a validator per value at serialization time, which cost more than the
// evaluation itself (measured: 946 → 632 µs per warm live explain). The objects are built to the wire types at compile
// time (TypeBox Static), and test/http checks the bodies against the response schemas, so nothing extra leaks out.
export const plainJson = {
  serializerCompiler: () => (data: unknown) => JSON.stringify(data),
} as const
