// The one error the cache throws on purpose: an operation that must not fail silently could not reach the backend.

export class CacheUnavailableError extends Error {
  readonly backend: 'redis' | 'memory'
  readonly op: string

  constructor(backend: 'redis' | 'memory', op: string, cause: unknown) {
    super(`cache ${op} failed: ${backend} unavailable (${describeError(cause)})`, { cause })
    this.name = 'CacheUnavailableError'
    this.backend = backend
    this.op = op
  }
}

/** A short, single-line description of an error for people (health details, messages). */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const msg = err.message.trim()
    if (msg !== '') return msg
    const code = (err as { code?: unknown }).code
    return typeof code === 'string' ? code : err.name
  }
  return String(err)
}
