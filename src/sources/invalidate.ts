// POST /v1/cache/invalidate's work: drop cached AWS reads by account, kind and id (keys `v1:<account>:<kind>:<id>`,
// see cached-fetch.ts). {} drops every read; {account} one account's (`org` for the organization, `aws` for AWS
// managed policies); {account, kind} one kind there; {account, kind, id} one entry. Snapshots are not cache entries
// of this kind and are never dropped here.

import { CacheUnavailableError, type Cache } from './cache/index.js'
import { cacheKey, KEY_VERSION } from './cached-fetch.js'
import type { InvalidateRequest, InvalidateResult } from './ports.js'

const SEGMENT = /^[^:\s]+$/

export async function invalidateCache(cache: Cache, req: InvalidateRequest): Promise<InvalidateResult> {
  const { account, kind, id } = req
  if (kind !== undefined && account === undefined) {
    return { ok: false, code: 'invalid-request', path: '/account', message: 'kind needs an account (a 12-digit id, `org` for the organization or `aws` for AWS managed policies)' }
  }
  if (id !== undefined && kind === undefined) return { ok: false, code: 'invalid-request', path: '/kind', message: 'id needs a kind (user, role, group, policy, scp, …)' }
  if (account !== undefined && !SEGMENT.test(account)) return { ok: false, code: 'invalid-request', path: '/account', message: 'account must not contain colons or spaces' }
  if (kind !== undefined && !SEGMENT.test(kind)) return { ok: false, code: 'invalid-request', path: '/kind', message: 'kind must not contain colons or spaces' }
  if (id !== undefined) {
    // An exact entry: a prefix would also drop longer ids (role app vs app-admin).
    const key = cacheKey(account as string, kind as string, id)
    const present = (await cache.get(key)) !== undefined
    await cache.delete(key)
    return { ok: true, deleted: present ? 1 : 0 }
  }
  const prefix = account === undefined ? `${KEY_VERSION}:` : kind === undefined ? `${KEY_VERSION}:${account}:` : `${KEY_VERSION}:${account}:${kind}:`
  try {
    return { ok: true, deleted: await cache.deletePrefix(prefix) }
  } catch (err) {
    // An invalidation that silently did nothing would keep serving stale policies: say so.
    if (err instanceof CacheUnavailableError) return { ok: false, code: 'cache-unavailable', message: err.message }
    throw err
  }
}
