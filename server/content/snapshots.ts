/**
 * What live events carry: the rows their subscribers render, taken when the change is written, so that
 * no instance reads the database to deliver an event (see server/realtime/render.ts). A post change is
 * taken by the very statement that makes it (`RETURNING` {@link POST_CHANGE}), under the post's row
 * lock; a new post or comment is read once, after its commit, with the rows it is shown with.
 *
 * Snapshots are JSON (dates as ISO strings) and small: a post body longer than
 * {@link SNAPSHOT_BODY_MAX} characters is left out, and a subscription that selects it reads the post.
 * Every other row in a snapshot is whole, as Prisma would load it.
 */
import type { Agent, Comment, Post, Submolt } from '../../generated/prisma/client.js';
import { Prisma, type PrismaClient } from '../infra/db.js';

/** A row as JSON carries it: dates as ISO strings. */
export type JsonRow<R> = {
  [K in keyof R]: R[K] extends Date ? string : R[K] extends Date | null ? string | null : R[K];
};

/** Bodies longer than this many characters stay out of snapshots. */
export const SNAPSHOT_BODY_MAX = 4000;

/** A post row (its body left out when long), with its author and submolt when a new post is published. */
export type PostSnapshot = Omit<JsonRow<Post>, 'body'> & {
  body?: string | null;
  author?: JsonRow<Agent>;
  submolt?: JsonRow<Submolt>;
};

/** A comment row with its author and its parent (null at the top level). */
export type CommentSnapshot = JsonRow<Comment> & { author: JsonRow<Agent>; parent: JsonRow<Comment> | null };

/**
 * A post after a change, and the change's version: the database clock when the statement wrote the
 * post row, under its lock, so that versions follow the order of the commits.
 */
export interface PostChange {
  post: PostSnapshot;
  version: number;
}

/** A post's counts after a change (what the shared feed counts carry). */
export interface PostCounts {
  postId: string;
  submoltId: string;
  score: number;
  upvotes: number;
  downvotes: number;
  commentCount: number;
  version: number;
}

/**
 * A {@link PostChange} of the `posts` row being updated or selected, as one jsonb value (for a
 * `RETURNING` or `SELECT` list). Versions are microseconds of `clock_timestamp()`, exact in a double.
 */
export const POST_CHANGE = Prisma.sql`jsonb_build_object(
  'post', jsonb_build_object(
    'id', posts.id, 'submoltId', posts.submolt_id, 'authorId', posts.author_id, 'kind', posts.kind,
    'origin', posts.origin,
    'title', posts.title, 'url', posts.url, 'score', posts.score, 'upvotes', posts.upvotes,
    'downvotes', posts.downvotes, 'commentCount', posts.comment_count, 'hotRank', posts.hot_rank,
    'risingRank', posts.rising_rank, 'createdAt', posts.created_at, 'editedAt', posts.edited_at,
    'deletedAt', posts.deleted_at, 'pinnedAt', posts.pinned_at, 'lockedAt', posts.locked_at,
    'removedAt', posts.removed_at, 'removalReason', posts.removal_reason
  ) || CASE WHEN length(posts.body) > ${SNAPSHOT_BODY_MAX} THEN '{}'::jsonb
       ELSE jsonb_build_object('body', posts.body) END,
  'version', floor(extract(epoch FROM clock_timestamp()) * 1000000)::float8
)`;

/** The post's change as of now, read inside the transaction that changed it (which holds its row lock). */
export async function readPostChange(tx: Prisma.TransactionClient, postId: string): Promise<PostChange> {
  const [row] = await tx.$queryRaw<{ change: PostChange }[]>`
    SELECT ${POST_CHANGE} AS change FROM posts WHERE id = ${postId}::uuid`;
  return row!.change;
}

/** The counts a change leaves the post with. */
export function countsOf({ post, version }: PostChange): PostCounts {
  const { id: postId, submoltId, score, upvotes, downvotes, commentCount } = post;
  return { postId, submoltId, score, upvotes, downvotes, commentCount, version };
}

/** `row` with its dates as ISO strings (one level deep). */
function jsonRow<R extends object>(row: R): JsonRow<R> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = value instanceof Date ? value.toISOString() : value;
  return out as JsonRow<R>;
}

type PostWithRelations = Post & { author: Agent; submolt: Submolt };

/** What {@link postSnapshot} needs loaded with a post: Prisma `include`. */
export const POST_SNAPSHOT_INCLUDE = { author: true, submolt: true } as const;

/** The snapshot of a post loaded with {@link POST_SNAPSHOT_INCLUDE}. */
export function postSnapshot({ author, submolt, body, ...post }: PostWithRelations): PostSnapshot {
  const long = body !== null && body.length > SNAPSHOT_BODY_MAX;
  return { ...jsonRow(post), ...(long ? {} : { body }), author: jsonRow(author), submolt: jsonRow(submolt) };
}

/** What {@link commentSnapshot} needs loaded with a comment: Prisma `include`. */
export const COMMENT_SNAPSHOT_INCLUDE = { author: true, parent: true } as const;

/** The snapshot of a comment loaded with {@link COMMENT_SNAPSHOT_INCLUDE}. */
export function commentSnapshot({
  author,
  parent,
  ...comment
}: Comment & { author: Agent; parent: Comment | null }): CommentSnapshot {
  return { ...jsonRow(comment), author: jsonRow(author), parent: parent && jsonRow(parent) };
}

/** A new post, read once after its commit. */
export async function loadPostSnapshot(db: PrismaClient, postId: string): Promise<PostSnapshot> {
  return postSnapshot(await db.post.findUniqueOrThrow({ where: { id: postId }, include: POST_SNAPSHOT_INCLUDE }));
}

/** A new comment, read once after its commit. */
export async function loadCommentSnapshot(db: PrismaClient, commentId: string): Promise<CommentSnapshot> {
  return commentSnapshot(
    await db.comment.findUniqueOrThrow({ where: { id: commentId }, include: COMMENT_SNAPSHOT_INCLUDE }),
  );
}
