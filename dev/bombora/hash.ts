// Fast non-cryptographic hashing for the synthetic dataset. A full benchmark pull is a million
// rows, so every per-row value is a handful of integer mixes rather than a crypto digest.

/** FNV-1a over UTF-16 code units: the stable identity of a string (domain, name). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: spreads every input bit over the output. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hash2(a: number, b: number): number {
  return fmix32((a ^ fmix32((b + 0x9e3779b9) >>> 0)) >>> 0);
}

export function hash3(a: number, b: number, c: number): number {
  return hash2(hash2(a, b), c);
}

/** A hash as a number in [0, 1). */
export function unit(h: number): number {
  return h / 4294967296;
}
