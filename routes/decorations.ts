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
