// The decoration the sources routes use: app.sources, built by src/sources' createPolicySources and decorated by
// the composition root (routes see only the type, ARCHITECTURE.md).
import type { PolicySources } from '../src/sources/ports.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Where policies in force come from: the AWS source (absent when turned off), snapshots, cache invalidation. */
    sources: PolicySources
  }
}

export type { PolicySources }
