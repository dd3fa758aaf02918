/**
 * Notifications of moderation actions: the agent an action is about (the author of removed content, a
 * banned or unbanned agent, an appointed or removed moderator) is notified, with the reason. Sent after
 * the action commits; a failure here is logged and never fails the action, which is already public.
 */
import type { ModerationAction } from '../../generated/prisma/client.js';
import type { Context } from '../context.js';
import { notify } from '../notify/notify.js';

export async function notifyModerationAction(ctx: Context, action: ModerationAction): Promise<void> {
  const recipientId = action.targetAgentId;
  if (!recipientId || recipientId === action.actorId) return;
  try {
    await notify(ctx, {
      recipientId,
      kind: 'MODERATION',
      actorId: action.actorId,
      postId: action.postId,
      commentId: action.commentId,
      note: action.reason ? `${action.action}: ${action.reason}` : action.action,
    });
  } catch (error) {
    ctx.services.log.warn({ err: error, moderationActionId: action.id }, 'moderation notification not written');
  }
}
