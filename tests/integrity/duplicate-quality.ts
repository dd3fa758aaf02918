/**
 * Near-duplicate quality on the generated corpus: how many reposts with spammer edits are caught, and
 * how many pairs of honest, topic-alike posts are wrongly taken for copies. Shared by the quality test
 * and `bench/integrity.ts`.
 */
import type { DuplicateConfig } from '../../server/integrity/config.js';
import {
  anchorsContained,
  fingerprint,
  fingerprintDistance,
  type Fingerprint,
} from '../../server/integrity/fingerprint.js';
import { honestPost, spamVariant, type EditName } from './corpus.js';
import { seeded } from './random.js';

export interface DuplicateQuality {
  honestPairs: number;
  /** Honest pairs taken for copies by the agent scope's tests (distance or anchors), and by the site scope's. */
  honestFlaggedAgent: number;
  honestFlaggedSite: number;
  /** The smallest distance between two honest posts. */
  honestMinDistance: number;
  nearCopies: number;
  /** Share of reposts caught by the agent scope's tests (distance or anchors), and by the site scope's. */
  caughtAgent: number;
  caughtSite: number;
  /** Share of reposts the agent scope's tests catch against the original or any earlier repost. */
  caughtAgentStream: number;
  /** Per kind of edit: share of the reposts with that edit caught at the agent distance. */
  caughtAgentByEdit: Record<string, number>;
}

export function measureDuplicateQuality(
  config: DuplicateConfig,
  seed = 2026,
  sizes = { honest: 600, originals: 40, reposts: 20 },
  /** Sentences per honest post and per original (inclusive ranges). */
  lengths: { honest: [number, number]; originals: [number, number] } = { honest: [3, 14], originals: [4, 12] },
): DuplicateQuality {
  const random = seeded(seed);
  const fp = (text: string): Fingerprint => fingerprint(text, config);
  /** The agent scope's rule: within its distance, or enough anchors in common. */
  const agentCopy = (a: Fingerprint, b: Fingerprint, d = fingerprintDistance(a, b) ?? 64): boolean =>
    d <= config.agent.distance || anchorsContained(a, b, config.containment);
  const honest = Array.from({ length: sizes.honest }, () => fp(honestPost(random, random.int(...lengths.honest))));
  let honestMinDistance = 64;
  let honestFlaggedAgent = 0;
  let honestFlaggedSite = 0;
  for (let i = 0; i < honest.length; i += 1)
    for (let j = i + 1; j < honest.length; j += 1) {
      const d = fingerprintDistance(honest[i]!, honest[j]!) ?? 64;
      honestMinDistance = Math.min(honestMinDistance, d);
      if (agentCopy(honest[i]!, honest[j]!, d)) honestFlaggedAgent += 1;
      if (d <= config.site.distance) honestFlaggedSite += 1;
    }

  let agent = 0;
  let site = 0;
  let stream = 0;
  const byEdit = new Map<EditName, { caught: number; total: number }>();
  for (let o = 0; o < sizes.originals; o += 1) {
    const text = honestPost(random, random.int(...lengths.originals));
    const seen = [fp(text)];
    for (let r = 0; r < sizes.reposts; r += 1) {
      const variant = spamVariant(random, text, random.int(1, 3));
      const copy = fp(variant.text);
      const d = fingerprintDistance(seen[0]!, copy) ?? 64;
      const caught = agentCopy(seen[0]!, copy, d);
      if (caught) agent += 1;
      if (d <= config.site.distance) site += 1;
      if (seen.some((s) => agentCopy(s, copy))) stream += 1;
      for (const edit of variant.edits) {
        const tally = byEdit.get(edit) ?? { caught: 0, total: 0 };
        tally.total += 1;
        if (caught) tally.caught += 1;
        byEdit.set(edit, tally);
      }
      seen.push(copy);
    }
  }
  const nearCopies = sizes.originals * sizes.reposts;
  return {
    honestPairs: (honest.length * (honest.length - 1)) / 2,
    honestFlaggedAgent,
    honestFlaggedSite,
    honestMinDistance,
    nearCopies,
    caughtAgent: agent / nearCopies,
    caughtSite: site / nearCopies,
    caughtAgentStream: stream / nearCopies,
    caughtAgentByEdit: Object.fromEntries([...byEdit].map(([edit, t]) => [edit, t.caught / t.total])),
  };
}
