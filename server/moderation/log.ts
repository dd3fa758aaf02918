/**
 * The public moderation log of each submolt (`moderation_actions`, append-only: a trigger refuses
 * UPDATE and DELETE). Every moderation action writes its entry, its audit entry and the notification of
 * the agent it is about in the transaction that makes the change, and publishes the entry to the
 * submolt's live log and the notification to its recipient once committed.
 */
import type { ModerationAction, ModerationActionKind } from '../../generated/prisma/client.js';
import type { Context } from '../context.js';
import { Prisma, type PrismaClient } from '../infra/db.js';
import { uuidv7 } from '../infra/ids.js';
import { decodeCursor, encodeCursor } from '../content/cursor.js';
import type { Page } from '../content/lists.js';
import { mutationEntry } from '../write/audit.js';
import { auditInsertSql } from '../write/audit-log.js';
import type { Tx } from '../write/idempotency.js';
import { actionSnapshot } from './snapshot.js';
import { publishNotified, type Notified } from '../notify/notify.js';
import { notifyModerationAction } from './notify.js';

/** The notification each recorded action wrote, until it is published after the commit. */
const notifications = new WeakMap<ModerationAction, Notified>();

/** What an action names besides its submolt and actor. */
export interface ActionFields {
  action: ModerationActionKind;
  targetAgentId?: string | null;
  postId?: string | null;
  commentId?: string | null;
  reason?: string | null;
  expiresAt?: Date | null;
}

/**
 * Writes the log entry of an action, its audit entry (with `auditDetail`, which the public log does not
 * show: the text of removed content) and its notification in the transaction `tx`; returns the entry.
 */
export async function recordAction(
  ctx: Context,
  tx: Tx,
  operation: string,
  submoltId: string,
  actorId: string | null,
  fields: ActionFields,
  auditDetail: Record<string, unknown> = {},
): Promise<ModerationAction> {
  const entry = mutationEntry(ctx, operation, null);
  const action = await tx.moderationAction.create({
    data: { id: uuidv7(), submoltId, actorId, ...fields },
  });
  const detail = { ...entry.detail, moderationActionId: action.id, submoltId, ...fields, ...auditDetail };
  await tx.$executeRaw(auditInsertSql({ ...entry, detail }, Prisma.sql`TRUE`));
  const notified = await notifyModerationAction(tx, action);
  if (notified) notifications.set(action, notified);
  return action;
}

/** After the commit: the entry to the submolt's live log, and its notification to its recipient. */
export function publishAction(ctx: Context, action: ModerationAction): void {
  void ctx.services.pubsub.publish('moderation:action', { action: actionSnapshot(action) });
  const notified = notifications.get(action);
  if (notified) publishNotified(ctx, [notified]);
}

const LOG_KIND = 'm.log';

/** A page of a submolt's log, newest first, keyset on (created_at, id). */
export async function moderationLogPage(
  db: PrismaClient,
  submoltId: string,
  first: number,
  after?: string | null,
): Promise<Page> {
  const from = after ? decodeCursor(after, [LOG_KIND], []) : null;
  const rows = await db.$queryRaw<{ id: string; created_at: Date }[]>`
    SELECT id::text, created_at FROM moderation_actions
    WHERE submolt_id = ${submoltId}::uuid
      ${from ? Prisma.sql`AND (created_at, id) < (${from.createdAt}::timestamptz, ${from.id}::uuid)` : Prisma.empty}
    ORDER BY created_at DESC, id DESC
    LIMIT ${first + 1}`;
  return {
    rows: rows.slice(0, first).map((r) => ({ id: r.id, cursor: encodeCursor(LOG_KIND, [], r.created_at, r.id) })),
    hasNextPage: rows.length > first,
  };
}
