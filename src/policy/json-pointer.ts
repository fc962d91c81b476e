// JSON Pointer (RFC 6901) helpers for finding and condition paths.

/** Escapes one reference token: `~` becomes `~0`, `/` becomes `~1` (RFC 6901 §3). */
export function escapePointerToken(token: string): string {
  if (token.indexOf('~') === -1 && token.indexOf('/') === -1) return token
  return token.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** Appends one token (a key or an array index) to a pointer. */
export function childPointer(base: string, token: string | number): string {
  return `${base}/${typeof token === 'number' ? String(token) : escapePointerToken(token)}`
}
