/**
 * Near-duplicate fingerprints: a 64-bit SimHash (Charikar; Manku et al., WWW 2007) of a text's word
 * shingles, and an exact key for texts too short for one.
 *
 * Features, chosen by measuring a generated corpus of topic-alike honest posts against reposts with
 * spammer edits (tests/integrity/duplicate-quality.test.ts, bench/integrity.ts):
 * - Shingles of 3 consecutive tokens. Single words make topic-alike posts look alike (honest pairs
 *   came within 8 bits of each other among 180,000); shingles of 3 keep them 12 or more bits apart
 *   there, and shingles of 4 lose recall (a typo changes four of them).
 * - A shingle is the set of its tokens' spelling keys (order within the shingle ignored; see
 *   `spellingHash`): swapped neighbouring words and one-keystroke typos then change fewer shingles.
 * - Weight 1 per occurrence: a repeated shingle counts as often as it appears. Damping repeats (log)
 *   or down-weighting stop words both brought honest pairs closer without helping recall.
 *
 * A 64-bit SimHash of unrelated texts still lands within a few bits by chance, rarely: among 4.5
 * million honest pairs, one was 9 bits apart and none closer. Hence a tight distance for the site
 * scope, where each new item meets the whole site's window.
 */
import type { DuplicateConfig } from './config.js';
import { hamming, hash64, mix64, type U64 } from './hash64.js';
import { normalizedTokens, spellingHash } from './normalize.js';

/** A text's fingerprint. */
export interface Fingerprint {
  /** Number of normalised tokens. */
  readonly tokenCount: number;
  /** Hash of the bag of the text's spelling keys: equal for texts with the same words in any order. */
  readonly exact: U64;
  /** The SimHash; null when the text has fewer than `minTokens` tokens. */
  readonly simhash: U64 | null;
}

const SHINGLE = 3;

/** Order-independent hash of a shingle of three tokens (see `bagHash`). */
function shingleHash(a: U64, b: U64, c: U64): U64 {
  return mix64((3 + a.hi + b.hi + c.hi) >>> 0, (a.lo + b.lo + c.lo) >>> 0);
}

/** SimHash of the shingles: bit i is set when the shingles with bit i set outnumber the others. */
function simhashOf(hashes: readonly U64[]): U64 {
  const counts = new Int32Array(64);
  for (let i = 0; i + SHINGLE <= hashes.length; i += 1) {
    const { hi, lo } = shingleHash(hashes[i]!, hashes[i + 1]!, hashes[i + 2]!);
    for (let bit = 0; bit < 32; bit += 1) {
      counts[bit]! += ((hi >>> bit) & 1) * 2 - 1;
      counts[bit + 32]! += ((lo >>> bit) & 1) * 2 - 1;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let bit = 0; bit < 32; bit += 1) {
    if (counts[bit]! > 0) hi |= 1 << bit;
    if (counts[bit + 32]! > 0) lo |= 1 << bit;
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

/** Order-independent hash of a bag of words: the sums commute, the mixing spreads them. */
function bagHash(hashes: readonly U64[]): U64 {
  let hi = hashes.length;
  let lo = 0;
  for (const h of hashes) {
    hi = (hi + h.hi) >>> 0;
    lo = (lo + h.lo) >>> 0;
  }
  return mix64(hi, lo);
}

/**
 * The fingerprint of `text`. A text with no word at all (only emoji, links or numbers) gets an exact
 * key over its case-folded, whitespace-collapsed characters, so that identical copies still match.
 */
export function fingerprint(text: string, config: Pick<DuplicateConfig, 'minTokens'>): Fingerprint {
  const hashes = normalizedTokens(text).map(spellingHash);
  return {
    tokenCount: hashes.length,
    exact:
      hashes.length > 0 ? bagHash(hashes) : hash64(text.normalize('NFKC').toLowerCase().trim().replace(/\s+/gu, ' ')),
    simhash: hashes.length >= Math.max(config.minTokens, SHINGLE) ? simhashOf(hashes) : null,
  };
}

/**
 * How far apart two fingerprints are, by the rule `DUPLICATE_SQL` applies in the database: 0 for the
 * same words, else the SimHash Hamming distance; null when either text is too short for a SimHash and
 * their words differ (short texts only match exactly).
 */
export function fingerprintDistance(a: Fingerprint, b: Fingerprint): number | null {
  if (a.exact.hi === b.exact.hi && a.exact.lo === b.exact.lo) return 0;
  return a.simhash && b.simhash ? hamming(a.simhash, b.simhash) : null;
}
