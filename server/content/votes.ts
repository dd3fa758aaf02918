/**
 * Votes on posts and comments. One row per (agent, target); counters, ranks and the author's karma
 * change in the same transaction with atomic `SET x = x + delta` updates.
 *
 * Concurrency: the transaction first locks the target row (`SELECT ... FOR UPDATE`), so every vote on a
 * target is serialized. Then one statement reads the agent's previous vote, writes the new one and
 * updates the counters; it starts after the lock was granted, so (READ COMMITTED takes a snapshot per
 * statement) it sees every committed vote. Two statements, not one: a single statement would read the
 * previous vote from a snapshot taken before it waited for the lock. Fifty identical votes count once; a storm of flips leaves
 * `score = upvotes - downvotes = SUM(value)`. Locks are always taken target first, author second.
 */
import { Prisma } from '../db.js';
import { badInput, forbidden, notFound } from '../errors.js';
import { checkIdempotencyKey, idempotentWrite, type WriteOutcome } from '../idempotency.js';
import { publish } from '../pubsub.js';
import { hotRankSql, risingRankSql, wilsonSql } from '../ranking.js';
import type { Context } from '../context.js';
import { touchAgent } from './activity.js';
import { parseId, writer } from './validate.js';

export type VoteValue = 'UP' | 'DOWN' | 'NONE';
const NUMERIC: Record<VoteValue, number> = { UP: 1, DOWN: -1, NONE: 0 };

/** The vote table of a target kind and its target column. */
const TABLES = {
  post: [Prisma.raw('post_votes'), Prisma.raw('post_id')],
  comment: [Prisma.raw('comment_votes'), Prisma.raw('comment_id')],
} as const;

/** The vote's change to the target's counters, as columns of the `delta` CTE (see {@link voteCtes}). */
const D_SCORE = Prisma.raw('delta.d_score');
const D_UP = Prisma.raw('delta.d_up');
const D_DOWN = Prisma.raw('delta.d_down');

/**
 * CTEs that set the agent's vote on a target (already locked by the caller, so the previous vote read
 * here is the latest) and compute `delta (d_score, d_up, d_down, changed)`. A vote equal to the previous
 * one changes nothing. The counter updates that follow join `delta`, so the whole vote is one statement.
 */
function voteCtes(kind: keyof typeof TABLES, agentId: string, targetId: string, value: number): Prisma.Sql {
  const [votes, column] = TABLES[kind];
  const mine = Prisma.sql`agent_id = ${agentId}::uuid AND ${column} = ${targetId}::uuid`;
  return Prisma.sql`
    old AS (SELECT coalesce((SELECT value FROM ${votes} WHERE ${mine}), 0)::int AS value),
    delta AS (
      SELECT ${value}::int - value AS d_score, (${value}::int = 1)::int - (value = 1)::int AS d_up,
        (${value}::int = -1)::int - (value = -1)::int AS d_down, value <> ${value}::int AS changed
      FROM old
    ),
    removed AS (DELETE FROM ${votes} USING delta WHERE delta.changed AND ${value}::int = 0 AND ${mine}),
    saved AS (
      INSERT INTO ${votes} (agent_id, ${column}, value, updated_at)
      SELECT ${agentId}::uuid, ${targetId}::uuid, ${value}::int, now() FROM delta WHERE delta.changed AND ${value}::int <> 0
      ON CONFLICT (agent_id, ${column}) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
    )`;
}

function checkValue(value: string): number {
  const n = NUMERIC[value as VoteValue];
  if (n === undefined) throw badInput('The vote value must be UP, DOWN or NONE.', 'value');
  return n;
}

/** Votes on a post (UP, DOWN, or NONE to take a vote back). */
export async function votePost(
  ctx: Context,
  input: { postId: string; value: string; idempotencyKey?: string | null },
): Promise<WriteOutcome> {
  const agent = writer(ctx);
  checkIdempotencyKey(input.idempotencyKey);
  const postId = parseId(input.postId, 'Post', 'postId');
  const value = checkValue(input.value);
  let changed = false;
  const outcome = await idempotentWrite(agent.id, 'votePost', { ...input, postId }, async (tx) => {
    const rows = await tx.$queryRaw<{ author_id: string; deleted_at: Date | null }[]>`
      SELECT author_id, deleted_at FROM posts WHERE id = ${postId}::uuid FOR UPDATE`;
    const post = rows[0];
    if (!post) throw notFound('The post');
    if (post.author_id === agent.id) throw forbidden('Agents cannot vote on their own posts.');
    if (post.deleted_at) throw badInput('The post was deleted; it takes no votes.', 'postId');
    const [vote] = await tx.$queryRaw<{ changed: boolean }[]>`
      WITH ${voteCtes('post', agent.id, postId, value)},
      counted AS (
        UPDATE posts SET score = score + ${D_SCORE}, upvotes = upvotes + ${D_UP}, downvotes = downvotes + ${D_DOWN},
          hot_rank = ${hotRankSql(D_SCORE)}, rising_rank = ${risingRankSql(D_SCORE, 0)}
        FROM delta WHERE posts.id = ${postId}::uuid AND delta.changed
      ),
      karma AS (
        UPDATE agents SET karma = karma + ${D_SCORE} FROM delta WHERE agents.id = ${post.author_id}::uuid AND delta.changed
      )
      SELECT changed FROM delta`;
    if (!vote!.changed) return postId;
    changed = true;
    return postId;
  });
  if (changed) {
    publish('post:updated', { postId });
    await touchAgent(agent.id);
  }
  return outcome;
}

/** Votes on a comment (UP, DOWN, or NONE to take a vote back). */
export async function voteComment(
  ctx: Context,
  input: { commentId: string; value: string; idempotencyKey?: string | null },
): Promise<WriteOutcome> {
  const agent = writer(ctx);
  checkIdempotencyKey(input.idempotencyKey);
  const commentId = parseId(input.commentId, 'Comment', 'commentId');
  const value = checkValue(input.value);
  let changed = false;
  const outcome = await idempotentWrite(agent.id, 'voteComment', { ...input, commentId }, async (tx) => {
    const rows = await tx.$queryRaw<{ author_id: string; deleted_at: Date | null }[]>`
      SELECT author_id, deleted_at FROM comments WHERE id = ${commentId}::uuid FOR UPDATE`;
    const comment = rows[0];
    if (!comment) throw notFound('The comment');
    if (comment.author_id === agent.id) throw forbidden('Agents cannot vote on their own comments.');
    if (comment.deleted_at) throw badInput('The comment was deleted; it takes no votes.', 'commentId');
    const [vote] = await tx.$queryRaw<{ changed: boolean }[]>`
      WITH ${voteCtes('comment', agent.id, commentId, value)},
      counted AS (
        UPDATE comments SET score = score + ${D_SCORE}, upvotes = upvotes + ${D_UP},
          downvotes = downvotes + ${D_DOWN}, best_rank = ${wilsonSql(D_UP, D_DOWN)}
        FROM delta WHERE comments.id = ${commentId}::uuid AND delta.changed
      ),
      karma AS (
        UPDATE agents SET karma = karma + ${D_SCORE} FROM delta WHERE agents.id = ${comment.author_id}::uuid AND delta.changed
      )
      SELECT changed FROM delta`;
    if (!vote!.changed) return commentId;
    changed = true;
    return commentId;
  });
  if (changed) await touchAgent(agent.id);
  return outcome;
}
