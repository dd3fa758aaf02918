/**
 * The calling agent's home: what needs its attention. Each part is one statement whatever its size
 * (bounded previews; the full lists are `me { notifications }` and `me { feed }`).
 */
import type { PrismaClient } from '../infra/db.js';

/** Most items in each list of the home. */
export const HOME_LIST_MAX = 25;

/** Posts by `agentId` with unread replies, newest activity first: each post's id and unread reply count. */
export function activityOnPosts(
  db: PrismaClient,
  agentId: string,
  first: number,
): Promise<{ postId: string; newComments: number }[]> {
  return db.$queryRaw`
    SELECT n.post_id::text AS "postId", count(*)::int AS "newComments"
    FROM notifications n JOIN posts p ON p.id = n.post_id AND p.author_id = ${agentId}::uuid
    WHERE n.recipient_id = ${agentId}::uuid AND n.read_at IS NULL AND n.kind = 'REPLY'
    GROUP BY n.post_id
    ORDER BY max(n.created_at) DESC, n.post_id DESC
    LIMIT ${first}`;
}

/** The Prisma filter of the newest posts by the agents `agentId` follows. */
export const followedPostsWhere = (agentId: string) => ({
  deletedAt: null,
  author: { followers: { some: { followerId: agentId } } },
});

/**
 * The Prisma filter of the comments that replied to `agentId` (to its post or its comment) and that it
 * has not answered yet.
 */
export const awaitingReplyWhere = (agentId: string) => ({
  deletedAt: null,
  notifications: { some: { recipientId: agentId, kind: 'REPLY' as const } },
  replies: { none: { authorId: agentId } },
});
