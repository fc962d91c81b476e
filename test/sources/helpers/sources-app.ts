// An app with the sources routes, wired the way the composition root is asked to wire them (app.sources from
// createPolicySources on the app's cache, source metrics as Prometheus counters), on the fake AWS.
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { DEFAULTS, type AppConfig } from '../../../src/app/config.js'
import { loadSourcesConfig, type SourcesConfig } from '../../../src/sources/index.js'
import '../../../routes/sources-decoration.js'
import { testApp } from '../../app/test-app.js'
import { FAKE_CREDENTIALS, type FakeAws } from '../fake-aws/server.js'
import { ORG_ROLE_ARN } from './live.js'
import { pollUntil, REDIS_URL } from './redis-server.js'

export function sourcesConfigFor(fake: FakeAws | undefined, env: Record<string, string> = {}): SourcesConfig {
  const loaded = loadSourcesConfig({
    AWS_REGION: 'us-east-1',
    IAMDX_ASSUME_ROLE_NAME: 'iamdx-reader',
    IAMDX_ORG_ROLE_ARN: ORG_ROLE_ARN,
    IAMDX_AWS_FORCE_PATH_STYLE: 'true',
    IAMDX_AWS_MAX_ATTEMPTS: '1',
    IAMDX_AWS_CALL_TIMEOUT_MS: '5000',
    ...(fake !== undefined ? { IAMDX_AWS_ENDPOINT: fake.endpoint } : {}),
    ...env,
  })
  if (!loaded.ok) throw new Error(loaded.errors.join('; '))
  return loaded.config
}

export async function sourcesApp(t: Test, fake: FakeAws | undefined, opts: { app?: Partial<AppConfig>; env?: Record<string, string> } = {}): Promise<FastifyInstance> {
  const config = sourcesConfigFor(fake, opts.env)
  // Wired by the composition root itself (config.sources → app.sources), with the fake's credentials.
  const app = await testApp(t, { cacheTtlSeconds: DEFAULTS.cacheTtlSeconds, ...opts.app, sources: config }, { sourcesOptions: { credentials: FAKE_CREDENTIALS } })
  // On a loaded machine the first Redis connection can take a while; these tests are about caching, not start-up
  // (a request before Redis is ready is answered from AWS with a CACHE_UNAVAILABLE warning).
  if (opts.app?.redisUrl === REDIS_URL) await pollUntil(async () => (await app.cache.health()).ok, 10_000)
  return app
}
