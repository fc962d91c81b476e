// `{ ...a, ...b }` without V8's slow path: on Node 20, an object literal that starts with a spread and then adds
// properties the spread object lacks costs microseconds (measured: ~2 µs against ~0.2 µs for this loop), and a
// diagnosis builds hundreds of such objects.
export function merge<A extends object, B extends object>(a: A, b: B): A & B {
  const out = {} as Record<string, unknown>
  for (const k in a) out[k] = (a as Record<string, unknown>)[k]
  for (const k in b) out[k] = (b as Record<string, unknown>)[k]
  return out as A & B
}
