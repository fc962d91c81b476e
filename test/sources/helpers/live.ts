// Builds AWS sources on the fake AWS for the source tests: real SDK clients, fake credentials, a few attempts.
import { createAwsSource, type AwsSource, type AwsSourceOptions } from '../../../src/sources/aws/index.js'
import { createCache, type Cache } from '../../../src/sources/cache/index.js'
import { pollUntil, REDIS_URL } from './redis-server.js'
import type { SourceMetricEvent } from '../../../src/sources/ports.js'
import type { Fixture } from '../fake-aws/fixture-types.js'
import { FAKE_CREDENTIALS, startFakeAws, type FakeAws } from '../fake-aws/server.js'
import { fixture as orgFixture, MGMT, REGION } from '../fake-aws/org-fixture.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

export const ORG_ROLE_ARN = `arn:aws:iam::${MGMT}:role/iamdx-reader`

export function awsSourceOn(fake: FakeAws, cache: Cache, extra: Partial<AwsSourceOptions> = {}): AwsSource {
  return createAwsSource({
    cache,
    ttlSeconds: 300,
    region: REGION,
    endpoint: fake.endpoint,
    credentials: FAKE_CREDENTIALS,
    assumeRoleName: 'iamdx-reader',
    orgRoleArn: ORG_ROLE_ARN,
    forcePathStyle: true,
    maxAttempts: 2,
    requestTimeoutMs: 3000,
    callTimeoutMs: 8000,
    // Off by default here: these tests look at each read (the answer memo has its own test).
    answerTtlMs: 0,
    ...extra,
  })
}

/** A fake AWS serving `fixture`, an in-process cache and an AWS source on them, all closed at teardown. */
export async function liveSource(
  t: { teardown(fn: () => unknown): void },
  opts: { fixture?: Fixture; fake?: Parameters<typeof startFakeAws>[1]; source?: Partial<AwsSourceOptions> } = {},
): Promise<{ fake: FakeAws; cache: Cache; source: AwsSource }> {
  const fake = await startFakeAws(opts.fixture ?? orgFixture, opts.fake)
  t.teardown(() => fake.close())
  const cache = createCache({ ttlSeconds: 60 })
  t.teardown(() => cache.close())
  const source = awsSourceOn(fake, cache, opts.source)
  t.teardown(() => source.close())
  return { fake, cache, source }
}

export function metricLog(): { events: SourceMetricEvent[]; onMetric: (e: SourceMetricEvent) => void; awsCalls: () => number } {
  const events: SourceMetricEvent[] = []
  return { events, onMetric: (e) => events.push(e), awsCalls: () => events.filter((e) => e.type === 'awsCall').length }
}

/** A Redis-backed cache, once connected (on a loaded machine the first connection can take a while). */
export async function connectedCache(t: { teardown(fn: () => unknown): void }, prefix: string, url = REDIS_URL): Promise<Cache> {
  const cache = createCache({ redisUrl: url, ttlSeconds: 300, keyPrefix: prefix })
  t.teardown(() => cache.close())
  await pollUntil(async () => (await cache.health()).ok, 10_000)
  return cache
}
