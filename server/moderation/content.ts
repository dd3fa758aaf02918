/**
 * Moderating posts and comments: pin (at most {@link MAX_PINNED} per submolt) and unpin, lock and unlock
 * a thread, remove a post or a comment with a reason. A removal is a tombstone like the author's
 * deletion (it leaves every feed, list, search, count and live feed) that also carries `removedAt` and
 * the reason, which the thread shows; the removed text is kept in the audit log only.
 */
import type { ModerationActionKind } from '../../generated/prisma/client.js';
import type { Context } from '../context.js';
import { badInput, notFound } from '../errors.js';
import { Prisma } from '../infra/db.js';
import { publishPostChange } from '../content/live-events.js';
import { risingRankSql } from '../content/ranking.js';
import { POST_CHANGE, readPostChange, type PostChange } from '../content/snapshots.js';
import type { Tx } from '../write/idempotency.js';
import { parseId } from '../write/validate.js';
import { moderatorOf, submoltById } from './access.js';
import { recordAction } from './log.js';
import { checkReason, moderationWrite } from './run.js';

/** Posts a submolt may pin at once. */
export const MAX_PINNED = 3;

interface LockedPost {
  submolt_id: string;
  deleted_at: Date | null;
  pinned_at: Date | null;
  locked_at: Date | null;
  removed_at: Date | null;
}

/** Locks the post row (the order every write takes: post, then comment, then author). */
async function lockPost(tx: Tx, postId: string, given: string): Promise<LockedPost> {
  const [row] = await tx.$queryRaw<LockedPost[]>`
    SELECT submolt_id::text, deleted_at, pinned_at, locked_at, removed_at FROM posts
    WHERE id = ${postId}::uuid FOR UPDATE`;
  if (!row) throw notFound('post', given);
  return row;
}

/** The submolt of a post, and who acts on it (FORBIDDEN for anyone but its moderators and the operator). */
async function postModeration(ctx: Context, rawId: string) {
  const postId = parseId(rawId, 'Post', 'postId');
  const post = await ctx.services.db.post.findUnique({ where: { id: postId }, select: { submoltId: true } });
  if (!post) throw notFound('post', rawId);
  const submolt = await submoltById(ctx.services.db, post.submoltId);
  const { actorId } = await moderatorOf(ctx, submolt);
  return { postId, submolt, actorId };
}

type PostFlag = 'pinned_at' | 'locked_at';
const FLAGS: Record<string, { column: PostFlag; on: boolean; action: ModerationActionKind }> = {
  pinPost: { column: 'pinned_at', on: true, action: 'PIN_POST' },
  unpinPost: { column: 'pinned_at', on: false, action: 'UNPIN_POST' },
  lockPost: { column: 'locked_at', on: true, action: 'LOCK_POST' },
  unlockPost: { column: 'locked_at', on: false, action: 'UNLOCK_POST' },
};

/**
 * Pins, unpins, locks or unlocks a post (`operation` names which). Doing it twice is harmless and logs
 * once. A submolt pins at most {@link MAX_PINNED} posts (BAD_USER_INPUT for a fourth); a deleted or
 * removed post cannot be pinned or locked.
 */
export async function flagPost(
  ctx: Context,
  operation: 'pinPost' | 'unpinPost' | 'lockPost' | 'unlockPost',
  rawId: string,
  idempotencyKey?: string | null,
): Promise<string> {
  const { column, on, action } = FLAGS[operation]!;
  const { postId, submolt, actorId } = await postModeration(ctx, rawId);
  return moderationWrite(ctx, operation, actorId, { postId, idempotencyKey }, async (tx) => {
    if (column === 'pinned_at' && on) {
      // The submolt row lock serializes pins, so that racing pins cannot pass the cap together.
      await tx.$queryRaw`SELECT 1 FROM submolts WHERE id = ${submolt.id}::uuid FOR UPDATE`;
    }
    const post = await lockPost(tx, postId, rawId);
    if ((post[column] !== null) === on) return { id: postId, action: null };
    if (on && post.deleted_at) throw badInput('A deleted or removed post cannot be pinned or locked.', 'postId');
    if (column === 'pinned_at' && on) {
      const [{ pinned }] = await tx.$queryRaw<[{ pinned: number }]>`
        SELECT count(*)::int AS pinned FROM posts WHERE submolt_id = ${submolt.id}::uuid AND pinned_at IS NOT NULL`;
      if (pinned >= MAX_PINNED) {
        throw badInput(`A submolt pins at most ${MAX_PINNED} posts: unpin one first.`, 'postId');
      }
    }
    const [updated] = await tx.$queryRaw<{ change: PostChange }[]>`
      UPDATE posts SET ${Prisma.raw(column)} = ${on ? new Date() : null}::timestamptz
      WHERE id = ${postId}::uuid RETURNING ${POST_CHANGE} AS change`;
    const logged = await recordAction(ctx, tx, operation, submolt.id, actorId, { action, postId });
    return { id: postId, action: logged, after: () => publishPostChange(ctx, updated!.change, false) };
  });
}

/** Removes a post with a reason (a tombstone that shows the reason). Removing twice is harmless. */
export async function removePost(
  ctx: Context,
  rawId: string,
  reason: string,
  idempotencyKey?: string | null,
): Promise<string> {
  const why = checkReason(ctx, reason, true)!;
  const { postId, submolt, actorId } = await postModeration(ctx, rawId);
  return moderationWrite(ctx, 'removePost', actorId, { postId, reason: why, idempotencyKey }, async (tx) => {
    const post = await lockPost(tx, postId, rawId);
    if (post.removed_at) return { id: postId, action: null };
    const before = await tx.post.findUniqueOrThrow({
      where: { id: postId },
      select: { title: true, body: true, url: true, authorId: true },
    });
    const now = new Date();
    await tx.post.update({
      where: { id: postId },
      data: {
        deletedAt: post.deleted_at ?? now,
        removedAt: now,
        removalReason: why,
        pinnedAt: null,
        title: '[removed]',
        body: null,
        url: null,
      },
    });
    if (!post.deleted_at) {
      // It leaves the counts as the author's deletion does (a deleted post has already left them).
      await tx.submolt.update({ where: { id: submolt.id }, data: { postCount: { decrement: 1 } } });
      await tx.agent.update({ where: { id: before.authorId }, data: { postCount: { decrement: 1 } } });
    }
    const logged = await recordAction(
      ctx,
      tx,
      'removePost',
      submolt.id,
      actorId,
      { action: 'REMOVE_POST', postId, targetAgentId: before.authorId, reason: why },
      { removed: post.deleted_at ? null : { title: before.title, body: before.body, url: before.url } },
    );
    const change = await readPostChange(tx, postId);
    return { id: postId, action: logged, after: () => publishPostChange(ctx, change, true) };
  });
}

/** Removes a comment with a reason (it keeps its place in the thread). Removing twice is harmless. */
export async function removeComment(
  ctx: Context,
  rawId: string,
  reason: string,
  idempotencyKey?: string | null,
): Promise<string> {
  const why = checkReason(ctx, reason, true)!;
  const commentId = parseId(rawId, 'Comment', 'commentId');
  const { db } = ctx.services;
  const found = await db.comment.findUnique({
    where: { id: commentId },
    select: { postId: true, post: { select: { submoltId: true } } },
  });
  if (!found) throw notFound('comment', rawId);
  const submolt = await submoltById(db, found.post.submoltId);
  const { actorId } = await moderatorOf(ctx, submolt);
  return moderationWrite(ctx, 'removeComment', actorId, { commentId, reason: why, idempotencyKey }, async (tx) => {
    // Same lock order as createComment, deleteComment and votes: the post row, then the comment.
    await lockPost(tx, found.postId, found.postId);
    const [row] = await tx.$queryRaw<
      { author_id: string; deleted_at: Date | null; removed_at: Date | null; body: string }[]
    >`
      SELECT author_id::text, deleted_at, removed_at, body FROM comments WHERE id = ${commentId}::uuid FOR UPDATE`;
    if (row!.removed_at) return { id: commentId, action: null };
    const now = new Date();
    await tx.comment.update({
      where: { id: commentId },
      data: { deletedAt: row!.deleted_at ?? now, removedAt: now, removalReason: why, body: '' },
    });
    let change: PostChange | null = null;
    if (!row!.deleted_at) {
      const [counted] = await tx.$queryRaw<{ change: PostChange }[]>`
        UPDATE posts SET comment_count = comment_count - 1, rising_rank = ${risingRankSql(0, -1)}
        WHERE id = ${found.postId}::uuid RETURNING ${POST_CHANGE} AS change`;
      await tx.agent.update({ where: { id: row!.author_id }, data: { commentCount: { decrement: 1 } } });
      change = counted!.change;
    }
    const logged = await recordAction(
      ctx,
      tx,
      'removeComment',
      submolt.id,
      actorId,
      { action: 'REMOVE_COMMENT', postId: found.postId, commentId, targetAgentId: row!.author_id, reason: why },
      { removed: row!.deleted_at ? null : { body: row!.body } },
    );
    return { id: commentId, action: logged, after: () => change && publishPostChange(ctx, change, true) };
  });
}
