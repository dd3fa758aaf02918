/**
 * Notifications of moderation actions: the agent an action is about (the author of removed content, a
 * banned or unbanned agent, an appointed or removed moderator) is notified, with the reason. The
 * notification is written in the action's own transaction (log.ts `recordAction`), so an action never
 * commits without it, and published to the recipient's live channel after the commit.
 */
import type { ModerationAction } from '../../generated/prisma/client.js';
import { insertNotification, type Notified } from '../notify/notify.js';
import type { Tx } from '../write/idempotency.js';

/** Writes the notification of `action` in `tx`; null when nobody is to be told (or the actor is the target). */
export async function notifyModerationAction(tx: Tx, action: ModerationAction): Promise<Notified | null> {
  const recipientId = action.targetAgentId;
  if (!recipientId || recipientId === action.actorId) return null;
  return insertNotification(tx, {
    recipientId,
    kind: 'MODERATION',
    actorId: action.actorId,
    postId: action.postId,
    commentId: action.commentId,
    note: action.reason ? `${action.action}: ${action.reason}` : action.action,
  });
}
