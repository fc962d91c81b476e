// Where snapshots live: in this process's memory, and in the cache (Redis) so that every replica answers from a
// snapshot uploaded to any one of them.
//
// Shared layout (outside the `v1:` namespace of cached AWS reads, so cache invalidation never drops a snapshot):
//   snapshots:v1:account:<id>        { body, storedAt, etag }     the validated upload, as sent
//   snapshots:v1:meta:account:<id>   { storedAt, etag }           small, read to notice a newer upload
//   snapshots:v1:organization / snapshots:v1:meta:organization
// A replica re-reads the small meta entry at most every refreshMs (default 2 s) per snapshot and reloads the body
// when the etag changed: an upload to one replica is seen by the others within that time. Entries live
// ttlSeconds in the cache (default 30 days); the memory copy lives as long as the process.

import { createHash } from 'node:crypto'
import type { Cache } from '../cache/index.js'
import type { SnapshotProblem, SnapshotPutResult, SnapshotStore, SnapshotSummary } from '../ports.js'
import { parseAccountDetails, type AccountSnapshot } from './account-details.js'
import { parseOrganization, type OrganizationSnapshot } from './organization.js'

export const ORGANIZATION_ID = 'organization'
const PREFIX = 'snapshots:v1:'

interface Entry<T> {
  snapshot: T
  summary: SnapshotSummary
  checkedAt: number
}

interface Shared {
  body: unknown
  storedAt: string
  etag: string
}

export interface SnapshotRegistryOptions {
  cache?: Cache
  /** How long snapshots stay in the shared cache. Default 30 days. */
  ttlSeconds?: number
  /** How often a replica checks the shared cache for a newer upload of a snapshot it holds. Default 2,000 ms. */
  refreshMs?: number
  now?: () => number
}

type Parsed<T> = { ok: true; snapshot: T; counts: Record<string, number> } | { ok: false; problems: SnapshotProblem[] }

export class SnapshotRegistry implements SnapshotStore {
  readonly #cache: Cache | undefined
  readonly #ttl: number
  readonly #refreshMs: number
  readonly #now: () => number
  readonly #accounts = new Map<string, Entry<AccountSnapshot>>()
  #organization: Entry<OrganizationSnapshot> | undefined
  /** Ids looked up and found in neither memory nor the cache, with when (avoids a cache read per request). */
  readonly #absent = new Map<string, number>()

  constructor(opts: SnapshotRegistryOptions = {}) {
    this.#cache = opts.cache
    this.#ttl = opts.ttlSeconds ?? 30 * 24 * 3600
    this.#refreshMs = opts.refreshMs ?? 2000
    this.#now = opts.now ?? Date.now
  }

  putAccount(accountId: string, details: unknown): Promise<SnapshotPutResult> {
    return this.#put(accountId, details, (body) => parseAccountDetails(accountId, body), (entry) => this.#accounts.set(accountId, entry))
  }

  putOrganization(organization: unknown): Promise<SnapshotPutResult> {
    return this.#put(ORGANIZATION_ID, organization, parseOrganization, (entry) => {
      this.#organization = entry
    })
  }

  async list(): Promise<SnapshotSummary[]> {
    const out: SnapshotSummary[] = []
    for (const id of [...this.#accounts.keys()].sort()) {
      const a = await this.account(id)
      if (a !== undefined) out.push(this.#accounts.get(id)!.summary)
    }
    if ((await this.organization()) !== undefined && this.#organization !== undefined) out.push(this.#organization.summary)
    return out
  }

  /** The snapshot of an account, refreshed from the shared cache when another replica stored a newer one. */
  async account(accountId: string): Promise<{ snapshot: AccountSnapshot; storedAt: string } | undefined> {
    const entry = await this.#current(accountId, this.#accounts.get(accountId), (body) => parseAccountDetails(accountId, body), (e) => this.#accounts.set(accountId, e))
    return entry === undefined ? undefined : { snapshot: entry.snapshot, storedAt: entry.summary.storedAt }
  }

  async organization(): Promise<{ snapshot: OrganizationSnapshot; storedAt: string } | undefined> {
    const entry = await this.#current(ORGANIZATION_ID, this.#organization, parseOrganization, (e) => {
      this.#organization = e
    })
    return entry === undefined ? undefined : { snapshot: entry.snapshot, storedAt: entry.summary.storedAt }
  }

  async #put<T>(id: string, body: unknown, parse: (body: unknown) => Parsed<T>, keep: (entry: Entry<T>) => void): Promise<SnapshotPutResult> {
    const parsed = parse(body)
    if (!parsed.ok) return { ok: false, problems: parsed.problems }
    const storedAt = new Date(this.#now()).toISOString()
    const etag = etagOf(body)
    let shared = false
    if (this.#cache !== undefined) {
      const key = keyOf(id)
      await this.#cache.set<Shared>(key, { body, storedAt, etag }, this.#ttl)
      await this.#cache.set(metaKeyOf(id), { storedAt, etag }, this.#ttl)
      shared = (await this.#cache.get<{ etag: string }>(metaKeyOf(id)))?.etag === etag
    }
    const summary: SnapshotSummary = { id, storedAt, etag, counts: parsed.counts, shared }
    keep({ snapshot: parsed.snapshot, summary, checkedAt: this.#now() })
    this.#absent.delete(id)
    return { ok: true, summary }
  }

  async #current<T>(id: string, entry: Entry<T> | undefined, parse: (body: unknown) => Parsed<T>, keep: (entry: Entry<T>) => void): Promise<Entry<T> | undefined> {
    const cache = this.#cache
    const now = this.#now()
    if (cache === undefined) return entry
    if (entry !== undefined && now - entry.checkedAt < this.#refreshMs) return entry
    if (entry === undefined) {
      const missedAt = this.#absent.get(id)
      if (missedAt !== undefined && now - missedAt < this.#refreshMs) return undefined
    }
    const meta = await cache.get<{ etag: string }>(metaKeyOf(id))
    if (meta === undefined || meta.etag === entry?.summary.etag) {
      // Nothing newer shared (or the cache is down): keep what this process has.
      if (entry !== undefined) entry.checkedAt = now
      else this.#absent.set(id, now)
      return entry
    }
    const shared = await cache.get<Shared>(keyOf(id))
    if (shared === undefined) return entry
    const parsed = parse(shared.body)
    if (!parsed.ok) return entry
    const fresh: Entry<T> = { snapshot: parsed.snapshot, summary: { id, storedAt: shared.storedAt, etag: shared.etag, counts: parsed.counts, shared: true }, checkedAt: now }
    keep(fresh)
    this.#absent.delete(id)
    return fresh
  }
}

function keyOf(id: string): string {
  return id === ORGANIZATION_ID ? `${PREFIX}organization` : `${PREFIX}account:${id}`
}

function metaKeyOf(id: string): string {
  return id === ORGANIZATION_ID ? `${PREFIX}meta:organization` : `${PREFIX}meta:account:${id}`
}

function etagOf(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16)
}
