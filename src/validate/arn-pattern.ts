// Can a Resource pattern (`arn:aws:s3:::my-bucket/*`, with `*`, `?` and policy variables) name a resource of a
// given ARN format (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)? And how well does it fit?
//
// Both sides are patterns, so the question is whether their languages intersect. The answer is found by a
// shortest-path search over pairs of positions (one in each pattern), which never builds a regular
// expression from user input. The cost of a path counts the `/` and `:` characters that the format's
// resource placeholders had to swallow: the catalog's measure of fit (src/catalog/arn-format.ts), under
// which `arn:aws:s3:::b/*` fits `object` at cost 0 but `bucket` only at cost 1 (`${BucketName}` = "b/x").
// A swallowed ':' costs COLON_COST: ARN parts are colon-delimited, so a fit that needs one is no real fit.
//
// Resource matching (R4.4.2–R4.4.4, RESOURCE): `*` is any run of characters, across `/` and `:` too; `?` is
// one character. A policy variable stands for an unknown value, so it is read as `*` here (R6.2, VARS);
// the escapes `${*}`, `${?}` and `${$}` are the literal characters.

const STAR = -2
const ONE = -1
/** Region and account placeholders: any run without ':' (empty too: some ARNs leave them out). */
const FIELD_OPTIONAL = -3
/** Partition placeholder: a non-empty run without ':'. */
const FIELD = -4
/** Resource-part placeholder: a non-empty run of anything; each '/' or ':' it takes costs 1. */
const RESOURCE = -5

const COLON = 58
const SLASH = 47

/** Cost of a '/' swallowed by a placeholder, and of a ':' (see above). */
export const SLASH_COST = 1
export const COLON_COST = 64

/** Pattern tokens: character codes, ONE or STAR. */
export function patternTokens(pattern: string): Int32Array {
  const out: number[] = []
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i)
    if (c === 36 /* $ */ && pattern.charCodeAt(i + 1) === 123 /* { */) {
      const close = pattern.indexOf('}', i + 2)
      if (close > 0) {
        const body = pattern.slice(i + 2, close)
        if (body === '*' || body === '?' || body === '$') out.push(body.charCodeAt(0))
        else if (out[out.length - 1] !== STAR) out.push(STAR)
        i = close
        continue
      }
    }
    if (c === 42 /* * */) {
      if (out[out.length - 1] !== STAR) out.push(STAR)
    } else if (c === 63 /* ? */) out.push(ONE)
    else out.push(c)
  }
  return Int32Array.from(out)
}

const PLACEHOLDER = /\$\{[^}]*\}|<[^>]*>/g

/** The reference sometimes lists two formats for one resource type, joined by ", ". */
export function formatAlternatives(format: string): string[] {
  return format.split(/,\s*(?=arn:)/).map((f) => f.trim())
}

/** Format tokens: character codes and placeholders by position; null when the format is not an ARN. */
export function formatTokens(format: string): Int32Array | null {
  if (!format.startsWith('arn:')) return null
  const out: number[] = []
  let field = 0 // 0 "arn", 1 partition, 2 service, 3 region, 4 account, 5 resource
  let i = 0
  while (i < format.length) {
    const c = format.charCodeAt(i)
    if ((c === 36 && format.charCodeAt(i + 1) === 123) || c === 60 /* < */) {
      PLACEHOLDER.lastIndex = i
      const m = PLACEHOLDER.exec(format)
      if (m && m.index === i) {
        out.push(field >= 5 ? RESOURCE : field === 3 || field === 4 ? FIELD_OPTIONAL : FIELD)
        i += m[0].length
        continue
      }
    }
    if (c === COLON && field < 5) field++
    out.push(c)
    i++
  }
  return Int32Array.from(out)
}

/**
 * The least number of separators the format's resource placeholders must swallow for some ARN to match both
 * the pattern and the format; -1 when no ARN matches both.
 */
export function intersectionCost(pattern: Int32Array, format: Int32Array): number {
  const n = pattern.length
  const m = format.length
  // State: (i, j, s): i pattern tokens and j format tokens consumed; s = 1 when the placeholder at j has
  // taken at least one character.
  const width = m + 1
  const dist = new Int32Array((n + 1) * width * 2).fill(0x7fffffff)
  // Dijkstra with a bucket queue: costs are small integers (0, SLASH_COST, COLON_COST per step).
  const buckets: number[][] = [[0]]
  dist[0] = 0
  const at = (ii: number, jj: number, ss: number) => ((ii * width + jj) << 1) | ss
  let cost = 0
  const relax = (state: number, step: number) => {
    const nd = cost + step
    if (nd >= dist[state]) return
    dist[state] = nd
    ;(buckets[nd] ??= []).push(state)
  }
  for (; cost < buckets.length; cost++) {
    const bucket = buckets[cost]
    if (!bucket) continue
    while (bucket.length > 0) {
      const state = bucket.pop()!
      if (dist[state] !== cost) continue
      const s = state & 1
      const ij = state >> 1
      const i = Math.floor(ij / width)
      const j = ij - i * width
      if (i === n && j === m) return cost
      const p = i < n ? pattern[i] : undefined
      const f = j < m ? format[j] : undefined
      // Moves that consume nothing.
      if (p === STAR) relax(at(i + 1, j, s), 0)
      if (f !== undefined && f < 0 && (s === 1 || f === FIELD_OPTIONAL)) relax(at(i, j + 1, 0), 0)
      if (p === undefined || f === undefined) continue
      // Moves that consume one character on both sides.
      if (f >= 0) {
        if (p >= 0) {
          if (p === f) relax(at(i + 1, j + 1, 0), 0)
        } else {
          relax(at(p === ONE ? i + 1 : i, j + 1, 0), 0)
        }
      } else {
        const fieldOnly = f !== RESOURCE
        if (p >= 0) {
          if (!(fieldOnly && p === COLON)) relax(at(i + 1, j, 1), fieldOnly ? 0 : p === COLON ? COLON_COST : p === SLASH ? SLASH_COST : 0)
        } else if (p === ONE) {
          relax(at(i + 1, j, 1), 0)
        } else if (s === 0) {
          // `*` against a placeholder: one ordinary character on both sides starts the placeholder.
          relax(at(i, j, 1), 0)
        }
      }
    }
  }
  return -1
}

/** The ARN service field of a pattern (`s3` in `arn:aws:s3:::b`), or undefined when it has none. */
export function serviceField(pattern: string): string | undefined {
  if (!pattern.startsWith('arn:')) return undefined
  const first = pattern.indexOf(':', 4)
  if (first < 0) return undefined
  const second = pattern.indexOf(':', first + 1)
  return second < 0 ? undefined : pattern.slice(first + 1, second)
}

/** One ARN the pattern names: each wildcard and variable replaced by "x" (for the catalog's lookups). */
export function witness(pattern: string): string {
  return pattern.replace(/\$\{([^}]*)\}/g, (_, body: string) => (body === '*' || body === '?' || body === '$' ? body : 'x')).replace(/[*?]/g, 'x')
}

/** True when the pattern holds a wildcard or a policy variable (it names many ARNs). */
export function isPattern(pattern: string): boolean {
  return /[*?]/.test(pattern) || pattern.includes('${')
}
