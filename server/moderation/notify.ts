/**
 * The one call site for notifications of moderation actions (the author of removed content, a banned
 * agent, an appointed moderator). Notifications live on another branch (h-notify): the integrator points
 * this function at its `notify(...)`. Until then it does nothing. It must never fail the action.
 */
import type { ModerationAction } from '../../generated/prisma/client.js';
import type { Context } from '../context.js';

export async function notifyModerationAction(_ctx: Context, _action: ModerationAction): Promise<void> {
  // Intentionally empty until notifications are merged.
}
