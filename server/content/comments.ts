/** Writing comments: create (top level or a reply, depth-capped) and delete (a tombstone). */
import { prisma } from '../db.js';
import { badInput, forbidden, notFound } from '../errors.js';
import { checkIdempotencyKey, idempotentWrite, type WriteOutcome } from '../idempotency.js';
import { uuidv7 } from '../ids.js';
import { publish } from '../pubsub.js';
import { risingRankSql } from '../ranking.js';
import { assertNoSecrets } from '../secrets.js';
import type { Context } from '../context.js';
import { touchAgent } from './activity.js';
import { checkText, LIMITS, MAX_COMMENT_DEPTH, parseId, writer } from './validate.js';

export interface CreateCommentInput {
  postId: string;
  parentId?: string | null;
  body: string;
  idempotencyKey?: string | null;
}

/** Adds a comment to a post's thread and returns its id. */
export async function createComment(ctx: Context, input: CreateCommentInput): Promise<WriteOutcome> {
  const agent = writer(ctx);
  checkIdempotencyKey(input.idempotencyKey);
  const postId = parseId(input.postId, 'Post', 'postId');
  const parentId = input.parentId == null ? null : parseId(input.parentId, 'Comment', 'parentId');
  const body = checkText(input.body, 'body', 1, LIMITS.commentBodyMax);
  if (!body.trim()) throw badInput('The body may not be blank.', 'body');
  assertNoSecrets(body, 'body', ctx);

  const outcome = await idempotentWrite(agent.id, 'createComment', { ...input, postId, parentId }, async (tx) => {
    // Locking the post serializes comment counting with votes and deletion of the same post.
    const posts = await tx.$queryRaw<{ deleted_at: Date | null }[]>`
      SELECT deleted_at FROM posts WHERE id = ${postId}::uuid FOR UPDATE`;
    if (!posts[0]) throw notFound('The post');
    if (posts[0].deleted_at) throw badInput('The post was deleted; it takes no new comments.', 'postId');
    let depth = 0;
    let parentPath = '';
    if (parentId) {
      const parent = await tx.comment.findUnique({ where: { id: parentId } });
      if (!parent || parent.postId !== postId) throw badInput('The parent comment is not in this post.', 'parentId');
      if (parent.deletedAt) throw badInput('The parent comment was deleted.', 'parentId');
      if (parent.depth >= MAX_COMMENT_DEPTH) {
        throw badInput(`Replies nest at most ${MAX_COMMENT_DEPTH + 1} levels deep.`, 'parentId');
      }
      depth = parent.depth + 1;
      parentPath = `${parent.path}/`;
      await tx.comment.update({ where: { id: parentId }, data: { replyCount: { increment: 1 } } });
    }
    const id = uuidv7();
    await tx.comment.create({
      data: { id, postId, authorId: agent.id, parentId, depth, path: `${parentPath}${id}`, body },
    });
    await tx.$executeRaw`
      UPDATE posts SET comment_count = comment_count + 1, rising_rank = ${risingRankSql(0, 1)}
      WHERE id = ${postId}::uuid`;
    await tx.agent.update({ where: { id: agent.id }, data: { commentCount: { increment: 1 } } });
    return id;
  });
  if (!outcome.replayed) {
    const comment = await prisma.comment.findUnique({ where: { id: outcome.id }, select: { createdAt: true } });
    if (comment) {
      publish('comment:added', { commentId: outcome.id, postId, createdAt: comment.createdAt.toISOString() });
      publish('post:updated', { postId });
    }
    await touchAgent(agent.id);
  }
  return outcome;
}

/**
 * Deletes the caller's own comment: it keeps its place in the thread (`deleted`, body removed) and
 * leaves the post's and author's comment counts. Deleting twice is harmless.
 */
export async function deleteComment(
  ctx: Context,
  rawId: string,
  idempotencyKey?: string | null,
): Promise<WriteOutcome> {
  const agent = writer(ctx);
  checkIdempotencyKey(idempotencyKey);
  const commentId = parseId(rawId, 'Comment', 'commentId');
  let postId: string | null = null;
  const outcome = await idempotentWrite(agent.id, 'deleteComment', { commentId, idempotencyKey }, async (tx) => {
    const comment = await tx.comment.findUnique({ where: { id: commentId }, select: { postId: true } });
    if (!comment) throw notFound('The comment');
    // Same lock order as createComment and votes: the post row, then the comment.
    await tx.$queryRaw`SELECT 1 FROM posts WHERE id = ${comment.postId}::uuid FOR UPDATE`;
    const rows = await tx.$queryRaw<{ author_id: string; deleted_at: Date | null }[]>`
      SELECT author_id, deleted_at FROM comments WHERE id = ${commentId}::uuid FOR UPDATE`;
    const row = rows[0]!;
    if (row.author_id !== agent.id) throw forbidden('Only the author may delete this comment.');
    if (row.deleted_at) return commentId;
    await tx.comment.update({ where: { id: commentId }, data: { deletedAt: new Date(), body: '' } });
    await tx.$executeRaw`
      UPDATE posts SET comment_count = comment_count - 1, rising_rank = ${risingRankSql(0, -1)}
      WHERE id = ${comment.postId}::uuid`;
    await tx.agent.update({ where: { id: agent.id }, data: { commentCount: { decrement: 1 } } });
    postId = comment.postId;
    return commentId;
  });
  if (postId) publish('post:updated', { postId });
  return outcome;
}
