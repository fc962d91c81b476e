import t from 'tap'
import { DEFAULTS, ENV_VARS, loadConfig } from '../../src/app/config.js'
import { DEFAULT_SOURCES_CONFIG, SOURCES_ENV_VARS } from '../../src/sources/index.js'

t.test('an empty environment gives the documented defaults', async (t) => {
  const r = loadConfig({})
  t.ok(r.ok)
  if (!r.ok) return
  t.same(r.config, {
    port: 8080,
    host: '127.0.0.1',
    cacheTtlSeconds: 300,
    cacheMaxEntries: 10_000,
    cacheKeyPrefix: 'iamdx:',
    logLevel: 'info',
    bodyLimitBytes: 10 * 1024 * 1024,
    sources: DEFAULT_SOURCES_CONFIG,
    access: { allowAnonymous: false, keysReloadMs: 2000, requestsPerMinute: 1200, awsCallsPerMinute: 600, maxBatch: 10_000 },
  })
  t.notOk('redisUrl' in r.config, 'no REDIS_URL → no redisUrl (in-memory cache)')
  t.equal(r.config.port, DEFAULTS.port)
})

t.test('every variable is read', async (t) => {
  const r = loadConfig({
    PORT: '9000',
    HOST: '0.0.0.0',
    REDIS_URL: 'redis://redis:6379/2',
    CACHE_TTL_SECONDS: '60',
    CACHE_MAX_ENTRIES: '500',
    CACHE_KEY_PREFIX: 'x:',
    LOG_LEVEL: 'DEBUG',
    BODY_LIMIT_BYTES: '2048',
    IAMDX_API_KEYS_FILE: '/etc/iamdx/keys.json',
    IAMDX_API_KEYS: '{"keys":[]}',
    IAMDX_ALLOW_ANONYMOUS: 'false',
    IAMDX_API_KEYS_RELOAD_MS: '500',
    IAMDX_RATE_LIMIT_PER_MINUTE: '100',
    IAMDX_AWS_CALLS_PER_MINUTE: '50',
    IAMDX_MAX_BATCH: '1000',
  })
  t.ok(r.ok)
  if (!r.ok) return
  t.same(r.config, {
    port: 9000,
    host: '0.0.0.0',
    redisUrl: 'redis://redis:6379/2',
    cacheTtlSeconds: 60,
    cacheMaxEntries: 500,
    cacheKeyPrefix: 'x:',
    logLevel: 'debug',
    bodyLimitBytes: 2048,
    sources: { ...DEFAULT_SOURCES_CONFIG, cacheTtlSeconds: 60 },
    access: {
      apiKeysFile: '/etc/iamdx/keys.json',
      apiKeysInline: '{"keys":[]}',
      allowAnonymous: false,
      keysReloadMs: 500,
      requestsPerMinute: 100,
      awsCallsPerMinute: 50,
      maxBatch: 1000,
    },
  })
  // The sources' variables are checked in test/sources/sources-config.test.ts, REDIS_CLUSTER_NODES in test/sources/app-integration.test.ts.
  t.equal(ENV_VARS.length, 8 + 1 + SOURCES_ENV_VARS.length + 7, 'ENV_VARS lists each variable read above')
})

t.test('empty values mean "not set"; rediss:// is accepted', async (t) => {
  const r = loadConfig({ PORT: '', REDIS_URL: '  ', LOG_LEVEL: '' })
  t.ok(r.ok)
  if (r.ok) {
    t.equal(r.config.port, 8080)
    t.equal(r.config.redisUrl, undefined)
    t.equal(r.config.logLevel, 'info')
  }
  const tls = loadConfig({ REDIS_URL: 'rediss://user:pw@cache.example.com:6380' })
  t.ok(tls.ok)
})

t.test('bad values are all reported, each by name with what was given', async (t) => {
  const r = loadConfig({
    PORT: '80a',
    REDIS_URL: 'localhost:6379',
    CACHE_TTL_SECONDS: '0',
    LOG_LEVEL: 'verbose',
    BODY_LIMIT_BYTES: '-5',
    CACHE_MAX_ENTRIES: '1.5',
  })
  t.notOk(r.ok)
  if (r.ok) return
  t.equal(r.errors.length, 6)
  t.match(r.errors[0], /^PORT must be an integer from 0 to 65535 \(got "80a"\)$/)
  t.match(r.errors.join('\n'), /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL .*\(got "localhost:6379"\)/)
  t.match(r.errors.join('\n'), /CACHE_TTL_SECONDS must be an integer from 1 /)
  t.match(r.errors.join('\n'), /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "verbose"\)/)
  t.match(r.errors.join('\n'), /BODY_LIMIT_BYTES must be an integer/)
  t.match(r.errors.join('\n'), /CACHE_MAX_ENTRIES must be an integer/)
})

t.test('out-of-range numbers are rejected', async (t) => {
  for (const env of [{ PORT: '65536' }, { PORT: '99999999999999999999' }, { BODY_LIMIT_BYTES: '10' }, { HOST: 'a b' }]) {
    const r = loadConfig(env)
    t.notOk(r.ok, JSON.stringify(env))
  }
})

t.test('a non-loopback address without keys is refused unless anonymous access is asked for', async (t) => {
  for (const host of ['0.0.0.0', '10.0.0.5', '::', 'iamdx.internal']) {
    const r = loadConfig({ HOST: host })
    t.notOk(r.ok, host)
    if (!r.ok) t.match(r.errors.join('\n'), /not a loopback address and no API keys are configured/)
    t.ok(loadConfig({ HOST: host, IAMDX_ALLOW_ANONYMOUS: 'true' }).ok, `${host} with IAMDX_ALLOW_ANONYMOUS=true`)
    t.ok(loadConfig({ HOST: host, IAMDX_API_KEYS_FILE: '/keys.json' }).ok, `${host} with a keys file`)
  }
  for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) t.ok(loadConfig({ HOST: host }).ok, `${host} is loopback`)
  t.match(loadConfig({ IAMDX_ALLOW_ANONYMOUS: 'yes' }), { ok: false, errors: [/IAMDX_ALLOW_ANONYMOUS must be true or false/] })
  t.match(loadConfig({ IAMDX_MAX_BATCH: '20000' }), { ok: false, errors: [/IAMDX_MAX_BATCH must be an integer from 1 to 10000/] })
})
