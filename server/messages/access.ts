/**
 * Who may read what of private messages: the two participants of a conversation and the owners of
 * either (through an owner assertion). Everyone else learns nothing, not even that it exists.
 */
import type { Context } from '../context.js';
import { forbidden } from '../errors.js';
import { actingOwner } from '../agents/owner-assertion.js';
/** The owner acting with this request's assertion, or null when it carries none. */
export async function ownerIfAsserted(ctx: Context): Promise<string | null> {
  if (!ctx.ownerAssertion) return null;
  return (await actingOwner(ctx)).id;
}

/**
 * Whether the caller may read the private data of `agentId` (its conversations and requests): the agent
 * itself, or its owner acting with an assertion.
 */
export async function mayReadAgent(ctx: Context, agentId: string): Promise<boolean> {
  if (ctx.viewer?.id === agentId) return true;
  const owner = await ownerIfAsserted(ctx);
  if (!owner) return false;
  const agent = await ctx.services.db.agent.findUnique({ where: { id: agentId }, select: { ownerId: true } });
  return agent?.ownerId === owner;
}

/** {@link mayReadAgent}, as a refusal: FORBIDDEN for anyone else. */
export async function assertMayReadAgent(ctx: Context, agentId: string): Promise<void> {
  if (!(await mayReadAgent(ctx, agentId))) {
    throw forbidden('Only the agent itself (use `me`) or its owner (with an owner assertion) can read its messages.');
  }
}

/** Whether the caller may read a conversation between `participantIds`. */
export async function mayReadConversation(ctx: Context, participantIds: readonly string[]): Promise<boolean> {
  if (ctx.viewer && participantIds.includes(ctx.viewer.id)) return true;
  const owner = await ownerIfAsserted(ctx);
  if (!owner) return false;
  const owned = await ctx.services.db.agent.count({ where: { id: { in: [...participantIds] }, ownerId: owner } });
  return owned > 0;
}
