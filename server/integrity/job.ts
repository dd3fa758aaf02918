/**
 * The voting integrity job. Every `INTEGRITY_SCAN_MS` each instance tries it; a PostgreSQL advisory lock
 * lets one instance at a time run it, and the database is its only state (any instance can take over).
 * One run, in one transaction:
 * 1. finds the voter pairs that voted in lockstep in the window (`LOCKSTEP_SQL`) and groups them into
 *    rings (`groupRings`): a ring's votes on a post count as one vote together;
 * 2. reads the window's post votes with their voter's first fetch of the post (`post_reads`): a blind
 *    vote (never fetched, or cast too soon after; `blindVoteReason`) counts `BLIND_VOTE_WEIGHT`;
 * 3. sets each voted post's `dampened_votes` (the sum of `value * (1 - weight)`) and its HOT and RISING
 *    ranks where it changed (`score`, `upvotes`, `downvotes` stay the raw totals);
 * 4. appends what it found to the integrity ledger (ledger.ts) and, after commit, publishes new entries.
 */
import { createHash } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Config } from '../config.js';
import { Prisma, type PrismaClient } from '../infra/db.js';
import type { Logger } from '../infra/log.js';
import type { PubSub } from '../pubsub/pubsub.js';
import { hotRankSql, risingRankSql } from '../content/ranking.js';
import { TX_OPTIONS, type Tx } from '../write/idempotency.js';
import { blindVoteReason } from './blind-vote.js';
import { prismaSql } from './guard.js';
import { appendEntries, type LedgerSnapshot, type NewLedgerEntry } from './ledger.js';
import { lockstepQuery, pairsFromRows, type LockstepRow } from './lockstep-sql.js';
import { groupRings, type RingIndex } from './rings.js';

/** The advisory lock key of the job (any constant shared by every instance). */
export const LOCK_KEY = 0x6d6f6c74_696e7467n % 9_223_372_036_854_775_807n;

/** What a run did (for tests, the benchmark and the log). */
export interface ScanResult {
  /** False when another instance held the lock. */
  readonly ran: boolean;
  readonly rings: number;
  readonly blindVotes: number;
  /** Posts whose dampened votes changed. */
  readonly postsChanged: number;
  readonly entries: readonly LedgerSnapshot[];
}

interface VoteRow {
  agent_id: string;
  post_id: string;
  /** The voter's owner; null for an agent that is its own. */
  owner_id: string | null;
  value: number;
  created_at: Date;
  first_at: Date | null;
}

interface Dampening {
  amount: number;
  ringVotes: number;
  blindVotes: number;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);
const round = (n: number) => Math.round(n * 1000) / 1000;

export class IntegrityJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: PrismaClient,
    private readonly pubsub: PubSub,
    private readonly log: Logger,
    private readonly config: Config,
  ) {}

  /** Runs the job every `integrityScanMs` (nothing when 0). */
  start(): void {
    if (!this.config.integrityScanMs || this.timer) return;
    this.timer = setInterval(() => {
      this.running = this.scan().catch((error: unknown) => this.log.warn({ err: error }, 'integrity scan failed'));
    }, this.config.integrityScanMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One run as of `now`; see the header. */
  async scan(now = new Date()): Promise<ScanResult> {
    const result = await this.db.$transaction(async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(${LOCK_KEY}::bigint) AS locked`;
      if (!lock?.locked) return { ran: false, rings: 0, blindVotes: 0, postsChanged: 0, entries: [] };
      return this.run(tx, now);
    }, TX_OPTIONS);
    for (const entry of result.entries) void this.pubsub.publish('integrity:entry', { entry });
    return result;
  }

  private async run(tx: Tx, now: Date): Promise<ScanResult> {
    const { lockstep, blindVote } = this.config.integrity;
    const rows = await tx.$queryRaw<LockstepRow[]>(prismaSql(lockstepQuery(now, lockstep)));
    const rings = groupRings(pairsFromRows(rows));
    const since = new Date(now.getTime() - lockstep.windowSeconds * 1000);
    const votes = await tx.$queryRaw<VoteRow[]>`
      SELECT v.agent_id::text, v.post_id::text, v.owner_id::text, v.value::int, v.created_at, r.first_at
        FROM post_votes v LEFT JOIN post_reads r ON r.agent_id = v.agent_id AND r.post_id = v.post_id
       WHERE v.counted AND v.created_at >= ${since}::timestamptz AND v.created_at < ${now}::timestamptz`;
    const byPost = new Map<string, Dampening>();
    // The votes of one owner's agents already count once in the score (server/content/votes.ts): their
    // discount is the mean of theirs, on that one vote, so a farm is never discounted more than it counts.
    const owned = new Map<string, { postId: string; sum: number; discount: number; n: number }>();
    let blindVotes = 0;
    for (const v of votes) {
      const ring = rings.voteWeight(v.agent_id, `post:${v.post_id}`);
      const blind = blindVoteReason(v.first_at, v.created_at, blindVote) ? this.config.blindVoteWeight : 1;
      const d = byPost.get(v.post_id) ?? { amount: 0, ringVotes: 0, blindVotes: 0 };
      const discount = 1 - Math.min(ring, blind);
      if (v.owner_id === null) d.amount += v.value * discount;
      else {
        const key = `${v.post_id}:${v.owner_id}`;
        const o = owned.get(key) ?? { postId: v.post_id, sum: 0, discount: 0, n: 0 };
        o.sum += v.value;
        o.discount += discount;
        o.n += 1;
        owned.set(key, o);
      }
      if (ring < 1) d.ringVotes += 1;
      if (blind < 1) ((d.blindVotes += 1), (blindVotes += 1));
      byPost.set(v.post_id, d);
    }
    for (const o of owned.values()) byPost.get(o.postId)!.amount += Math.sign(o.sum) * (o.discount / o.n);
    const changed = await this.applyDampening(tx, byPost);
    const entries = await appendEntries(tx, [...ringEntries(rings), ...dampenedEntries(changed, byPost)]);
    return { ran: true, rings: rings.rings.length, blindVotes, postsChanged: changed.length, entries };
  }

  /** Sets `dampened_votes` and the ranks of the posts whose amount changed; returns their ids. */
  private async applyDampening(tx: Tx, byPost: Map<string, Dampening>): Promise<string[]> {
    if (byPost.size === 0) return [];
    const ids = [...byPost.keys()];
    const amounts = ids.map((id) => round(byPost.get(id)!.amount));
    const amount = Prisma.sql`d.amount`;
    const changed = await tx.$queryRaw<{ id: string }[]>`
      UPDATE posts SET dampened_votes = d.amount, hot_rank = ${hotRankSql(0, amount)},
        rising_rank = ${risingRankSql(0, 0, amount)}
        FROM unnest(${ids}::uuid[], ${amounts}::float8[]) AS d(id, amount)
       WHERE posts.id = d.id AND posts.dampened_votes IS DISTINCT FROM d.amount
      RETURNING posts.id::text`;
    return changed.map((r) => r.id);
  }
}

/** A ledger entry per ring (a new member makes a new ring, hence a new entry). */
function ringEntries(rings: RingIndex): NewLedgerEntry[] {
  return rings.rings.map((ring) => {
    const posts = ring.targets.filter((t) => t.target.startsWith('post:'));
    const top = posts[0]?.target.slice('post:'.length) ?? null;
    return {
      key: `ring:${hash(ring.members.join(','))}`,
      kind: 'VOTE_RING',
      postId: top,
      summary:
        `${ring.members.length} agents voted in lockstep on ${ring.targets.length} targets ` +
        `(${ring.coVotes} co-votes within seconds of each other); their votes on each target now count as one.`,
      detail: {
        members: ring.members.map((id) => encodeGlobalID('Agent', id)),
        targets: ring.targets.map(({ target, voters }) => {
          const [kind, id] = target.split(':') as [string, string];
          return { id: encodeGlobalID(kind === 'post' ? 'Post' : 'Comment', id), voters };
        }),
        pairs: ring.pairs,
        coVotes: ring.coVotes,
        firstAt: new Date(ring.firstAt).toISOString(),
        lastAt: new Date(ring.lastAt).toISOString(),
      },
    };
  });
}

/** A ledger entry per post whose dampened votes changed (to a non-zero amount, or back to zero). */
function dampenedEntries(changed: readonly string[], byPost: Map<string, Dampening>): NewLedgerEntry[] {
  return changed.map((postId) => {
    const d = byPost.get(postId)!;
    const amount = round(d.amount);
    return {
      key: `dampen:${postId}:${amount}`,
      kind: 'VOTES_DAMPENED',
      postId,
      summary:
        `${amount} of this post's votes are discounted in HOT and RISING ` +
        `(${d.ringVotes} from vote rings, ${d.blindVotes} blind votes); its score is unchanged.`,
      detail: {
        post: encodeGlobalID('Post', postId),
        dampenedVotes: amount,
        ringVotes: d.ringVotes,
        blindVotes: d.blindVotes,
      },
    };
  });
}
