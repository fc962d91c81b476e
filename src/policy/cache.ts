// parsePolicyCached: a policy seen before costs almost nothing to prepare.
//
// Two levels:
// 1. A WeakMap keyed by the input object itself: the same object is never serialized again (tens of ns).
// 2. A bounded LRU of documents keyed by their canonical text (JSON.stringify, key order as written), holding one
//    ParseResult per policy type. Texts up to `nativeKeyMaxChars` are the Map key themselves: V8 hashes and compares
//    them natively, so there is no hash to compute and no collision is possible. Longer texts (V8 hashes very long
//    strings by length only, which would let equal-length documents pile into one bucket) are keyed by hash64 of the
//    text, and a hit is confirmed by comparing the text: a collision, accidental or crafted, can never hand back
//    another document's result.
//
// The SAME ParseResult object is returned for the same content and policy type: callers must treat results as
// immutable, and must not mutate an input object after passing it (the WeakMap would keep answering for its first
// content).

import { decodePolicyObject, decodePolicyText, type Decoded } from './decode.js'
import { hash64 } from './hash.js'
import { internalErrorResult, parseDecoded, type ParseOptions } from './parse-policy.js'
import type { ParseResult } from './types.js'

export interface PolicyCacheOptions {
  /** Most documents kept (default 5,000). */
  maxEntries?: number
  /** Most canonical-text characters kept over all documents (default 16,000,000, about 32 MB). */
  maxChars?: number
  /** Canonical texts up to this length are their own key (default 16,000); longer ones are keyed by hash. */
  nativeKeyMaxChars?: number
  /** Hash of long canonical texts (default hash64); replaceable so tests can force collisions. */
  hash?: (canonical: string) => string
}

export interface PolicyCacheStats {
  /** Documents cached. */
  entries: number
  /** Canonical-text characters cached. */
  chars: number
  /** Answered from the document LRU. */
  hits: number
  /** Answered from the object-identity WeakMap. */
  objectHits: number
  /** Parsed. */
  misses: number
}

export interface PolicyCache {
  parse(input: unknown, opts?: ParseOptions): ParseResult
  stats(): PolicyCacheStats
  clear(): void
}

interface Entry {
  canonical: string
  /** Policy.hash of this document, computed on its first parse. */
  hash?: string
  /** One result per policy type ('' when none was given). */
  results: Map<string, ParseResult>
}

export function createPolicyCache(options: PolicyCacheOptions = {}): PolicyCache {
  const maxEntries = Math.max(1, options.maxEntries ?? 5000)
  const maxChars = Math.max(1, options.maxChars ?? 16_000_000)
  const nativeKeyMaxChars = options.nativeKeyMaxChars ?? 16_000
  const hashOf = options.hash ?? hash64
  let byObject = new WeakMap<object, Map<string, ParseResult>>()
  const lru = new Map<string, Entry>()
  let chars = 0
  let hits = 0
  let objectHits = 0
  let misses = 0

  function remember(input: unknown, typeKey: string, result: ParseResult): void {
    if (typeof input !== 'object' || input === null) return
    let perType = byObject.get(input)
    if (!perType) {
      perType = new Map()
      byObject.set(input, perType)
    }
    perType.set(typeKey, result)
  }

  function evict(): void {
    while (lru.size > maxEntries || (chars > maxChars && lru.size > 0)) {
      const oldest = lru.keys().next().value as string
      chars -= lru.get(oldest)!.canonical.length
      lru.delete(oldest)
    }
  }

  function parse(input: unknown, opts: ParseOptions = {}): ParseResult {
    try {
      const options = opts ?? {}
      const typeKey = String(options.policyType ?? '')
      const isObjectInput = typeof input === 'object' && input !== null
      if (isObjectInput) {
        const known = byObject.get(input)?.get(typeKey)
        if (known) {
          objectHits++
          return known
        }
      }
      let decoded: Decoded
      if (typeof input === 'string') decoded = decodePolicyText(input)
      else if (isObjectInput) decoded = decodePolicyObject(input)
      else {
        misses++
        return parseDecoded(input, '', options) // not an object: a finding, nothing worth caching
      }
      if (!decoded.ok) {
        misses++
        const result: ParseResult = { policy: null, findings: [decoded.finding] }
        remember(input, typeKey, result)
        return result
      }
      const canonical = decoded.canonical
      // A JSON text never starts with '#', so hash keys cannot meet text keys.
      const key = canonical.length <= nativeKeyMaxChars ? canonical : `#${hashOf(canonical)}`
      let entry = lru.get(key)
      if (entry && entry.canonical !== canonical) entry = undefined // hash collision: treat as a miss
      if (entry) {
        lru.delete(key)
        lru.set(key, entry)
        const known = entry.results.get(typeKey)
        if (known) {
          hits++
          remember(input, typeKey, known)
          return known
        }
      } else {
        const previous = lru.get(key)
        if (previous) {
          chars -= previous.canonical.length
          lru.delete(key)
        }
        entry = { canonical, results: new Map() }
        lru.set(key, entry)
        chars += canonical.length
      }
      misses++
      entry.hash ??= hash64(canonical)
      const result = parseDecoded(decoded.value(), canonical, options, entry.hash)
      entry.results.set(typeKey, result)
      evict()
      remember(input, typeKey, result)
      return result
    } catch (e) {
      return internalErrorResult(e)
    }
  }

  return {
    parse,
    stats: () => ({ entries: lru.size, chars, hits, objectHits, misses }),
    clear: () => {
      lru.clear()
      chars = 0
      byObject = new WeakMap()
      hits = objectHits = misses = 0
    },
  }
}

const shared = createPolicyCache()

/**
 * parsePolicy with the process-wide cache: the same content and policy type give the same ParseResult object
 * (treat it as immutable).
 */
export function parsePolicyCached(input: unknown, opts?: ParseOptions): ParseResult {
  return shared.parse(input, opts)
}

/** Counters of the process-wide cache (for metrics). */
export function policyCacheStats(): PolicyCacheStats {
  return shared.stats()
}
