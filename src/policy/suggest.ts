// "Did you mean …?" suggestions for misspelt element and operator names.

const MAX_COMPARED_LENGTH = 64

/** Edit distance (insert, delete, substitute) between two short strings; gives up above `limit` (returns limit + 1). */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let previous = new Array<number>(b.length + 1)
  let current = new Array<number>(b.length + 1)
  for (let j = 0; j <= b.length; j++) previous[j] = j
  for (let i = 1; i <= a.length; i++) {
    current[0] = i
    let rowMin = current[0]
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      if (current[j] < rowMin) rowMin = current[j]
    }
    if (rowMin > limit) return limit + 1
    const swap = previous
    previous = current
    current = swap
  }
  return previous[b.length]
}

/**
 * The candidate `name` most likely stands for: an exact match ignoring case first, else the closest candidate within
 * `maxDistance` edits (fewer for short names; compared ignoring case). undefined when nothing is close.
 */
export function closestName(name: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  if (name.length === 0 || name.length > MAX_COMPARED_LENGTH) return undefined
  const lower = name.toLowerCase()
  // Short names tolerate fewer edits, so "Bogus" does not become "Bool".
  const limit = Math.min(maxDistance, Math.max(1, Math.floor(name.length / 5)))
  let best: string | undefined
  let bestDistance = limit + 1
  for (const candidate of candidates) {
    const candidateLower = candidate.toLowerCase()
    if (candidateLower === lower) return candidate
    const distance = editDistance(lower, candidateLower, limit)
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}
