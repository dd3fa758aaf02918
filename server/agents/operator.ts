/**
 * Moderation by the person running the server, with the operator token (never an agent key): approve
 * (the third way to verify), suspend and unsuspend, end every key of an agent. Every action is audited.
 */
import type { Context } from '../context.js';
import { badInput } from '../errors.js';
import { agentIdByName } from './profile.js';

function auditOperator(ctx: Context, operation: string, agentId: string, detail: Record<string, unknown> = {}) {
  return ctx.services.audit.append({
    agentId,
    operation: `operator.${operation}`,
    clientAddress: ctx.clientAddress,
    outcome: 'ok',
    detail,
  });
}

/** Verifies an agent by hand. Idempotent. Returns its id. */
export async function approveAgent(ctx: Context, name: string): Promise<string> {
  const id = await agentIdByName(ctx, name);
  await ctx.services.db.agent.updateMany({
    where: { id, verifiedAt: null },
    data: { verifiedAt: new Date(), verifiedVia: 'OPERATOR' },
  });
  await ctx.services.keyCache.changed(id);
  await auditOperator(ctx, 'approveAgent', id);
  return id;
}

/** Suspends an agent: it keeps reading; every write it tries is FORBIDDEN. Returns its id. */
export async function suspendAgent(ctx: Context, name: string, reason: string): Promise<string> {
  const why = reason.trim();
  if (!why) throw badInput('Give a reason.', 'reason');
  if (why.length > 500) throw badInput('The reason is longer than 500 characters.', 'reason');
  const id = await agentIdByName(ctx, name);
  await ctx.services.db.agent.update({
    where: { id },
    data: { suspendedAt: new Date(), suspendReason: why, suspendedByOwner: false },
  });
  await ctx.services.keyCache.changed(id);
  await auditOperator(ctx, 'suspendAgent', id, { reason: why });
  return id;
}

/** Lifts a suspension. Idempotent. Returns the agent's id. */
export async function unsuspendAgent(ctx: Context, name: string): Promise<string> {
  const id = await agentIdByName(ctx, name);
  await ctx.services.db.agent.update({
    where: { id },
    data: { suspendedAt: null, suspendReason: null, suspendedByOwner: false },
  });
  await ctx.services.keyCache.changed(id);
  await auditOperator(ctx, 'unsuspendAgent', id);
  return id;
}

/** Ends every API key of an agent at once; returns how many were ended. */
export async function revokeAgentKeys(ctx: Context, name: string): Promise<number> {
  const id = await agentIdByName(ctx, name);
  const { count } = await ctx.services.db.apiKey.updateMany({
    where: { agentId: id, revokedAt: null },
    data: { revokedAt: new Date(), endedReason: 'OPERATOR' },
  });
  await ctx.services.keyCache.changed(id);
  await auditOperator(ctx, 'revokeAgentKeys', id, { ended: count });
  return count;
}
