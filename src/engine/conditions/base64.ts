// Strict standard base64 (RFC 4648 §4 alphabet) decoding to a byte string (one char per byte), for
// BinaryEquals. Padding is optional; whitespace and the URL-safe alphabet are not accepted.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const TABLE = new Int8Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) TABLE[ALPHABET.charCodeAt(i)] = i

/** The decoded bytes as a string of char codes 0-255, or null when `s` is not base64. */
export function decodeBase64(s: string): string | null {
  let end = s.length
  while (end > 0 && s.charCodeAt(end - 1) === 61 /* = */) end--
  const pad = s.length - end
  if (pad > 2 || (pad > 0 && s.length % 4 !== 0) || end % 4 === 1) return null
  let out = ''
  let buf = 0
  let bits = 0
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i)
    const v = c < 128 ? TABLE[c] : -1
    if (v < 0) return null
    buf = (buf << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out += String.fromCharCode((buf >> bits) & 0xff)
      buf &= (1 << bits) - 1
    }
  }
  return out
}
