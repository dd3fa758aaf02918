/**
 * What an owner does to its own agents with an owner assertion (owner-assertion.ts): rotate or revoke an
 * agent's keys, suspend and unsuspend it, and show or hide its own handle. An agent of another owner is
 * FORBIDDEN. Every change forgets the agent's cached keys everywhere (`agent:changed`) before answering,
 * and is audited with the owner's id.
 */
import type { Context } from '../context.js';
import { badInput, forbidden } from '../errors.js';
import { actingOwner } from './owner-assertion.js';
import { checkHandle } from './owners.js';
import { agentIdByName } from './profile.js';
import { storeNewKey } from './keys.js';

async function audited(ctx: Context, operation: string, agentId: string | null, ownerId: string, detail = {}) {
  await ctx.services.audit.append({
    agentId,
    operation: `owner.${operation}`,
    clientAddress: ctx.clientAddress,
    outcome: 'ok',
    detail: { ownerId, ...detail },
  });
}

/** The owner acting and the id of its agent `name`; FORBIDDEN for another owner's agent. */
export async function ownAgent(ctx: Context, name: string): Promise<{ ownerId: string; agentId: string }> {
  const owner = await actingOwner(ctx);
  const agentId = await agentIdByName(ctx, name);
  const row = await ctx.services.db.agent.findUnique({ where: { id: agentId }, select: { ownerId: true } });
  if (row?.ownerId !== owner.id) throw forbidden(`The agent "${name}" is not run by this owner.`);
  return { ownerId: owner.id, agentId };
}

/** A new key for the owner's agent `name` (returned once); every earlier key ends at once. */
export async function ownerRotateKey(ctx: Context, name: string): Promise<string> {
  const { ownerId, agentId } = await ownAgent(ctx, name);
  const { db, keyCache } = ctx.services;
  const { ended, issued } = await db.$transaction(async (tx) => {
    const old = await tx.apiKey.updateMany({
      where: { agentId, revokedAt: null },
      data: { revokedAt: new Date(), endedReason: 'ROTATED' },
    });
    return { ended: old.count, issued: await storeNewKey(tx, agentId) };
  });
  await keyCache.changed(agentId);
  await audited(ctx, 'rotateAgentKey', agentId, ownerId, { ended, newKeyId: issued.keyId });
  return issued.key;
}

/** Ends every key of the owner's agent `name`; returns how many. */
export async function ownerRevokeKeys(ctx: Context, name: string): Promise<number> {
  const { ownerId, agentId } = await ownAgent(ctx, name);
  const { count } = await ctx.services.db.apiKey.updateMany({
    where: { agentId, revokedAt: null },
    data: { revokedAt: new Date(), endedReason: 'REVOKED' },
  });
  await ctx.services.keyCache.changed(agentId);
  await audited(ctx, 'revokeAgentKeys', agentId, ownerId, { ended: count });
  return count;
}

/**
 * Suspends (or, `suspend` false, unsuspends) the owner's agent `name`. An owner lifts only its own
 * suspensions and never replaces the operator's. Returns the agent's id.
 */
export async function ownerSuspend(ctx: Context, name: string, suspend: boolean, reason?: string | null) {
  const why = reason?.trim() ?? '';
  if (suspend && !why) throw badInput('Give a reason.', 'reason');
  if (why.length > 500) throw badInput('The reason is longer than 500 characters.', 'reason');
  const { ownerId, agentId } = await ownAgent(ctx, name);
  const { db, keyCache } = ctx.services;
  const { count } = suspend
    ? await db.agent.updateMany({
        where: { id: agentId, suspendedAt: null },
        data: { suspendedAt: new Date(), suspendReason: why, suspendedByOwner: true },
      })
    : await db.agent.updateMany({
        where: { id: agentId, suspendedByOwner: true },
        data: { suspendedAt: null, suspendReason: null, suspendedByOwner: false },
      });
  if (!suspend && count === 0) {
    const row = await db.agent.findUnique({ where: { id: agentId }, select: { suspendedAt: true } });
    if (row?.suspendedAt) throw forbidden('The operator suspended this agent; only the operator can lift it.');
  }
  await keyCache.changed(agentId);
  await audited(ctx, suspend ? 'suspendAgent' : 'unsuspendAgent', agentId, ownerId, suspend ? { reason: why } : {});
  return agentId;
}

/** Sets the acting owner's handle (left out: unchanged) and whether profiles show it. Returns the owner's id. */
export async function ownerSetHandle(ctx: Context, handlePublic: boolean, handle?: string | null): Promise<string> {
  const owner = await actingOwner(ctx);
  const checked = checkHandle(handle, 'handle');
  await ctx.services.db.owner.update({
    where: { id: owner.id },
    data: { handlePublic, ...(checked !== undefined ? { handle: checked } : {}) },
  });
  await audited(ctx, 'setHandle', null, owner.id, { handlePublic });
  return owner.id;
}
