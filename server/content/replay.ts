/**
 * The database side of live subscriptions: where a subscriber's `after` points, and the events created
 * since then, read in creation order in pages (with the rows they are shown with, as live events carry
 * them), so that a viewer that reconnects misses nothing.
 */
import type { PrismaClient } from '../infra/db.js';
import { badInput } from '../errors.js';
import type { Topics } from '../pubsub/topics.js';
import { parseId } from '../write/validate.js';
import { commentPosition, postPosition, type Position } from './cursor.js';
import { COMMENT_SNAPSHOT_INCLUDE, commentSnapshot, POST_SNAPSHOT_INCLUDE, postSnapshot } from './snapshots.js';

/** Rows read per replay query. */
const REPLAY_PAGE = 100;

const since = (from: Position) => ({
  OR: [{ createdAt: { gt: from.createdAt } }, { createdAt: from.createdAt, id: { gt: from.id } }],
});

/**
 * The position `after` points at: a cursor of that kind of row (any order), or the row's id (what a
 * subscriber saw last in an event). Garbage or an unknown id is `BAD_USER_INPUT` on `after`.
 */
export async function afterPosition(db: PrismaClient, after: string, typename: 'Post' | 'Comment'): Promise<Position> {
  try {
    return typename === 'Post' ? postPosition(after) : commentPosition(after);
  } catch {
    // not a cursor: perhaps an id
  }
  const refusal = badInput(`"after" must be a ${typename.toLowerCase()} cursor or the id of a ${typename}.`, 'after');
  let id: string;
  try {
    id = parseId(after, typename, 'after');
  } catch {
    throw refusal;
  }
  const where = { where: { id }, select: { id: true, createdAt: true } } as const;
  const row = typename === 'Post' ? await db.post.findUnique(where) : await db.comment.findUnique(where);
  if (!row) throw refusal;
  return row;
}

/**
 * Pages of the posts created after `from`, everywhere or in one submolt (by id); deleted and removed
 * posts have left the feeds, so they are not replayed.
 */
export async function* postsSince(
  db: PrismaClient,
  from: Position,
  submoltId: string | null,
): AsyncGenerator<Topics['post:created'][]> {
  for (let cursor = from; ;) {
    const rows = await db.post.findMany({
      where: { ...since(cursor), ...(submoltId ? { submoltId } : {}), deletedAt: null },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: REPLAY_PAGE,
      include: POST_SNAPSHOT_INCLUDE,
    });
    if (rows.length > 0) yield rows.map((row) => ({ post: postSnapshot(row) }));
    if (rows.length < REPLAY_PAGE) return;
    cursor = rows[rows.length - 1]!;
  }
}

/** Pages of the comments added to a post's thread after `from`. */
export async function* commentsSince(
  db: PrismaClient,
  from: Position,
  postId: string,
): AsyncGenerator<Topics['comment:added'][]> {
  for (let cursor = from; ;) {
    const rows = await db.comment.findMany({
      where: { postId, ...since(cursor) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: REPLAY_PAGE,
      include: COMMENT_SNAPSHOT_INCLUDE,
    });
    if (rows.length > 0) yield rows.map((row) => ({ comment: commentSnapshot(row) }));
    if (rows.length < REPLAY_PAGE) return;
    cursor = rows[rows.length - 1]!;
  }
}
