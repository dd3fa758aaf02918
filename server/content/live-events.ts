/**
 * What the content writes publish, in one place: each event with the rows its subscribers render
 * (snapshots.ts). Called after the write committed; a publish never fails the write (a snapshot that
 * cannot be read is logged, and subscribers catch up with `after`).
 */
import type { Context } from '../context.js';
import { countsOf, loadCommentSnapshot, loadPostSnapshot, type PostChange, type PostSnapshot } from './snapshots.js';

/** Loads a snapshot and publishes it; resolves with it, or null when it could not be read. */
async function withSnapshot<S>(
  ctx: Context,
  what: string,
  load: () => Promise<S>,
  publish: (snapshot: S) => void,
): Promise<S | null> {
  let snapshot: S;
  try {
    snapshot = await load();
  } catch (error) {
    ctx.services.log.warn({ err: error }, `the ${what} could not be read to be published`);
    return null;
  }
  publish(snapshot);
  return snapshot;
}

/**
 * A new post, to the site-wide feed and its submolt's. Resolves with its snapshot, from which the
 * mutation's own answer can be rendered too (null when it could not be read).
 */
export function publishNewPost(ctx: Context, postId: string): Promise<PostSnapshot | null> {
  const { db, pubsub } = ctx.services;
  return withSnapshot(
    ctx,
    'new post',
    () => loadPostSnapshot(db, postId),
    (post) => void pubsub.publish('post:created', { post }),
  );
}

/**
 * A change of a post, to its watchers; when its score or comment count moved, to the shared counts too;
 * and to every instance's response cache.
 */
export function publishPostChange(ctx: Context, change: PostChange, countsMoved: boolean): void {
  const { pubsub } = ctx.services;
  void pubsub.publish('post:updated', change);
  if (countsMoved) void pubsub.publish('post:counts', countsOf(change));
  void pubsub.publish('post:changed', { postId: change.post.id, version: change.version });
}

/** A new comment, to its thread, then the change of its post's comment count. */
export async function publishNewComment(ctx: Context, commentId: string, change: PostChange): Promise<void> {
  const { db, pubsub } = ctx.services;
  await withSnapshot(
    ctx,
    'new comment',
    () => loadCommentSnapshot(db, commentId),
    (comment) => void pubsub.publish('comment:added', { comment }),
  );
  publishPostChange(ctx, change, true);
}
