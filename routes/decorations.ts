// What a route may use from the app: the decorations the composition root (src/app) sets on every instance.
// Routes depend on these types, never on src/app itself (ARCHITECTURE.md, "Who may import whom").
import type { Counter, CounterConfiguration, Histogram, HistogramConfiguration, Registry } from 'prom-client'
import type { Cache } from '../src/sources/cache/ports.js'
import type { Catalog } from '../src/catalog/index.js'
// app.sources (PolicySources) is declared in ./sources-decoration.ts; every route sees it.
import './sources-decoration.js'

export interface AppMetrics {
  /** This app's registry (one per app instance; never prom-client's global one). */
  readonly registry: Registry
  /** Registers a counter in this app's registry, or returns the one already registered under that name. */
  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L>
  /** Registers a histogram in this app's registry, or returns the one already registered under that name. */
  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L>
  /** Prometheus text exposition of this app's metrics and the process metrics. */
  render(): Promise<{ contentType: string; body: string }>
}

/** AWS's service authorization reference, loaded once per process (a few seconds of CPU) and shared. */
export interface CatalogProvider {
  /** The catalog, loading it on first use. The server starts loading it right after it listens. */
  get(): Promise<Catalog>
  /** The catalog when it has loaded, else null (never waits). */
  loaded(): Catalog | null
}

export interface Clock {
  now(): Date
}

/** One dependency's state, as GET /readyz reports it. */
export interface DependencyHealth {
  ok: boolean
  detail: string
  backend?: string
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The policy cache: Redis when REDIS_URL is set, else the in-process LRU. */
    cache: Cache
    metrics: AppMetrics
    clock: Clock
    catalog: CatalogProvider
    /** Checks every dependency (bounded in time); GET /readyz reports it. */
    checkDependencies(): Promise<Record<string, DependencyHealth>>
  }
}

/** The API-key scopes (issue 7): evaluate = judge policies the caller sends; live = read the policies in force
 * (AWS or snapshots); admin = change what every caller sees (cache invalidation, snapshot uploads). */
export type AccessScope = 'evaluate' | 'live' | 'admin'

/**
 * Every route says who may call it (`config.access`); the app refuses to start with a route that does not.
 * `open`: no key needed (health, readiness, metrics, the OpenAPI document).
 */
export interface RouteAccess {
  scope: AccessScope | 'open'
  /**
   * Where the caller may name a policy source (`source: aws | snapshot`). Naming one makes the call a live look-up:
   * it needs the `live` scope (instead of `scope`), is audited, and with `aws` it spends the caller's AWS budget.
   * `defaultSource`: the source when none is named (GET /v1/principals/{arn}/policies reads AWS by default).
   */
  source?: { in: 'body' | 'query'; defaultSource?: 'aws' | 'snapshot' }
  /** The body array whose length is bounded by the caller's batch limit. */
  batch?: string
  /** Always audited, as this event (principal look-ups, snapshot uploads, cache invalidation). */
  audit?: AuditEvent
}

/** The audit log's events: a live look-up (policies read for a principal), a snapshot stored, the cache dropped. */
export type AuditEvent = 'live-lookup' | 'snapshot-change' | 'cache-invalidate'

/** What a route tells the audit log about a call (principal, resource, action, decision, …); never policy bodies. */
export type AuditFacts = Record<string, string | number | boolean | undefined>

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess
  }
  interface FastifyRequest {
    /** Set by live routes for the audit line the app writes when the call ends. */
    auditFacts: AuditFacts | null
  }
  interface FastifyInstance {
    /** Runs a policy look-up on behalf of the request's caller: the AWS calls it makes spend that caller's budget. */
    onBehalfOf<T>(req: FastifyRequest, work: () => Promise<T>): Promise<T>
  }
}
