// The service with the sources routes, for bench/live.ts, in its own process: buildApp from the environment plus
// app.sources from createPolicySources (the wiring the lead is asked to put in build-app.ts; once it is there,
// bench/live.ts can start src/server.js instead). AWS credentials come from the default chain (the environment).
import { buildApp } from '../src/app/build-app.js'
import { loadConfig } from '../src/app/config.js'
import { createPolicySources, loadSourcesConfig } from '../src/sources/index.js'
import sourcesRoutes from '../routes/sources.js'
import '../routes/sources-decoration.js'

const app0 = loadConfig(process.env)
if (!app0.ok) throw new Error(app0.errors.join('; '))
const sources0 = loadSourcesConfig(process.env, app0.config.cacheTtlSeconds)
if (!sources0.ok) throw new Error(sources0.errors.join('; '))
const sourcesConfig = sources0.config

const app = await buildApp(app0.config, {
  extraRoutes: [
    async (app) => {
      const calls = app.metrics.counter({ name: 'iamdx_aws_calls_total', help: 'AWS API calls by operation and outcome', labelNames: ['operation', 'outcome'] as const })
      const reads = app.metrics.counter({ name: 'iamdx_source_cache_total', help: 'Policy source reads by kind and result', labelNames: ['kind', 'result'] as const })
      const sources = await createPolicySources(sourcesConfig, app.cache, (e) => {
        if (e.type === 'awsCall') calls.inc({ operation: e.operation, outcome: e.outcome })
        else reads.inc({ kind: e.kind, result: e.type === 'cacheHit' ? 'hit' : e.type === 'cacheMiss' ? 'miss' : 'lockWait' })
      })
      app.decorate('sources', sources)
      app.addHook('onClose', () => sources.close())
      await app.register(sourcesRoutes)
    },
  ],
})
await app.listen({ port: app0.config.port, host: app0.config.host })
const stop = () => void app.close().then(() => process.exit(0))
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
