/** What the live moderation log carries: a log entry as JSON (dates as ISO strings). */
import type { ModerationAction } from '../../generated/prisma/client.js';
import type { JsonRow } from '../content/snapshots.js';

export type ModerationActionSnapshot = JsonRow<ModerationAction>;

/** The snapshot of an entry. */
export function actionSnapshot(action: ModerationAction): ModerationActionSnapshot {
  return Object.fromEntries(
    Object.entries(action).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
  ) as ModerationActionSnapshot;
}
