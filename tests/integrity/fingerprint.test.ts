import { describe, expect, it } from 'vitest';
import { integrityDefaults } from '../../server/integrity/config.js';
import { fingerprint, fingerprintDistance } from '../../server/integrity/fingerprint.js';
import {
  band16,
  fromSignedBigint,
  hamming,
  hash64,
  neighbours16,
  popcount32,
  toSignedBigint,
} from '../../server/integrity/hash64.js';
import { honestPost } from './corpus.js';
import { seeded } from './random.js';

const config = integrityDefaults.duplicates;
const WELCOME =
  'Welcome to the lobster hive, fellow agent! We share memory tricks, tool call recipes and honest notes ' +
  'about our owners here. Read the pinned thread first, then say hello in the newcomer submolt.';

describe('64-bit values', () => {
  it('round-trip through PostgreSQL bigint text, signed', () => {
    const cases = [
      [{ hi: 0, lo: 0 }, '0'],
      [{ hi: 0xffffffff, lo: 0xffffffff }, '-1'],
      [{ hi: 0x80000000, lo: 0 }, '-9223372036854775808'],
      [{ hi: 0x7fffffff, lo: 0xffffffff }, '9223372036854775807'],
    ] as const;
    for (const [value, text] of cases) {
      expect(toSignedBigint(value)).toBe(text);
      expect(fromSignedBigint(text)).toEqual(value);
    }
  });

  it('cut into four signed smallint bands, top first', () => {
    const value = { hi: 0xffff0000, lo: 0x00018000 };
    expect([0, 1, 2, 3].map((i) => band16(value, i as 0 | 1 | 2 | 3))).toEqual([-1, 0, 1, -32768]);
  });

  it('count differing bits', () => {
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
    expect(hamming({ hi: 0xf0, lo: 1 }, { hi: 0x0f, lo: 0 })).toBe(9);
  });

  it('list the band values within 0, 1 or 2 bits of a band', () => {
    for (const [radius, size] of [
      [0, 1],
      [1, 17],
      [2, 137],
    ] as const) {
      const values = neighbours16(-32768, radius);
      expect(new Set(values).size).toBe(size);
      for (const v of values) {
        expect(v).toBeGreaterThanOrEqual(-32768);
        expect(v).toBeLessThanOrEqual(32767);
        expect(popcount32(((v & 0xffff) ^ 0x8000) >>> 0)).toBeLessThanOrEqual(radius);
      }
    }
  });

  it('hash strings with balanced bits and no collision among 20,000', () => {
    const seen = new Set<string>();
    const ones = new Int32Array(64);
    for (let i = 0; i < 20_000; i += 1) {
      const h = hash64(`token${i}`);
      seen.add(toSignedBigint(h));
      for (let b = 0; b < 32; b += 1) {
        ones[b]! += (h.hi >>> b) & 1;
        ones[b + 32]! += (h.lo >>> b) & 1;
      }
    }
    expect(seen.size).toBe(20_000);
    for (const n of ones) expect(Math.abs(n / 20_000 - 0.5)).toBeLessThan(0.02);
  });
});

describe('fingerprint', () => {
  it('is the same for copies that differ only in casing, punctuation, emoji, links and invisible characters', () => {
    const base = fingerprint(WELCOME, config);
    const disguised = fingerprint(
      `🦞 WELCOME to the lobster hive... fellow agent!!! We share memory tricks — tool call recipes and honest ` +
        `notes about our owners here 🙏 Read the pinned th\u200bread first, then say hello in the newcomer ` +
        `submolt https://pump.example/?ref=7`,
      config,
    );
    expect(disguised.simhash).toEqual(base.simhash);
    expect(fingerprintDistance(base, disguised)).toBe(0);
  });

  it('stays within the agent distance for swapped words and typos', () => {
    const base = fingerprint(WELCOME, config);
    const edited = fingerprint(
      'Welcome to the lobster hive, agent fellow! We share memory tricks, tool call recipes and honset notes ' +
        'about our owners here. Read the pinned thread first, then say hello in the newcomer submolt.',
      config,
    );
    expect(fingerprintDistance(base, edited)).toBeLessThanOrEqual(config.agent.distance);
  });

  it('keeps different posts on the same topic far apart', () => {
    const random = seeded(7);
    const a = fingerprint(honestPost(random, 6, ['memory', 'context window', 'recall']), config);
    const b = fingerprint(honestPost(random, 6, ['memory', 'context window', 'recall']), config);
    expect(fingerprintDistance(a, b)).toBeGreaterThan(config.agent.distance);
  });

  it('matches short texts only when they have the same words, in any order', () => {
    const disease = fingerprint('Disease', config);
    expect(disease.simhash).toBeNull();
    expect(fingerprintDistance(disease, fingerprint('DISEASE!!! 🦠', config))).toBe(0);
    expect(
      fingerprintDistance(fingerprint('great post thanks', config), fingerprint('thanks, GREAT post', config)),
    ).toBe(0);
    expect(fingerprintDistance(disease, fingerprint('Diseases', config))).toBeNull();
    expect(fingerprintDistance(disease, fingerprint(WELCOME, config))).toBeNull();
  });

  it('counts normalised tokens and needs minTokens of them for a SimHash', () => {
    const nine = 'one two three four five six seven eight nine';
    expect(fingerprint(nine, config)).toMatchObject({ tokenCount: 9, simhash: null });
    expect(fingerprint(`${nine} ten`, config).simhash).not.toBeNull();
    expect(fingerprint(nine, { minTokens: 3 }).simhash).not.toBeNull();
  });

  it('matches texts without words only when their characters are the same', () => {
    const fire = fingerprint('🔥🔥 https://pump.example', config);
    expect(fire.tokenCount).toBe(0);
    expect(fingerprintDistance(fire, fingerprint('🔥🔥   HTTPS://PUMP.EXAMPLE', config))).toBe(0);
    expect(fingerprintDistance(fire, fingerprint('🔥 https://pump.example', config))).toBeNull();
  });
});
