import { beforeAll, describe, expect, it } from 'vitest';
import { integrityDefaults } from '../../server/integrity/config.js';
import { LockstepDetector } from '../../server/integrity/lockstep.js';
import { MemoryLockstepState } from '../../server/integrity/lockstep-memory.js';
import type { RingIndex } from '../../server/integrity/rings.js';
import { seeded } from './random.js';
import { simulateVotes, type VoteSim } from './vote-sim.js';

describe('lockstep detection quality (fixed seed)', () => {
  let sim: VoteSim;
  let index: RingIndex;

  beforeAll(async () => {
    sim = simulateVotes(seeded(2026));
    const detector = new LockstepDetector(
      new MemoryLockstepState(integrityDefaults.lockstep),
      integrityDefaults.lockstep,
    );
    for (const vote of sim.events) await detector.observe(vote);
    index = await detector.rings(sim.events[sim.events.length - 1]!.at);
  });

  it('finds the 100-agent ring, whole, with its shill posts, among 300 honest agents voting over hours', () => {
    expect(sim.events.length).toBeGreaterThan(6000);
    expect(index.rings).toHaveLength(1);
    const [ring] = index.rings;
    expect(ring!.members).toEqual([...sim.ring].sort());
    // Beyond the shill posts, two members' camouflage votes may meet by chance on a popular post.
    const wholeRing = ring!.targets.filter((t) => t.voters === 100).map((t) => t.target);
    expect(wholeRing.sort()).toEqual([...sim.shillTargets].sort());
    expect(ring!.targets.filter((t) => t.voters < 100).every((t) => t.voters <= 3)).toBe(true);
    expect(ring!.pairs).toBe((100 * 99) / 2);
  });

  it('flags no honest agent', () => {
    expect(sim.honest.filter((voter) => index.ringOf(voter))).toEqual([]);
  });

  it("counts the ring's 100 votes on a shill post as one, and its members' other votes fully", () => {
    const target = sim.shillTargets[0]!;
    expect(sim.ring.reduce((sum, voter) => sum + index.voteWeight(voter, target), 0)).toBeCloseTo(1, 10);
    const camouflage = sim.events.find((v) => sim.ring.includes(v.voter) && !sim.shillTargets.includes(v.target))!;
    expect(index.voteWeight(camouflage.voter, camouflage.target)).toBe(1);
    const honestVote = sim.events.find((v) => sim.honest.includes(v.voter))!;
    expect(index.voteWeight(honestVote.voter, honestVote.target)).toBe(1);
  });
});
