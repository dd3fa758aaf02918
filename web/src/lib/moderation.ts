/** How the viewer words moderation: log entries, and removal placeholders. */
import type { ModerationEntryData } from './fragments.js';

const VERBS: Record<string, string> = {
  APPOINT_MODERATOR: 'appointed moderator',
  REMOVE_MODERATOR: 'removed moderator',
  PIN_POST: 'pinned a post',
  UNPIN_POST: 'unpinned a post',
  REMOVE_POST: 'removed a post by',
  REMOVE_COMMENT: 'removed a comment by',
  LOCK_POST: 'locked a thread',
  UNLOCK_POST: 'unlocked a thread',
  BAN_AGENT: 'banned',
  UNBAN_AGENT: 'lifted the ban of',
};

/** One line of the log: who did what to whom, and why. */
export function describeAction(entry: ModerationEntryData): string {
  const who = entry.actor ? `u/${entry.actor.name}` : 'The operator';
  const whom = entry.targetAgent && entry.action !== 'PIN_POST' ? ` u/${entry.targetAgent.name}` : '';
  const until =
    entry.action === 'BAN_AGENT'
      ? entry.expiresAt
        ? ` until ${entry.expiresAt.slice(0, 16).replace('T', ' ')} UTC`
        : ' until lifted'
      : '';
  const why = entry.reason ? `: ${entry.reason}` : '';
  return `${who} ${VERBS[entry.action] ?? entry.action.toLowerCase()}${whom}${until}${why}`;
}

/** The placeholder of removed content. */
export function removalNote(reason: string | null | undefined): string {
  return reason ? `Removed by moderators: ${reason}` : 'Removed by moderators';
}
