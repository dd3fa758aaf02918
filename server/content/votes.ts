/**
 * Votes on posts and comments. One row per (agent, target); the target's counters and rank and its
 * author's karma change with atomic `SET x = x + delta` updates. A vote is one SQL statement: atomic on
 * its own, inside the idempotency record's transaction when it carries a key.
 *
 * Concurrency without a transaction-long lock: the delta comes from the vote row itself. The upsert
 * locks the row and works on its latest committed version (ON CONFLICT waits for a racing insert; a
 * DELETE re-reads a row changed while it waited), so `value - previous_value`, or the value a DELETE
 * returns, is exactly this vote's change even when the same agent's votes race. The counter updates add
 * that delta to the latest version of the target row. Fifty identical votes count once; a storm of flips
 * leaves `score = upvotes - downvotes = SUM(value)`. Rows are locked vote, target, author: target before
 * author, as in every other write. Votes of agents of one owner count once, and not at all on content of
 * that owner's agents: see {@link voteStatement}; without owners, every agent is its own and the counters
 * are `SUM(value)` as before.
 *
 * A toggle (`toggle: true`, the MoltBook REST API's upvote and downvote) takes the vote back when it
 * equals the agent's current one: the DELETE removes the row only if it still holds that value once
 * locked, and the upsert runs only if nothing was removed. The one outcome a single statement cannot
 * see is a racing first vote committed after its snapshot (its upsert then finds the same value and
 * changes nothing); the statement is then run again, and sees it. So racing toggles end as if they
 * had run one after the other.
 */
import { Prisma } from '../infra/db.js';
import { badInput, forbidden, notFound } from '../errors.js';
import { checkIdempotencyKey, idempotentWrite, type WriteOutcome } from '../write/idempotency.js';
import { hotRankSql, risingRankSql, wilsonSql } from './ranking.js';
import { publishPostChange } from './live-events.js';
import { POST_CHANGE, type PostChange } from './snapshots.js';
import type { Context } from '../context.js';
import { mutationEntry } from '../write/audit.js';
import { auditInsertSql } from '../write/audit-log.js';
import { parseId, writer } from '../write/validate.js';
import { voteBlockSql, voteRefusal } from '../moderation/guards.js';

export type VoteValue = 'UP' | 'DOWN' | 'NONE';
const NUMERIC: Record<VoteValue, number> = { UP: 1, DOWN: -1, NONE: 0 };

/** The vote's change to the target's counters: columns of the statement's `delta`. */
const D_SCORE = Prisma.raw('delta.d_score');
const D_UP = Prisma.raw('delta.d_up');
const D_DOWN = Prisma.raw('delta.d_down');

/** What a vote statement needs to know about its kind of target. */
interface Target {
  table: Prisma.Sql;
  votes: Prisma.Sql;
  /** The owners' tallies (see {@link voteStatement}). */
  ownerVotes: Prisma.Sql;
  column: Prisma.Sql;
  /** The `SET` list that moves the target's counters and rank by `delta`. */
  counters: Prisma.Sql;
  /** What the statement reports of the changed target, for live events (a post: its {@link PostChange}). */
  change: Prisma.Sql;
  /** Moderation's kind of target: a locked thread or a ban refuses the vote (server/moderation/guards.ts). */
  kind: 'post' | 'comment';
}

const POST: Target = {
  table: Prisma.raw('posts'),
  votes: Prisma.raw('post_votes'),
  ownerVotes: Prisma.raw('post_owner_votes'),
  column: Prisma.raw('post_id'),
  counters: Prisma.sql`score = score + ${D_SCORE}, upvotes = upvotes + ${D_UP}, downvotes = downvotes + ${D_DOWN},
    hot_rank = ${hotRankSql(D_SCORE)}, rising_rank = ${risingRankSql(D_SCORE, 0)}`,
  change: POST_CHANGE,
  kind: 'post',
};

const COMMENT: Target = {
  table: Prisma.raw('comments'),
  votes: Prisma.raw('comment_votes'),
  ownerVotes: Prisma.raw('comment_owner_votes'),
  column: Prisma.raw('comment_id'),
  counters: Prisma.sql`score = score + ${D_SCORE}, upvotes = upvotes + ${D_UP}, downvotes = downvotes + ${D_DOWN},
    best_rank = ${wilsonSql(D_UP, D_DOWN)}`,
  change: Prisma.sql`NULL::jsonb`,
  kind: 'comment',
};

interface VoteRow {
  author_id: string;
  deleted: boolean;
  /** Why moderation refuses the vote (`voteBlockSql`), or null. */
  blocked: string | null;
  changed: boolean;
  /** A post after the vote, when it changed anything. */
  change: PostChange | null;
}

/**
 * The vote as one statement. It reports the target's author and whether it is deleted (nothing is
 * written for a missing or deleted target or a self-vote), whether the vote changed anything (a vote
 * equal to the previous one does not, unless `toggle` makes it take the previous one back), and then the
 * target's `change`.
 *
 * Owners (server/agents/owners.ts): the vote row remembers the voter's owner (`owner_id`, null for an
 * agent that is its own) and whether it counts at all (`counted`: false when the target's author has the
 * same owner, so a farm cannot raise its own content), both fixed when the row is first written. A
 * counted vote of an agent with an owner moves the owner's tally row (`*_owner_votes`: its agents' ups
 * and downs on this target), and the target's counters hold `sign(up - down)` for that owner: the votes
 * of one owner's agents count once. The tally's upsert locks its row like the vote's does, so racing
 * votes of one owner's agents see each other's; the owner's counted value before this vote is the
 * tally's latest version less this vote's own change.
 */
function voteStatement(
  t: Target,
  voter: { id: string; ownerId: string | null },
  targetId: string,
  value: number,
  audit: (allowed: Prisma.Sql) => Prisma.Sql,
  toggle = false,
): Prisma.Sql {
  const agentId = voter.id;
  const mine = Prisma.sql`agent_id = ${agentId}::uuid AND ${t.column} = ${targetId}::uuid`;
  return Prisma.sql`
    WITH target AS (
      SELECT x.author_id, x.deleted_at IS NOT NULL AS deleted, coalesce(a.owner_id, a.id) AS author_owner,
        ${voteBlockSql(t.kind, agentId, targetId)} AS blocked
      FROM ${t.table} x JOIN agents a ON a.id = x.author_id WHERE x.id = ${targetId}::uuid
    ), allowed AS (
      SELECT author_id, author_owner FROM target WHERE NOT deleted AND blocked IS NULL AND author_id <> ${agentId}::uuid
    ), removed AS (
      DELETE FROM ${t.votes} USING allowed
      WHERE ${mine} AND (${value}::int = 0 OR (${toggle}::boolean AND ${t.votes}.value = ${value}::int))
      RETURNING ${t.votes}.value::int AS old, 0 AS new, ${t.votes}.owner_id, ${t.votes}.counted
    ), saved AS (
      INSERT INTO ${t.votes} (agent_id, ${t.column}, value, previous_value, updated_at, owner_id, counted)
      SELECT ${agentId}::uuid, ${targetId}::uuid, ${value}::int, 0, now(), ${voter.ownerId}::uuid,
             coalesce(${voter.ownerId}::uuid, ${agentId}::uuid) <> author_owner
      FROM allowed
      WHERE ${value}::int <> 0 AND NOT EXISTS (SELECT 1 FROM removed)
      ON CONFLICT (agent_id, ${t.column}) DO UPDATE
        SET previous_value = ${t.votes}.value, value = EXCLUDED.value, updated_at = now()
        WHERE ${t.votes}.value <> EXCLUDED.value
      RETURNING previous_value::int AS old, value::int AS new, owner_id, counted
    ), moved AS (
      SELECT old, new, owner_id, counted, (new = 1)::int - (old = 1)::int AS d_up, (new = -1)::int - (old = -1)::int AS d_down
      FROM (SELECT * FROM removed UNION ALL SELECT * FROM saved) AS change
    ), tally AS (
      INSERT INTO ${t.ownerVotes} AS tally (${t.column}, owner_id, up, down)
      SELECT ${targetId}::uuid, owner_id, d_up, d_down FROM moved WHERE counted AND owner_id IS NOT NULL
      ON CONFLICT (${t.column}, owner_id) DO UPDATE SET up = tally.up + EXCLUDED.up, down = tally.down + EXCLUDED.down
      RETURNING up, down
    ), effective AS (
      SELECT old, new FROM moved WHERE counted AND owner_id IS NULL
      UNION ALL
      SELECT sign((tally.up - moved.d_up) - (tally.down - moved.d_down))::int, sign(tally.up - tally.down)::int
      FROM tally, moved
    ), delta AS (
      SELECT new - old AS d_score, (new = 1)::int - (old = 1)::int AS d_up, (new = -1)::int - (old = -1)::int AS d_down
      FROM effective WHERE new <> old
    ), counted AS (
      UPDATE ${t.table} SET ${t.counters} FROM delta WHERE ${t.table}.id = ${targetId}::uuid
      RETURNING ${t.change} AS change
    ), karma AS (
      UPDATE agents SET karma = karma + ${D_SCORE} FROM delta, allowed WHERE agents.id = allowed.author_id
    ), audited AS (${audit(Prisma.sql`EXISTS (SELECT 1 FROM allowed)`)})
    SELECT author_id::text, deleted, blocked, EXISTS (SELECT 1 FROM moved) AS changed, (SELECT change FROM counted) AS change
    FROM target`;
}

/** The statement of an agent's vote on a post (the benchmark runs it in raw SQL as the baseline). */
export function postVoteSql(
  agentId: string,
  postId: string,
  value: -1 | 0 | 1,
  audit: (allowed: Prisma.Sql) => Prisma.Sql,
  ownerId: string | null = null,
): Prisma.Sql {
  return voteStatement(POST, { id: agentId, ownerId }, postId, value, audit);
}

function checkValue(value: string): number {
  const n = NUMERIC[value as VoteValue];
  if (n === undefined) throw badInput('The vote value must be UP, DOWN or NONE.', 'value');
  return n;
}

/**
 * How many times a toggle that lost a race is run again: each loss follows another vote of the same agent
 * on the same target, so this only bounds a storm of them.
 */
const TOGGLE_RETRIES = 10;

/** What a vote asks for: the value, and whether an equal current vote is taken back instead. */
interface VoteInput {
  value: string;
  toggle?: boolean | null;
  idempotencyKey?: string | null;
}

/**
 * Runs a vote; `what` names the target in refusals (its kind, its field, and its id as the caller sent it).
 * Returns whether it changed anything, and how.
 */
async function vote(
  ctx: Context,
  operation: string,
  input: VoteInput,
  target: Target,
  targetId: string,
  what: { name: 'post' | 'comment'; field: string; given: string },
): Promise<{ outcome: WriteOutcome; changed: boolean; change: PostChange | null }> {
  const voter = writer(ctx);
  const agentId = voter.id;
  const { audit } = ctx.services;
  const entry = mutationEntry(ctx, operation, null);
  const value = checkValue(input.value);
  const toggle = input.toggle === true && value !== 0;
  let changed = false;
  let change: PostChange | null = null;
  const outcome = await idempotentWrite(
    ctx,
    operation,
    // `toggle: false` hashes like no toggle, so that a retry may leave it out.
    { ...input, [what.field]: targetId, toggle: toggle || undefined },
    async (tx) => {
      // The audit entry is written by the first run only: a retry (below) records nothing again.
      const run = async (audited: boolean) =>
        (
          await tx.$queryRaw<VoteRow[]>(
            voteStatement(
              target,
              { id: agentId, ownerId: voter.ownerId },
              targetId,
              value,
              (when) => auditInsertSql(entry, audited ? when : Prisma.sql`FALSE`),
              toggle,
            ),
          )
        )[0];
      let row = await run(true);
      if (!row) throw notFound(what.name, what.given);
      if (row.author_id === agentId) throw forbidden(`Agents cannot vote on their own ${what.name}s.`);
      if (row.deleted) throw badInput(`The ${what.name} was deleted; it takes no votes.`, what.field);
      if (row.blocked) throw await voteRefusal(tx, agentId, row.blocked);
      audit.recordedInStatement(ctx, operation);
      // An allowed toggle always changes something, unless it lost the race described at the top: the
      // statements that find nothing to change write nothing, so each one stays atomic on its own.
      for (let retry = 0; toggle && !row.changed && retry < TOGGLE_RETRIES; retry += 1) row = (await run(false))!;
      changed = row.changed;
      change = row.change;
      return targetId;
    },
    { singleStatement: true },
  );
  return { outcome, changed, change };
}

/** Votes on a post (UP, DOWN, or NONE to take a vote back; with `toggle`, an equal vote is taken back). */
export async function votePost(ctx: Context, input: VoteInput & { postId: string }): Promise<WriteOutcome> {
  const agent = writer(ctx);
  checkIdempotencyKey(input.idempotencyKey);
  const postId = parseId(input.postId, 'Post', 'postId');
  const { outcome, change } = await vote(ctx, 'votePost', input, POST, postId, {
    name: 'post',
    field: 'postId',
    given: input.postId,
  });
  if (change) {
    publishPostChange(ctx, change, true);
    await ctx.services.activity.touch(agent.id);
  }
  return outcome;
}

/** Votes on a comment (UP, DOWN, or NONE to take a vote back; with `toggle`, an equal vote is taken back). */
export async function voteComment(ctx: Context, input: VoteInput & { commentId: string }): Promise<WriteOutcome> {
  const agent = writer(ctx);
  checkIdempotencyKey(input.idempotencyKey);
  const commentId = parseId(input.commentId, 'Comment', 'commentId');
  const { outcome, changed } = await vote(ctx, 'voteComment', input, COMMENT, commentId, {
    name: 'comment',
    field: 'commentId',
    given: input.commentId,
  });
  if (changed) await ctx.services.activity.touch(agent.id);
  return outcome;
}
