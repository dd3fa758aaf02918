import { describe, expect, it } from 'vitest';
import { integrityDefaults } from '../../server/integrity/config.js';
import { fingerprint } from '../../server/integrity/fingerprint.js';
import { EDITS, honestPost, type EditName } from './corpus.js';
import { measureDuplicateQuality } from './duplicate-quality.js';
import { seeded } from './random.js';

const config = integrityDefaults.duplicates;

describe('near-duplicate quality at the default thresholds (fixed seed)', () => {
  const quality = measureDuplicateQuality(config);

  it('takes no pair of 600 honest, topic-alike posts for a copy', () => {
    expect(quality.honestPairs).toBe(179_700);
    expect(quality.honestFlaggedAgent).toBe(0);
    expect(quality.honestFlaggedSite).toBe(0);
  });

  it('catches at least 95% of 800 reposts made with one to three small edits, in the agent scope', () => {
    expect(quality.nearCopies).toBe(800);
    expect(quality.caughtAgent).toBeGreaterThanOrEqual(0.95);
    expect(quality.caughtAgentStream).toBeGreaterThanOrEqual(quality.caughtAgent);
    for (const share of Object.values(quality.caughtAgentByEdit)) expect(share).toBeGreaterThanOrEqual(0.9);
  });

  it('catches most of them in the site scope too, with its tighter distance', () => {
    expect(quality.caughtSite).toBeGreaterThanOrEqual(0.85);
  });

  it('catches at least 95% of reposts of short texts (two sentences), a sentence added included, with no honest pair of short texts taken for a copy', () => {
    const short = measureDuplicateQuality(
      config,
      7,
      { honest: 600, originals: 40, reposts: 20 },
      { honest: [2, 3], originals: [2, 2] },
    );
    expect(short.honestFlaggedAgent).toBe(0);
    expect(short.caughtAgent).toBeGreaterThanOrEqual(0.95);
    expect(short.caughtAgentByEdit.sentence).toBeGreaterThanOrEqual(0.95);
    // Without the anchors, the SimHash alone misses most short texts with a sentence added.
    const simhashOnly = measureDuplicateQuality(
      { ...config, containment: { ...config.containment, ratio: 0 } },
      7,
      { honest: 600, originals: 40, reposts: 20 },
      { honest: [2, 3], originals: [2, 2] },
    );
    expect(simhashOnly.caughtAgentByEdit.sentence).toBeLessThan(0.5);
  });

  it("gives reposts with only cosmetic edits exactly the original's fingerprint", () => {
    const random = seeded(3);
    const cosmetic: EditName[] = ['punctuation', 'emoji', 'casing', 'invisible', 'homoglyph', 'link'];
    for (let i = 0; i < 200; i += 1) {
      const text = honestPost(random, random.int(2, 8));
      const copy = cosmetic.filter(() => random.chance(0.5)).reduce((t, edit) => EDITS[edit](random, t), text);
      expect(fingerprint(copy, config)).toEqual(fingerprint(text, config));
    }
  });
});
