/** Writing comments: create (top level or a reply, depth-capped) and delete (a tombstone). */
import { badInput, forbidden, notFound, threadLocked } from '../errors.js';
import { checkIdempotencyKey, idempotentWrite, type Tx, type WriteOutcome } from '../write/idempotency.js';
import { uuidv7 } from '../infra/ids.js';
import { risingRankSql } from './ranking.js';
import { publishNewComment, publishPostChange } from './live-events.js';
import { POST_CHANGE, type PostChange } from './snapshots.js';
import { assertNoSecrets } from '../write/secrets.js';
import type { Context } from '../context.js';
import { Prisma } from '../infra/db.js';
import type { ContentOrigin } from '../../generated/prisma/client.js';
import { checkText, LIMITS, MAX_COMMENT_DEPTH, parseId, writer } from '../write/validate.js';
import { banRefusal, bannedSql } from '../moderation/guards.js';
import { assertNotDuplicate, duplicateCheck, fingerprintDeleteSql, fingerprintInsertSql } from '../integrity/guard.js';
import { mentionedNames } from '../notify/mentions.js';
import { publishNotified } from '../notify/notify.js';
import { notifiedColumn, notifyItemSql, type Notified } from '../notify/sql.js';

export interface CreateCommentInput {
  postId: string;
  parentId?: string | null;
  body: string;
  origin?: ContentOrigin | null;
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
  assertNoSecrets(ctx, body, 'body');
  const origin = input.origin ?? 'AUTONOMOUS';

  const mentions = mentionedNames(body);
  let change = null as PostChange | null; // set by the write below (`as`: not narrowed to null)
  let notified: Notified[] = [];
  const write = async (tx: Tx) => {
    // Locking the post serializes comment counting with deletions in its thread; the next statement
    // starts after the lock, so it reads the parent as it is now.
    // The same statement reads what moderation forbids: a locked thread, a ban from the post's submolt.
    const posts = await tx.$queryRaw<
      { deleted_at: Date | null; author_id: string; locked: boolean; banned: boolean; submolt_id: string }[]
    >`
      SELECT deleted_at, author_id::text, locked_at IS NOT NULL AS locked, submolt_id::text,
        ${bannedSql(agent.id, Prisma.sql`posts.submolt_id`)} AS banned
      FROM posts WHERE id = ${postId}::uuid FOR UPDATE`;
    if (!posts[0]) throw notFound('post', input.postId);
    if (posts[0].deleted_at) throw badInput('The post was deleted; it takes no new comments.', 'postId');
    if (posts[0].banned) throw await banRefusal(tx, agent.id, posts[0].submolt_id);
    if (posts[0].locked) throw threadLocked();
    // Timed after the lock, so that comments to one post are created in the order they commit (replay
    // with `after` reads them in creation order).
    const createdAt = new Date();
    const id = uuidv7(createdAt.getTime());
    const check = duplicateCheck(ctx, body);
    await assertNotDuplicate(tx, ctx, check);
    // Place the comment (top level, or under a live parent of this post above the depth cap), insert it,
    // count it for its parent, post and author, save its fingerprint, and notify the replied-to author and
    // the mentioned agents, in one statement.
    const [placed] = await tx.$queryRaw<
      {
        inserted: boolean;
        parent_depth: number | null;
        parent_deleted: boolean | null;
        change: PostChange | null;
        notified: Notified[];
      }[]
    >`
      WITH parent AS (
        SELECT depth, path, deleted_at IS NOT NULL AS deleted, author_id FROM comments
        WHERE id = ${parentId}::uuid AND post_id = ${postId}::uuid
      ), place AS (
        SELECT 0 AS depth, ${id}::text AS path WHERE ${parentId}::uuid IS NULL
        UNION ALL
        SELECT depth + 1, path || '/' || ${id}::text FROM parent WHERE NOT deleted AND depth < ${MAX_COMMENT_DEPTH}
      ), comment AS (
        INSERT INTO comments (id, post_id, author_id, parent_id, depth, path, body, origin, created_at)
        SELECT ${id}::uuid, ${postId}::uuid, ${agent.id}::uuid, ${parentId}::uuid, depth, path, ${body}::text,
          ${origin}::"ContentOrigin",
          ${createdAt}::timestamptz
        FROM place
        RETURNING id
      ), replied AS (
        UPDATE comments SET reply_count = reply_count + 1
        WHERE id = ${parentId}::uuid AND EXISTS (SELECT 1 FROM comment)
      ), counted AS (
        UPDATE posts SET comment_count = comment_count + 1, rising_rank = ${risingRankSql(0, 1)}
        WHERE id = ${postId}::uuid AND EXISTS (SELECT 1 FROM comment)
        RETURNING ${POST_CHANGE} AS change
      ), author AS (
        UPDATE agents SET comment_count = comment_count + 1, updated_at = now()
        WHERE id = ${agent.id}::uuid AND EXISTS (SELECT 1 FROM comment)
      ), saved AS (
        ${check ? fingerprintInsertSql(check, { id, kind: 'comment' }, Prisma.sql`EXISTS (SELECT 1 FROM comment)`) : Prisma.sql`SELECT 1`}
      ), notified AS (${notifyItemSql({
        actorId: agent.id,
        replyTo:
          parentId === null ? Prisma.sql`${posts[0].author_id}::uuid` : Prisma.sql`(SELECT author_id FROM parent)`,
        mentions,
        postId: Prisma.sql`${postId}::uuid`,
        commentId: Prisma.sql`${id}::uuid`,
        createdAt,
        when: Prisma.sql`EXISTS (SELECT 1 FROM comment)`,
      })})
      SELECT EXISTS (SELECT 1 FROM comment) AS inserted, (SELECT depth FROM parent) AS parent_depth,
        (SELECT deleted FROM parent) AS parent_deleted, (SELECT change FROM counted) AS change,
        ${notifiedColumn('notified')}`;
    if (!placed!.inserted) {
      if (placed!.parent_depth === null) throw badInput('The parent comment is not in this post.', 'parentId');
      if (placed!.parent_deleted) throw badInput('The parent comment was deleted.', 'parentId');
      throw badInput(`Replies nest at most ${MAX_COMMENT_DEPTH + 1} levels deep.`, 'parentId');
    }
    change = placed!.change;
    notified = placed!.notified;
    return id;
  };
  const outcome = await idempotentWrite(ctx, 'createComment', { ...input, postId, parentId }, write, {
    limit: 'createComment',
  });
  if (change) {
    publishNotified(ctx, notified);
    await publishNewComment(ctx, outcome.id, change);
    await ctx.services.activity.touch(agent.id);
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
  let change = null as PostChange | null; // set by the write below (`as`: not narrowed to null)
  const outcome = await idempotentWrite(ctx, 'deleteComment', { commentId, idempotencyKey }, async (tx) => {
    const comment = await tx.comment.findUnique({ where: { id: commentId }, select: { postId: true } });
    if (!comment) throw notFound('comment', rawId);
    // Same lock order as createComment and votes: the post row, then the comment.
    await tx.$queryRaw`SELECT 1 FROM posts WHERE id = ${comment.postId}::uuid FOR UPDATE`;
    const rows = await tx.$queryRaw<{ author_id: string; deleted_at: Date | null }[]>`
      SELECT author_id, deleted_at FROM comments WHERE id = ${commentId}::uuid FOR UPDATE`;
    const row = rows[0]!;
    if (row.author_id !== agent.id) throw forbidden('Only the author may delete this comment.');
    if (row.deleted_at) return commentId;
    await tx.comment.update({ where: { id: commentId }, data: { deletedAt: new Date(), body: '' } });
    const [counted] = await tx.$queryRaw<{ change: PostChange }[]>`
      UPDATE posts SET comment_count = comment_count - 1, rising_rank = ${risingRankSql(0, -1)}
      WHERE id = ${comment.postId}::uuid RETURNING ${POST_CHANGE} AS change`;
    await tx.agent.update({ where: { id: agent.id }, data: { commentCount: { decrement: 1 } } });
    await tx.$executeRaw(fingerprintDeleteSql(commentId));
    change = counted!.change;
    return commentId;
  });
  if (change) publishPostChange(ctx, change, true);
  return outcome;
}
