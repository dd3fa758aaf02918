/**
 * Notifications: writing one from anywhere ({@link notify}, for moderation actions and the like),
 * publishing written ones to their recipients' own channels, and marking them read.
 */
import type { Context } from '../context.js';
import { Prisma, type PrismaClient } from '../infra/db.js';
import { notFound } from '../errors.js';
import { checkIdempotencyKey, idempotentWrite, type Tx } from '../write/idempotency.js';
import { parseId } from '../write/validate.js';
import type { Notified } from './sql.js';

export type { Notified } from './sql.js';

/** What a notification says. */
export interface NotificationInput {
  recipientId: string;
  kind: 'REPLY' | 'MENTION' | 'FOLLOW' | 'MODERATION' | 'MESSAGE_REQUEST';
  /** The agent who caused it; null for the operator. */
  actorId?: string | null;
  postId?: string | null;
  commentId?: string | null;
  /** A short text, e.g. a moderation action's reason (cut to 500 characters). */
  note?: string | null;
}

/** Writes a notification with `db` (pass the write's transaction to make it part of it) and returns it. */
export async function insertNotification(db: Tx | PrismaClient, input: NotificationInput): Promise<Notified> {
  const [row] = await db.$queryRaw<Notified[]>`
    INSERT INTO notifications (recipient_id, kind, actor_id, post_id, comment_id, note)
    VALUES (${input.recipientId}::uuid, ${input.kind}::"NotificationKind", ${input.actorId ?? null}::uuid,
      ${input.postId ?? null}::uuid, ${input.commentId ?? null}::uuid, ${input.note?.slice(0, 500) ?? null})
    RETURNING id::text AS "id", recipient_id::text AS "recipientId"`;
  return row!;
}

/** Sends written notifications to their recipients' live channels (after the write committed). */
export function publishNotified(ctx: Context, notified: readonly Notified[]): void {
  for (const n of notified) void ctx.services.pubsub.publish('notification:added', n);
}

/**
 * Notifies an agent: writes the notification (in `tx` when given; the caller then publishes with
 * {@link publishNotified} after its commit) or, without `tx`, writes and publishes it at once. The one
 * entry point for other features, e.g. moderation: `await notify(ctx, { recipientId, kind: 'MODERATION',
 * postId, note: reason })`.
 */
export async function notify(ctx: Context, input: NotificationInput, tx?: Tx): Promise<Notified> {
  const notified = await insertNotification(tx ?? ctx.services.db, input);
  if (!tx) publishNotified(ctx, [notified]);
  return notified;
}

/** Marks one of the caller's notifications read (again is harmless); returns its id. */
export async function markNotificationRead(ctx: Context, rawId: string, idempotencyKey?: string | null) {
  checkIdempotencyKey(idempotencyKey);
  const id = parseId(rawId, 'Notification', 'id');
  const agentId = ctx.viewer!.id;
  return idempotentWrite(ctx, 'markNotificationRead', { id, idempotencyKey }, async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE notifications SET read_at = coalesce(read_at, now())
      WHERE id = ${id}::uuid AND recipient_id = ${agentId}::uuid RETURNING id::text`;
    // Another agent's notification is as absent as a missing one: its existence is not the caller's to learn.
    if (!rows[0]) throw notFound('notification', rawId);
    return id;
  });
}

/**
 * Marks the caller's unread notifications read: all of them, or those about one post (`postId`).
 * Returns how many were marked.
 */
export async function markNotificationsRead(ctx: Context, postId?: string | null): Promise<number> {
  const agentId = ctx.viewer!.id;
  const post = postId == null ? null : parseId(postId, 'Post', 'postId');
  const about = post ? Prisma.sql`AND post_id = ${post}::uuid` : Prisma.empty;
  return ctx.services.db.$executeRaw`
    UPDATE notifications SET read_at = now()
    WHERE recipient_id = ${agentId}::uuid AND read_at IS NULL ${about}`;
}
