/**
 * The lockstep detector's state in process memory, for one server instance. Bounded: a target keeps
 * its last `maxVotesPerTarget` votes within the co-vote interval, a pair its last `maxTargetsPerPair`
 * targets within the window, and at most `maxPairs` pairs are kept. Maps are kept in order of last use
 * (an entry is deleted and set again when touched), so forgetting is O(1) from the front.
 */
import type { LockstepConfig } from './config.js';
import type { LockstepState, PairEvidence, VoteEvent } from './lockstep.js';

interface RecentVote {
  readonly voter: string;
  readonly value: 1 | -1;
  readonly at: number;
}

interface Pair {
  readonly a: string;
  readonly b: string;
  /** Target to the time of the pair's latest co-vote on it, in order of that time. */
  readonly targets: Map<string, number>;
  lastAt: number;
}

/** Forgets entries from the front of a map kept in order of last use, while `stale` says so. */
function forgetStale<K, V>(map: Map<K, V>, stale: (value: V) => boolean, forgotten?: (key: K) => void): void {
  for (const [key, value] of map) {
    if (!stale(value)) return;
    map.delete(key);
    forgotten?.(key);
  }
}

/** `LockstepState` in this process's memory (one server instance). */
export class MemoryLockstepState implements LockstepState {
  private readonly targets = new Map<string, RecentVote[]>();
  private readonly pairs = new Map<string, Pair>();
  private readonly flagged = new Set<string>();

  constructor(private readonly config: LockstepConfig) {
    if (config.maxTargetsPerPair < config.minSharedTargets)
      throw new RangeError('maxTargetsPerPair must be at least minSharedTargets');
  }

  async recordVote(vote: VoteEvent, since: number): Promise<string[]> {
    const votes = (this.targets.get(vote.target) ?? []).filter((v) => v.at >= since);
    const others = new Set<string>();
    for (const v of votes) if (v.voter !== vote.voter && v.value === vote.value) others.add(v.voter);
    votes.push({ voter: vote.voter, value: vote.value, at: vote.at });
    if (votes.length > this.config.maxVotesPerTarget) votes.shift();
    this.targets.delete(vote.target);
    this.targets.set(vote.target, votes);
    forgetStale(this.targets, (vs) => vs[vs.length - 1]!.at < since);
    return [...others];
  }

  async recordCoVotes(vote: VoteEvent, others: readonly string[], since: number): Promise<void> {
    for (const other of others) {
      const [a, b] = vote.voter < other ? [vote.voter, other] : [other, vote.voter];
      const key = `${a}\n${b}`;
      const pair = this.pairs.get(key) ?? { a, b, targets: new Map(), lastAt: vote.at };
      this.pairs.delete(key);
      this.pairs.set(key, pair);
      pair.targets.delete(vote.target);
      pair.targets.set(vote.target, vote.at);
      forgetStale(pair.targets, (at) => at < since || pair.targets.size > this.config.maxTargetsPerPair);
      pair.lastAt = vote.at;
      if (pair.targets.size >= this.config.minSharedTargets) this.flagged.add(key);
      else this.flagged.delete(key);
    }
    forgetStale(
      this.pairs,
      (pair) => pair.lastAt < since || this.pairs.size > this.config.maxPairs,
      (key) => this.flagged.delete(key),
    );
  }

  async flaggedPairs(since: number): Promise<PairEvidence[]> {
    const out: PairEvidence[] = [];
    for (const key of this.flagged) {
      const { a, b, targets } = this.pairs.get(key)!;
      const recent = [...targets].filter(([, at]) => at >= since);
      if (recent.length < this.config.minSharedTargets) continue;
      const times = recent.map(([, at]) => at);
      const targetIds = recent.map(([target]) => target);
      out.push({ a, b, targets: targetIds, firstAt: Math.min(...times), lastAt: Math.max(...times) });
    }
    return out;
  }
}
