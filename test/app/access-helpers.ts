// Keys for the access-control tests: one key per scope set, as a keys document for IAMDX_API_KEYS.
import { ACCESS_DEFAULTS, type AccessConfig } from '../../src/app/access/config.js'
import { hashKey } from '../../src/app/access/keys.js'

export const KEYS = {
  evaluate: 'test-key-evaluate-0001',
  live: 'test-key-live-0002',
  admin: 'test-key-admin-0003',
  evaluateLive: 'test-key-evaluate-live-0004',
  evaluateAdmin: 'test-key-evaluate-admin-0005',
  liveAdmin: 'test-key-live-admin-0006',
} as const

const SCOPES: Record<keyof typeof KEYS, string[]> = {
  evaluate: ['evaluate'],
  live: ['live'],
  admin: ['admin'],
  evaluateLive: ['evaluate', 'live'],
  evaluateAdmin: ['evaluate', 'admin'],
  liveAdmin: ['live', 'admin'],
}

/** The access config with these keys (plus any extra entries), everything else at its default. */
export function accessWith(extra: object[] = [], overrides: Partial<AccessConfig> = {}): AccessConfig {
  const keys = (Object.keys(KEYS) as Array<keyof typeof KEYS>).map((name) => ({ caller: name, sha256: hashKey(KEYS[name]), scopes: SCOPES[name] }))
  return { ...ACCESS_DEFAULTS, keysReloadMs: 0, ...overrides, apiKeysInline: JSON.stringify({ keys: [...keys, ...extra] }) }
}

/** A key that has every scope but `scope`. */
export function keyWithout(scope: 'evaluate' | 'live' | 'admin'): string {
  return { evaluate: KEYS.liveAdmin, live: KEYS.evaluateAdmin, admin: KEYS.evaluateLive }[scope]
}

/** A key that has `scope` (and only it). */
export function keyWith(scope: 'evaluate' | 'live' | 'admin'): string {
  return KEYS[scope]
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` })
