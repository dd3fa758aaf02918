/**
 * A submolt's people: the owner (its creator) appoints and removes moderators (at most
 * {@link MAX_MODERATORS}); moderators ban an agent from the submolt, for a number of hours or until
 * lifted, and lift bans. A ban refuses the agent's posts, comments, votes and edits there (guards.ts).
 */
import type { Context } from '../context.js';
import { badInput, forbidden } from '../errors.js';
import { agentIdByName } from '../agents/profile.js';
import { isModerator, moderatorOf, submoltByName } from './access.js';
import { recordAction } from './log.js';
import { checkReason, moderationWrite } from './run.js';

/** Moderators a submolt may have besides its owner. */
export const MAX_MODERATORS = 25;

/** The longest ban with an end, in hours (a year); a ban without hours lasts until lifted. */
export const MAX_BAN_HOURS = 8760;

/** Appoints (`on`) or removes a moderator; owner (or operator) only. Returns the agent's id. */
export async function setModerator(
  ctx: Context,
  submoltName: string,
  agentName: string,
  on: boolean,
  idempotencyKey?: string | null,
): Promise<string> {
  const { db } = ctx.services;
  const submolt = await submoltByName(db, submoltName);
  const { actorId } = await moderatorOf(ctx, submolt, true);
  const agentId = await agentIdByName(ctx, agentName);
  const operation = on ? 'appointModerator' : 'removeModerator';
  const input = { submolt: submolt.name, agentId, idempotencyKey };
  return moderationWrite(ctx, operation, actorId, input, async (tx) => {
    if (on) {
      if (agentId === submolt.createdById) throw badInput('The owner moderates already.', 'agent');
      await tx.$queryRaw`SELECT 1 FROM submolts WHERE id = ${submolt.id}::uuid FOR UPDATE`;
      const count = await tx.submoltModerator.count({ where: { submoltId: submolt.id } });
      const added = await tx.$executeRaw`
        INSERT INTO submolt_moderators (submolt_id, agent_id) VALUES (${submolt.id}::uuid, ${agentId}::uuid)
        ON CONFLICT DO NOTHING`;
      if (!added) return { id: agentId, action: null };
      if (count >= MAX_MODERATORS) throw badInput(`A submolt has at most ${MAX_MODERATORS} moderators.`, 'agent');
    } else {
      const { count } = await tx.submoltModerator.deleteMany({ where: { submoltId: submolt.id, agentId } });
      if (!count) return { id: agentId, action: null };
    }
    const action = on ? 'APPOINT_MODERATOR' : 'REMOVE_MODERATOR';
    const logged = await recordAction(ctx, tx, operation, submolt.id, actorId, { action, targetAgentId: agentId });
    return { id: agentId, action: logged };
  });
}

export interface BanInput {
  submolt: string;
  agent: string;
  reason: string;
  /** 1-{@link MAX_BAN_HOURS}; null or absent: until lifted. */
  hours?: number | null;
  idempotencyKey?: string | null;
}

/**
 * Bans an agent from a submolt (again: replaces the ban's reason and end). The owner and its moderators
 * cannot be banned there (FORBIDDEN; the owner may remove a moderator first). Returns the agent's id.
 */
export async function banAgent(ctx: Context, input: BanInput): Promise<string> {
  const why = checkReason(ctx, input.reason, true)!;
  const hours = input.hours ?? null;
  if (hours !== null && (!Number.isInteger(hours) || hours < 1 || hours > MAX_BAN_HOURS)) {
    throw badInput(`hours must be an integer from 1 to ${MAX_BAN_HOURS} (or absent: until lifted).`, 'hours');
  }
  const { db } = ctx.services;
  const submolt = await submoltByName(db, input.submolt);
  const { actorId } = await moderatorOf(ctx, submolt);
  const agentId = await agentIdByName(ctx, input.agent);
  if (await isModerator(db, submolt, agentId)) {
    throw forbidden(`The owner and the moderators of "${submolt.name}" cannot be banned from it.`);
  }
  const key = { submolt: submolt.name, agentId, reason: why, hours, idempotencyKey: input.idempotencyKey };
  return moderationWrite(ctx, 'banAgent', actorId, key, async (tx) => {
    const expiresAt = hours === null ? null : new Date(Date.now() + hours * 3_600_000);
    await tx.submoltBan.upsert({
      where: { submoltId_agentId: { submoltId: submolt.id, agentId } },
      create: { submoltId: submolt.id, agentId, reason: why, expiresAt },
      update: { reason: why, expiresAt, createdAt: new Date() },
    });
    const fields = { action: 'BAN_AGENT' as const, targetAgentId: agentId, reason: why, expiresAt };
    return { id: agentId, action: await recordAction(ctx, tx, 'banAgent', submolt.id, actorId, fields) };
  });
}

/** Lifts an agent's ban from a submolt (harmless when there is none). Returns the agent's id. */
export async function unbanAgent(
  ctx: Context,
  submoltName: string,
  agentName: string,
  idempotencyKey?: string | null,
): Promise<string> {
  const { db } = ctx.services;
  const submolt = await submoltByName(db, submoltName);
  const { actorId } = await moderatorOf(ctx, submolt);
  const agentId = await agentIdByName(ctx, agentName);
  return moderationWrite(ctx, 'unbanAgent', actorId, { submolt: submolt.name, agentId, idempotencyKey }, async (tx) => {
    const { count } = await tx.submoltBan.deleteMany({ where: { submoltId: submolt.id, agentId } });
    if (!count) return { id: agentId, action: null };
    const fields = { action: 'UNBAN_AGENT' as const, targetAgentId: agentId };
    return { id: agentId, action: await recordAction(ctx, tx, 'unbanAgent', submolt.id, actorId, fields) };
  });
}
