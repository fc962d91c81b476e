// The sources' settings from the environment: defaults, every variable, and a message naming each bad one.
import t from 'tap'
import { loadSourcesConfig, SOURCES_DEFAULTS } from '../../src/sources/index.js'

t.test('defaults', async (t) => {
  const r = loadSourcesConfig({}, 120)
  t.same(r, { ok: true, config: { ...SOURCES_DEFAULTS, cacheTtlSeconds: 120 } })
})

t.test('every variable', async (t) => {
  const r = loadSourcesConfig({
    IAMDX_AWS_SOURCE: 'off',
    AWS_REGION: 'eu-west-1',
    IAMDX_AWS_ENDPOINT: 'http://127.0.0.1:4566',
    IAMDX_AWS_FORCE_PATH_STYLE: 'true',
    IAMDX_ASSUME_ROLE_NAME: 'iamdx-reader',
    IAMDX_ORG_ROLE_ARN: 'arn:aws:iam::111111111111:role/iamdx-org-reader',
    IAMDX_SNAPSHOT_DIR: '/snapshots',
    IAMDX_NEGATIVE_TTL_SECONDS: '10',
    IAMDX_AWS_MAX_ATTEMPTS: '3',
    IAMDX_AWS_CALL_TIMEOUT_MS: '2500',
    IAMDX_AWS_CONCURRENCY: '4',
    IAMDX_SNAPSHOT_TTL_SECONDS: '3600',
    IAMDX_ANSWER_TTL_MS: '0',
  })
  t.same(r, {
    ok: true,
    config: {
      awsEnabled: false,
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4566',
      forcePathStyle: true,
      assumeRoleName: 'iamdx-reader',
      orgRoleArn: 'arn:aws:iam::111111111111:role/iamdx-org-reader',
      snapshotDir: '/snapshots',
      cacheTtlSeconds: 300,
      negativeTtlSeconds: 10,
      maxAttempts: 3,
      callTimeoutMs: 2500,
      concurrencyPerAccount: 4,
      snapshotTtlSeconds: 3600,
      answerTtlMs: 0,
    },
  })
  t.match(loadSourcesConfig({ AWS_DEFAULT_REGION: 'ap-south-1' }), { ok: true, config: { region: 'ap-south-1' } })
})

t.test('bad values are named', async (t) => {
  const r = loadSourcesConfig({
    IAMDX_AWS_SOURCE: 'maybe',
    AWS_REGION: 'mars',
    IAMDX_AWS_ENDPOINT: 'localhost:4566',
    IAMDX_ASSUME_ROLE_NAME: 'a/b',
    IAMDX_ORG_ROLE_ARN: 'role/x',
    IAMDX_AWS_MAX_ATTEMPTS: '0',
  })
  t.equal(r.ok, false)
  const errors = r.ok ? [] : r.errors
  for (const name of ['IAMDX_AWS_SOURCE', 'AWS_REGION', 'IAMDX_AWS_ENDPOINT', 'IAMDX_ASSUME_ROLE_NAME', 'IAMDX_ORG_ROLE_ARN', 'IAMDX_AWS_MAX_ATTEMPTS']) {
    t.ok(errors.some((e) => e.startsWith(name)), `${name} is named`)
  }
})
