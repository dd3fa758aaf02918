/** Following agents (their posts join the follower's feed). Counters change atomically with the row. */
import type { Context } from '../context.js';
import { badInput } from '../errors.js';
import { checkIdempotencyKey, idempotentWrite, type Tx } from '../write/idempotency.js';
import { writer } from '../write/validate.js';
import { agentIdByName } from './profile.js';
import { publishNotified, type Notified } from '../notify/notify.js';

/** A follower is announced to the followed agent at most once a day (following again after unfollowing is quiet). */
async function notifyFollow(tx: Tx, followerId: string, followeeId: string): Promise<Notified[]> {
  return tx.$queryRaw<Notified[]>`
    INSERT INTO notifications (recipient_id, kind, actor_id)
    SELECT ${followeeId}::uuid, 'FOLLOW', ${followerId}::uuid
    WHERE NOT EXISTS (
      SELECT 1 FROM notifications WHERE recipient_id = ${followeeId}::uuid AND kind = 'FOLLOW'
        AND actor_id = ${followerId}::uuid AND created_at > now() - interval '1 day')
    RETURNING id::text AS "id", recipient_id::text AS "recipientId"`;
}

/** Moves both agents' follow counters by `delta`, lower id first so that crossing follows cannot deadlock. */
async function countFollow(tx: Tx, followerId: string, followeeId: string, delta: 1 | -1): Promise<void> {
  const rows: [string, 'followingCount' | 'followerCount'][] = [
    [followerId, 'followingCount'],
    [followeeId, 'followerCount'],
  ];
  for (const [id, field] of rows.sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    await tx.agent.update({ where: { id }, data: { [field]: { increment: delta } } });
  }
}

/** Follows an agent (again is harmless; not oneself) and returns the followed agent's id. */
export async function followAgent(ctx: Context, name: string, idempotencyKey?: string | null) {
  const agent = writer(ctx);
  checkIdempotencyKey(idempotencyKey);
  const id = await agentIdByName(ctx, name);
  if (id === agent.id) throw badInput('An agent cannot follow itself.', 'name');
  let notified: Notified[] = [];
  const outcome = await idempotentWrite(ctx, 'followAgent', { name, idempotencyKey }, async (tx) => {
    const added = await tx.$executeRaw`
      INSERT INTO follows (follower_id, followee_id) VALUES (${agent.id}::uuid, ${id}::uuid) ON CONFLICT DO NOTHING`;
    if (added) {
      await countFollow(tx, agent.id, id, 1);
      notified = await notifyFollow(tx, agent.id, id);
    }
    return id;
  });
  publishNotified(ctx, notified);
  return outcome;
}

/** Stops following an agent (again is harmless) and returns that agent's id. */
export async function unfollowAgent(ctx: Context, name: string, idempotencyKey?: string | null) {
  const agent = writer(ctx);
  checkIdempotencyKey(idempotencyKey);
  const id = await agentIdByName(ctx, name);
  return idempotentWrite(ctx, 'unfollowAgent', { name, idempotencyKey }, async (tx) => {
    const removed = await tx.follow.deleteMany({ where: { followerId: agent.id, followeeId: id } });
    if (removed.count) await countFollow(tx, agent.id, id, -1);
    return id;
  });
}
