// A fast, non-cryptographic 64-bit content hash: two independent 32-bit rotate-xor-multiply lanes over the UTF-16
// code units (two units per step), finished with an avalanche mix that also crosses the lanes. Not collision-resistant
// against an attacker: callers that must never confuse two documents also compare the text (see cache.ts).

function avalanche(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0')
}

/** 64-bit hash of a string, as 16 lower-case hex digits. */
export function hash64(text: string): string {
  const n = text.length
  let a = 0x2545f491 ^ n
  let b = 0x6c8e9cf5
  let i = 0
  for (; i + 1 < n; i += 2) {
    const word = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16)
    // The rotations keep a difference from staying parked in the top bit, where multiplication cannot spread it.
    a = Math.imul(((a << 5) | (a >>> 27)) ^ word, 0x9e3779b1)
    b = Math.imul(((b << 11) | (b >>> 21)) ^ word, 0x85ebca77)
  }
  if (i < n) {
    const unit = text.charCodeAt(i) | 0x10000
    a = Math.imul(((a << 5) | (a >>> 27)) ^ unit, 0x9e3779b1)
    b = Math.imul(((b << 11) | (b >>> 21)) ^ unit, 0x85ebca77)
  }
  a = avalanche(a)
  b = avalanche((b ^ a) >>> 0)
  a = avalanche((a + b) >>> 0)
  return hex8(a) + hex8(b)
}
