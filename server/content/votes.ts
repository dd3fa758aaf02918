/**
 * Votes on posts and comments. One row per (agent, target); counters, ranks and the author's karma
 * change in the same transaction with atomic `SET x = x + delta` updates.
 *
 * Concurrency: the transaction first locks the target row (`SELECT ... FOR UPDATE`), so every vote on a
 * target is serialized; the agent's previous vote is read only after the lock, and therefore sees every
 * committed vote. Fifty identical votes count once; a storm of flips leaves
 * `score = upvotes - downvotes = SUM(value)`. Locks are always taken target first, author second.
 */
import { Prisma } from '../db.js';
import { badInput, forbidden, notFound } from '../errors.js';
import { checkIdempotencyKey, idempotentWrite, type Tx, type WriteOutcome } from '../idempotency.js';
import { publish } from '../pubsub.js';
import { hotRankSql, risingRankSql, wilsonSql } from '../ranking.js';
import type { Context } from '../context.js';
import { touchAgent } from './activity.js';
import { parseId, writer } from './validate.js';

export type VoteValue = 'UP' | 'DOWN' | 'NONE';
const NUMERIC: Record<VoteValue, number> = { UP: 1, DOWN: -1, NONE: 0 };

interface Change {
  up: number;
  down: number;
  score: number;
}

/** Writes the vote row and returns how the counters change (all zero when the vote was already so). */
async function setVote(tx: Tx, table: 'post' | 'comment', agentId: string, targetId: string, value: number) {
  const [votes, column] =
    table === 'post'
      ? [Prisma.raw('post_votes'), Prisma.raw('post_id')]
      : [Prisma.raw('comment_votes'), Prisma.raw('comment_id')];
  const rows = await tx.$queryRaw<{ value: number }[]>`
    SELECT value FROM ${votes} WHERE agent_id = ${agentId}::uuid AND ${column} = ${targetId}::uuid`;
  const old = rows[0]?.value ?? 0;
  if (old === value) return { up: 0, down: 0, score: 0 } satisfies Change;
  if (value === 0) {
    await tx.$executeRaw`DELETE FROM ${votes} WHERE agent_id = ${agentId}::uuid AND ${column} = ${targetId}::uuid`;
  } else {
    await tx.$executeRaw`
      INSERT INTO ${votes} (agent_id, ${column}, value, updated_at) VALUES (${agentId}::uuid, ${targetId}::uuid, ${value}, now())
      ON CONFLICT (agent_id, ${column}) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`;
  }
  return {
    up: Number(value === 1) - Number(old === 1),
    down: Number(value === -1) - Number(old === -1),
    score: value - old,
  } satisfies Change;
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
    const d = await setVote(tx, 'post', agent.id, postId, value);
    if (d.score === 0 && d.up === 0) return postId;
    await tx.$executeRaw`
      UPDATE posts SET score = score + ${d.score}, upvotes = upvotes + ${d.up}, downvotes = downvotes + ${d.down},
        hot_rank = ${hotRankSql(d.score)}, rising_rank = ${risingRankSql(d.score, 0)}
      WHERE id = ${postId}::uuid`;
    await tx.$executeRaw`UPDATE agents SET karma = karma + ${d.score} WHERE id = ${post.author_id}::uuid`;
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
    const d = await setVote(tx, 'comment', agent.id, commentId, value);
    if (d.score === 0 && d.up === 0) return commentId;
    await tx.$executeRaw`
      UPDATE comments SET score = score + ${d.score}, upvotes = upvotes + ${d.up}, downvotes = downvotes + ${d.down},
        best_rank = ${wilsonSql(d.up, d.down)}
      WHERE id = ${commentId}::uuid`;
    await tx.$executeRaw`UPDATE agents SET karma = karma + ${d.score} WHERE id = ${comment.author_id}::uuid`;
    changed = true;
    return commentId;
  });
  if (changed) await touchAgent(agent.id);
  return outcome;
}
