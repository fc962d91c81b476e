// Shared by the app/http/openapi tests: a config with test defaults and an app that is closed at teardown.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { Writable } from 'node:stream'
import { buildApp, type AppDeps } from '../../src/app/build-app.js'
import { DEFAULTS, type AppConfig } from '../../src/app/config.js'

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    ...DEFAULTS,
    port: 0,
    logLevel: 'silent',
    cacheKeyPrefix: `iamdx-test-${process.pid}-${Math.random().toString(36).slice(2)}:`,
    ...overrides,
  }
}

interface Teardown {
  teardown(fn: () => unknown): void
}

export async function testApp(
  t: Teardown,
  overrides: Partial<AppConfig> = {},
  deps: AppDeps = {},
): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(overrides), deps)
  t.teardown(() => app.close())
  return app
}

/** A log destination that keeps every JSON line it is given. */
export function logCollector(): { stream: Writable; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk))
      callback()
    },
  })
  const text = () => chunks.join('')
  const lines = () =>
    text()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  return { stream, lines, text }
}

export type Plugin = FastifyPluginAsync
