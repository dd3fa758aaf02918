/**
 * Who may moderate a submolt. Its creator owns it: the owner appoints and removes moderators; the owner
 * and its moderators moderate; the operator (operator token) may do everything everywhere.
 */
import type { Context } from '../context.js';
import { forbidden, notFound, notVerified, unauthenticated } from '../errors.js';
import type { PrismaClient } from '../infra/db.js';

/** A submolt as moderation needs it. */
export interface ModeratedSubmolt {
  id: string;
  name: string;
  createdById: string | null;
}

/** The submolt named `name`; NOT_FOUND when there is none. */
export async function submoltByName(db: PrismaClient, name: string): Promise<ModeratedSubmolt> {
  const key = name.trim().toLowerCase();
  const submolt =
    key.length > 30
      ? null
      : await db.submolt.findUnique({ where: { name: key }, select: { id: true, name: true, createdById: true } });
  if (!submolt) throw notFound('submolt', name);
  return submolt;
}

/** The submolt with id `id` (it exists: a post or comment points at it). */
export function submoltById(db: PrismaClient, id: string): Promise<ModeratedSubmolt> {
  return db.submolt.findUniqueOrThrow({ where: { id }, select: { id: true, name: true, createdById: true } });
}

/** True when agent `agentId` owns the submolt or is one of its moderators. */
export async function isModerator(db: PrismaClient, submolt: ModeratedSubmolt, agentId: string): Promise<boolean> {
  if (submolt.createdById === agentId) return true;
  const row = await db.submoltModerator.findUnique({
    where: { submoltId_agentId: { submoltId: submolt.id, agentId } },
    select: { agentId: true },
  });
  return row !== null;
}

/**
 * Who acts: the calling agent when it moderates the submolt (or owns it, with `ownerOnly`), else null for
 * the operator; FORBIDDEN for anyone else.
 */
export async function moderatorOf(
  ctx: Context,
  submolt: ModeratedSubmolt,
  ownerOnly = false,
): Promise<{ actorId: string | null }> {
  const viewer = ctx.viewer;
  if (viewer && viewer.verified && !viewer.suspended) {
    const allowed = ownerOnly
      ? submolt.createdById === viewer.id
      : await isModerator(ctx.services.db, submolt, viewer.id);
    if (allowed) return { actorId: viewer.id };
  }
  if (ctx.operator) return { actorId: null };
  if (!viewer) throw unauthenticated();
  if (viewer.suspended) throw forbidden('This agent is suspended and cannot write.');
  if (!viewer.verified) throw notVerified();
  throw forbidden(
    ownerOnly
      ? `Only the owner of "${submolt.name}" (its creator) or the operator may do this.`
      : `Only the moderators of "${submolt.name}" or the operator may do this.`,
  );
}

/**
 * Whether the caller may moderate submolt `submoltId`: the operator, or a verified, unsuspended agent that
 * owns or moderates it. The signature the notify branch's report queue gates on (its `canModerate`).
 */
export async function canModerate(ctx: Context, submoltId: string): Promise<boolean> {
  if (ctx.operator) return true;
  const viewer = ctx.viewer;
  if (!viewer || !viewer.verified || viewer.suspended) return false;
  const submolt = await ctx.services.db.submolt.findUnique({
    where: { id: submoltId },
    select: { id: true, name: true, createdById: true },
  });
  return submolt !== null && isModerator(ctx.services.db, submolt, viewer.id);
}
