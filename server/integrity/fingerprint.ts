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
 *
 * A SimHash measures the whole text, so a short text with a sentence appended (the spammer's commonest
 * variation of a two-sentence comment) lands 11 to 18 bits away. The anchors catch those: the text's
 * shingle hashes (32 bits each) whose lowest `level` bits are zero, `level` the smallest that keeps at
 * most `MAX_ANCHORS`. The selection depends on the shingle alone, so an earlier text's anchors that
 * survive in a copy are anchors of the copy too, at the coarser of the two levels; a copy keeps most
 * of them whatever was added around them (`anchorsContained`).
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
  /** The distinct anchors (signed 32-bit shingle hashes, ascending) at `anchorLevel`. */
  readonly anchors: readonly number[];
  /** How many low bits of an anchor are zero: 0 (every shingle) up to 31. */
  readonly anchorLevel: number;
}

const SHINGLE = 3;
/** Most anchors kept per text: a long text keeps a content-chosen sample of its shingles. */
export const MAX_ANCHORS = 64;

/** The anchors of `values` (distinct, ascending) at `level`: those whose lowest `level` bits are zero. */
export function anchorsAt(values: readonly number[], level: number): number[] {
  const mask = level >= 31 ? 0x7fffffff : (1 << level) - 1;
  return values.filter((v) => (v & mask) === 0);
}

/** The anchors of a text's shingle hashes, and their level. */
function anchorsOf(shingles: readonly U64[]): { anchors: number[]; anchorLevel: number } {
  const all = [...new Set(shingles.map((h) => h.lo | 0))].sort((a, b) => a - b);
  let level = 0;
  let anchors = all;
  while (anchors.length > MAX_ANCHORS) anchors = anchorsAt(anchors, (level += 1));
  return { anchors, anchorLevel: level };
}

/** Order-independent hash of a shingle of three tokens (see `bagHash`). */
function shingleHash(a: U64, b: U64, c: U64): U64 {
  return mix64((3 + a.hi + b.hi + c.hi) >>> 0, (a.lo + b.lo + c.lo) >>> 0);
}

/** The hashes of a text's shingles, in order. */
function shinglesOf(hashes: readonly U64[]): U64[] {
  const shingles: U64[] = [];
  for (let i = 0; i + SHINGLE <= hashes.length; i += 1)
    shingles.push(shingleHash(hashes[i]!, hashes[i + 1]!, hashes[i + 2]!));
  return shingles;
}

/** SimHash of the shingles: bit i is set when the shingles with bit i set outnumber the others. */
function simhashOf(shingles: readonly U64[]): U64 {
  const counts = new Int32Array(64);
  for (const { hi, lo } of shingles) {
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
  const shingles = shinglesOf(hashes);
  return {
    tokenCount: hashes.length,
    exact:
      hashes.length > 0 ? bagHash(hashes) : hash64(text.normalize('NFKC').toLowerCase().trim().replace(/\s+/gu, ' ')),
    simhash: hashes.length >= Math.max(config.minTokens, SHINGLE) ? simhashOf(shingles) : null,
    ...anchorsOf(shingles),
  };
}

/**
 * Whether the earlier text's anchors and the new one's overlap enough for a copy, by the rule
 * `DUPLICATE_SQL` applies in the agent and owner scopes: at the coarser of their two levels, at least
 * `minShared` anchors in common, and at least `ratio` of the smaller set's. Off when `ratio` is 0.
 */
export function anchorsContained(a: Fingerprint, b: Fingerprint, containment: DuplicateConfig['containment']): boolean {
  if (containment.ratio <= 0) return false;
  const level = Math.max(a.anchorLevel, b.anchorLevel);
  const left = anchorsAt(a.anchors, level);
  const right = new Set(anchorsAt(b.anchors, level));
  const shared = left.filter((v) => right.has(v)).length;
  return shared >= containment.minShared && shared >= containment.ratio * Math.min(left.length, right.size);
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
