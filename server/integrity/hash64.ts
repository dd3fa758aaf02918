/**
 * 64-bit values as two unsigned 32-bit halves (plain numbers, no BigInt on the hot path): a string hash,
 * population count, Hamming distance, and the conversions to what PostgreSQL stores (signed `bigint`
 * text and signed `smallint` bands).
 */

/** A 64-bit value: `hi` holds bits 63..32, `lo` bits 31..0, both unsigned 32-bit integers. */
export interface U64 {
  readonly hi: number;
  readonly lo: number;
}

/** Murmur3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A well-mixed 64-bit hash of the first `length` 16-bit codes (two multiplicative lanes, cross-mixed). */
export function hashCodes(codes: ArrayLike<number>, length: number): U64 {
  let a = 0x9e3779b9;
  let b = 0x7f4a7c15 ^ length;
  for (let i = 0; i < length; i += 1) {
    const c = codes[i]!;
    a = Math.imul(a ^ c, 0x5bd1e995);
    a ^= a >>> 15;
    b = Math.imul(b ^ c, 0x27d4eb2d);
    b ^= b >>> 13;
  }
  return mix64(a, b);
}

/** `hashCodes` of a string's UTF-16 code units. */
export function hash64(text: string): U64 {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i += 1) codes[i] = text.charCodeAt(i);
  return hashCodes(codes, text.length);
}

/** Two 32-bit lanes mixed into a well-distributed 64-bit value. */
export function mix64(a: number, b: number): U64 {
  const hi = fmix32(a ^ Math.imul(b, 0x9e3779b1));
  return { hi, lo: fmix32(b ^ hi) };
}

/** Number of set bits in a 32-bit integer. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Number of bit positions in which `a` and `b` differ (0..64). */
export function hamming(a: U64, b: U64): number {
  return popcount32((a.hi ^ b.hi) >>> 0) + popcount32((a.lo ^ b.lo) >>> 0);
}

/** The value as PostgreSQL `bigint` text: the same 64 bits read as a signed (two's complement) integer. */
export function toSignedBigint(value: U64): string {
  return BigInt.asIntN(64, (BigInt(value.hi) << 32n) | BigInt(value.lo)).toString();
}

/** Parses `bigint` text (signed, as PostgreSQL returns it) back into 64 bits. */
export function fromSignedBigint(text: string): U64 {
  const bits = BigInt.asUintN(64, BigInt(text));
  return { hi: Number(bits >> 32n), lo: Number(bits & 0xffffffffn) };
}

/** Band `i` (0 = the top 16 bits) of four 16-bit bands, as a signed `smallint`. */
export function band16(value: U64, i: 0 | 1 | 2 | 3): number {
  const half = i < 2 ? value.hi : value.lo;
  const bits = i % 2 === 0 ? half >>> 16 : half & 0xffff;
  return bits >= 0x8000 ? bits - 0x10000 : bits;
}

/** `band` (a signed 16-bit value) and every value that differs from it in at most `radius` bits (0..2). */
export function neighbours16(band: number, radius: number): number[] {
  const toSigned = (bits: number): number => (bits >= 0x8000 ? bits - 0x10000 : bits);
  const bits = band & 0xffff;
  const out = [band];
  for (let i = 0; i < 16 && radius >= 1; i += 1) {
    out.push(toSigned(bits ^ (1 << i)));
    for (let j = i + 1; j < 16 && radius >= 2; j += 1) out.push(toSigned(bits ^ (1 << i) ^ (1 << j)));
  }
  return out;
}
