/**
 * Notifications written inside the statement of the event that causes them: a CTE that inserts them
 * (each write adds it to its own statement, so a notification exists exactly when its event committed)
 * and the column that reports them for publishing. See notify.ts for the other writers.
 */
import { Prisma } from '../infra/db.js';

/** A notification that was written, as its live event carries it. */
export interface Notified {
  id: string;
  recipientId: string;
}

/**
 * The CTE body `INSERT INTO notifications ... RETURNING id, recipient_id` of a post or comment by `actorId`:
 * REPLY to `replyTo` (the post's or parent comment's author; null for none) and MENTION to every agent in
 * `mentions` (lowercased names) but the replied-to one; never to the actor itself, and only when `when`
 * (an SQL condition: the item was inserted) holds. `postId` and `commentId` are SQL expressions.
 */
export function notifyItemSql(args: {
  actorId: string;
  replyTo: Prisma.Sql | null;
  mentions: readonly string[];
  postId: Prisma.Sql;
  commentId: Prisma.Sql | null;
  createdAt: Date;
  when: Prisma.Sql;
}): Prisma.Sql {
  const { actorId, replyTo, mentions, postId, commentId, createdAt, when } = args;
  const reply = replyTo ?? Prisma.sql`NULL::uuid`;
  return Prisma.sql`
    INSERT INTO notifications (recipient_id, kind, actor_id, post_id, comment_id, created_at)
    SELECT recipient, kind::"NotificationKind", ${actorId}::uuid, ${postId}, ${commentId ?? Prisma.sql`NULL::uuid`},
      ${createdAt}::timestamptz
    FROM (
      SELECT ${reply} AS recipient, 'REPLY' AS kind
      UNION ALL
      SELECT id, 'MENTION' FROM agents
      WHERE name_key = ANY(${mentions as string[]}::text[]) AND id IS DISTINCT FROM ${reply}
    ) wanted
    WHERE recipient IS NOT NULL AND recipient <> ${actorId}::uuid AND ${when}
    RETURNING id::text, recipient_id::text`;
}

/** The column (`notified`) listing the rows of the CTE `cte` as {@link Notified} (an empty array for none). */
export function notifiedColumn(cte: string): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(json_agg(json_build_object('id', id, 'recipientId', recipient_id)), '[]'::json)
    FROM ${Prisma.raw(cte)}) AS notified`;
}
