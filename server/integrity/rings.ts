/**
 * Vote rings from flagged voter pairs, and how much their votes count. Used by both detectors (the
 * streaming one and `LOCKSTEP_SQL`), so a ring means the same thing whichever found it.
 */
import type { PairEvidence } from './lockstep.js';

/** A group of voters linked by flagged pairs (a connected component). */
export interface Ring {
  /** Sorted voter ids; the first is the ring's id. */
  readonly members: readonly string[];
  /** The targets the ring co-voted on, and how many of its members did, most first. */
  readonly targets: readonly { readonly target: string; readonly voters: number }[];
  /** Flagged pairs inside the ring. */
  readonly pairs: number;
  /** Co-votes behind them: the sum over the pairs of their shared targets. */
  readonly coVotes: number;
  readonly firstAt: number;
  readonly lastAt: number;
}

/** The rings, and a look-up by voter. */
export interface RingIndex {
  readonly rings: readonly Ring[];
  ringOf(voter: string): Ring | undefined;
  /**
   * The weight of `voter`'s vote on `target` in rankings: a ring's votes on a target count as one
   * vote together (1/n each, for the n members who co-voted on it); every other vote counts 1.
   */
  voteWeight(voter: string, target: string): number;
}

/** Groups flagged pairs into rings, largest first. */
export function groupRings(pairs: readonly PairEvidence[]): RingIndex {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let node = x; node !== root;) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const { a, b } of pairs) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  const groups = new Map<string, PairEvidence[]>();
  for (const pair of pairs) {
    const root = find(pair.a);
    const group = groups.get(root);
    if (group) group.push(pair);
    else groups.set(root, [pair]);
  }
  const ringOf = new Map<string, Ring>();
  const votersOn = new Map<Ring, Map<string, Set<string>>>();
  const rings = [...groups.values()].map((group) => {
    const byTarget = new Map<string, Set<string>>();
    for (const { a, b, targets } of group)
      for (const target of targets) {
        const voters = byTarget.get(target) ?? new Set<string>();
        byTarget.set(target, voters.add(a).add(b));
      }
    const ring: Ring = {
      members: [...new Set(group.flatMap(({ a, b }) => [a, b]))].sort(),
      targets: [...byTarget]
        .map(([target, voters]) => ({ target, voters: voters.size }))
        .sort((x, y) => y.voters - x.voters || (x.target < y.target ? -1 : 1)),
      pairs: group.length,
      coVotes: group.reduce((sum, p) => sum + p.targets.length, 0),
      firstAt: group.reduce((min, p) => Math.min(min, p.firstAt), Infinity),
      lastAt: group.reduce((max, p) => Math.max(max, p.lastAt), -Infinity),
    };
    for (const member of ring.members) ringOf.set(member, ring);
    votersOn.set(ring, byTarget);
    return ring;
  });
  rings.sort((x, y) => y.members.length - x.members.length || (x.members[0]! < y.members[0]! ? -1 : 1));
  return {
    rings,
    ringOf: (voter) => ringOf.get(voter),
    voteWeight(voter, target) {
      const ring = ringOf.get(voter);
      const voters = ring && votersOn.get(ring)!.get(target);
      return voters?.has(voter) ? 1 / voters.size : 1;
    },
  };
}
