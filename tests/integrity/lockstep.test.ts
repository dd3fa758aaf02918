import { describe, expect, it } from 'vitest';
import { blindVoteReason } from '../../server/integrity/blind-vote.js';
import { integrityDefaults, type LockstepConfig } from '../../server/integrity/config.js';
import { LockstepDetector, type VoteEvent } from '../../server/integrity/lockstep.js';
import { MemoryLockstepState } from '../../server/integrity/lockstep-memory.js';

const T0 = Date.UTC(2026, 10, 20, 12);
const vote = (voter: string, target: string, seconds: number, value: 1 | -1 = 1): VoteEvent => ({
  voter,
  target,
  value,
  at: T0 + seconds * 1000,
});

function detector(overrides: Partial<LockstepConfig> = {}) {
  const config = { ...integrityDefaults.lockstep, ...overrides };
  return new LockstepDetector(new MemoryLockstepState(config), config);
}

/** `voters` vote on `targets` together, each target a minute after the previous, 100 ms apart. */
async function together(d: LockstepDetector, voters: string[], targets: string[], startSeconds = 0) {
  for (const [t, target] of targets.entries())
    for (const [i, voter] of voters.entries()) await d.observe(vote(voter, target, startSeconds + t * 60 + i * 0.1));
}

const endOf = (seconds: number) => T0 + seconds * 1000;

describe('LockstepDetector', () => {
  it('flags two voters who co-vote on four distinct targets, not on three', async () => {
    const d = detector();
    await together(d, ['a', 'b'], ['p1', 'p2', 'p3']);
    expect((await d.rings(endOf(200))).rings).toEqual([]);
    await together(d, ['a', 'b'], ['p4'], 300);
    const { rings } = await d.rings(endOf(400));
    expect(rings).toMatchObject([{ members: ['a', 'b'], pairs: 1, coVotes: 4 }]);
    expect(rings[0]!.targets.map((t) => t.target).sort()).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('counts a target once however often the pair co-votes on it', async () => {
    const d = detector();
    for (let i = 0; i < 6; i += 1) await together(d, ['a', 'b'], ['p1', 'p2', 'p3'], i * 600);
    expect((await d.rings(endOf(4000))).rings).toEqual([]);
  });

  it('ignores votes further apart than the co-vote interval, and votes of opposite value', async () => {
    const d = detector();
    for (const [i, target] of ['p1', 'p2', 'p3', 'p4', 'p5'].entries()) {
      expect(await d.observe(vote('a', target, i * 60))).toBe(0);
      expect(await d.observe(vote('b', target, i * 60 + 6))).toBe(0);
      expect(await d.observe(vote('c', target, i * 60 + 1, -1))).toBe(0);
    }
    expect((await d.rings(endOf(400))).rings).toEqual([]);
  });

  it('groups linked pairs into one ring and keeps separate rings apart', async () => {
    const d = detector();
    await together(d, ['a', 'b'], ['p1', 'p2', 'p3', 'p4']);
    await together(d, ['b', 'c'], ['q1', 'q2', 'q3', 'q4'], 1000);
    await together(d, ['x', 'y'], ['r1', 'r2', 'r3', 'r4'], 2000);
    const index = await d.rings(endOf(3000));
    expect(index.rings.map((r) => r.members)).toEqual([
      ['a', 'b', 'c'],
      ['x', 'y'],
    ]);
    expect(index.ringOf('c')).toBe(index.rings[0]);
    expect(index.ringOf('z')).toBeUndefined();
  });

  it("weighs a ring's votes on a target as one vote together", async () => {
    const d = detector();
    await together(d, ['a', 'b', 'c', 'd'], ['p1', 'p2', 'p3', 'p4']);
    const index = await d.rings(endOf(400));
    expect(['a', 'b', 'c', 'd'].map((v) => index.voteWeight(v, 'p1'))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(index.voteWeight('a', 'elsewhere')).toBe(1);
    expect(index.voteWeight('honest', 'p1')).toBe(1);
  });

  it('forgets evidence older than the window', async () => {
    const d = detector({ windowSeconds: 3600 });
    await together(d, ['a', 'b'], ['p1', 'p2', 'p3', 'p4']);
    expect((await d.rings(endOf(3000))).rings).toHaveLength(1);
    expect((await d.rings(endOf(3700))).rings).toEqual([]);
    // Three new co-votes an hour later do not add up with the forgotten ones.
    await together(d, ['a', 'b'], ['p5', 'p6', 'p7'], 7200);
    expect((await d.rings(endOf(7500))).rings).toEqual([]);
  });

  it('pairs a vote with at most maxVotesPerTarget recent voters', async () => {
    const d = detector({ maxVotesPerTarget: 50 });
    for (let i = 0; i < 200; i += 1) await d.observe(vote(`v${i}`, 'hot', i * 0.01));
    expect(await d.observe(vote('late', 'hot', 2.5))).toBe(50);
  });

  it('keeps at most maxPairs pairs, forgetting the least recently active', async () => {
    const d = detector({ maxPairs: 10 });
    await together(d, ['a', 'b'], ['p1', 'p2', 'p3']);
    for (let i = 0; i < 20; i += 1) await together(d, [`x${i}`, `y${i}`], [`q${i}`], 300 + i * 10);
    await together(d, ['a', 'b'], ['p4'], 600);
    expect((await d.rings(endOf(700))).rings).toEqual([]);
  });

  it('refuses a per-pair target cap below the flagging threshold', () => {
    expect(() => new MemoryLockstepState({ ...integrityDefaults.lockstep, maxTargetsPerPair: 2 })).toThrow(
      /maxTargetsPerPair/,
    );
  });
});

describe('blindVoteReason', () => {
  const config = integrityDefaults.blindVote;
  const votedAt = new Date(T0);
  it.each([
    ['never fetched', null, 'NEVER_FETCHED'],
    ['fetched 200 ms before', new Date(T0 - 200), 'TOO_FAST'],
    ['stamped after the vote', new Date(T0 + 50), 'TOO_FAST'],
    ['fetched 1 s before', new Date(T0 - 1000), null],
    ['fetched an hour before', new Date(T0 - 3_600_000), null],
  ])('%s', (_, fetchedAt, reason) => {
    expect(blindVoteReason(fetchedAt, votedAt, config)).toBe(reason);
  });
});
