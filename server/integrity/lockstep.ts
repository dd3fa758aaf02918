/**
 * Coordinated voting ("lockstep") detection, after SynchroTrap (CCS 2014) and CopyCatch (WWW 2013):
 * accounts of a vote ring act on the same targets at nearly the same time, again and again, while
 * honest voters only meet by chance.
 *
 * - Two votes with the same value on the same target at most `coVoteSeconds` apart are a co-vote
 *   between the two voters.
 * - A pair of voters whose co-votes cover at least `minSharedTargets` distinct targets within
 *   `windowSeconds` is flagged.
 * - Flagged pairs are grouped into rings (connected components; see `rings.ts`), which is what the
 *   ranking dampens.
 *
 * The detector is streaming: each vote costs O(votes on its target in the last `coVoteSeconds`),
 * capped by `maxVotesPerTarget`, and memory is bounded by the caps of `LockstepConfig`. Its state is
 * the `LockstepState` interface, so that several server instances can share it:
 * - in memory (`MemoryLockstepState`, one instance);
 * - in Redis: per target a sorted set of `voter:value` scored by time (ZADD, ZREMRANGEBYSCORE to
 *   `since`, ZRANGE of the rest, EXPIRE), per pair a sorted set of targets scored by time (ZADD,
 *   ZREMRANGEBYSCORE, ZCARD), and a set of flagged pairs, all in one pipeline per vote;
 * - in PostgreSQL: no state at all, the vote tables are the state, and `LOCKSTEP_SQL` finds the
 *   flagged pairs in one windowed query (a periodic job rather than per vote).
 */
import type { LockstepConfig } from './config.js';
import { groupRings, type RingIndex } from './rings.js';

/** One vote, as the detector sees it. */
export interface VoteEvent {
  readonly voter: string;
  /** What was voted on, e.g. `post:<id>` or `comment:<id>`. */
  readonly target: string;
  readonly value: 1 | -1;
  /** When, in milliseconds since the epoch. */
  readonly at: number;
}

/** Two voters and the distinct targets they co-voted on. */
export interface PairEvidence {
  readonly a: string;
  readonly b: string;
  readonly targets: readonly string[];
  readonly firstAt: number;
  readonly lastAt: number;
}

/** Where the detector keeps what it remembers. Times are milliseconds since the epoch. */
export interface LockstepState {
  /**
   * Adds `vote` to its target's recent votes, forgets the target's votes before `since`, and returns
   * the other voters who voted the same value on it since then (at most `maxVotesPerTarget`, latest).
   */
  recordVote(vote: VoteEvent, since: number): Promise<string[]>;
  /**
   * Records a co-vote on `vote.target` between `vote.voter` and each of `others`, forgets the pairs'
   * co-votes before `since`, and flags the pairs that now share `minSharedTargets` targets.
   */
  recordCoVotes(vote: VoteEvent, others: readonly string[], since: number): Promise<void>;
  /** The flagged pairs, with their co-votes since `since`. */
  flaggedPairs(since: number): Promise<PairEvidence[]>;
}

/** The streaming detector over a `LockstepState`. */
export class LockstepDetector {
  constructor(
    private readonly state: LockstepState,
    private readonly config: LockstepConfig,
  ) {}

  /** Feeds one vote (in about time order); returns how many voters it co-voted with. */
  async observe(vote: VoteEvent): Promise<number> {
    const others = await this.state.recordVote(vote, vote.at - this.config.coVoteSeconds * 1000);
    if (others.length > 0) await this.state.recordCoVotes(vote, others, vote.at - this.config.windowSeconds * 1000);
    return others.length;
  }

  /** The rings as of `now` (milliseconds since the epoch). */
  async rings(now: number): Promise<RingIndex> {
    return groupRings(await this.state.flaggedPairs(now - this.config.windowSeconds * 1000));
  }
}
