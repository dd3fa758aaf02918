/**
 * The calling agent's own keys: rotation (a new key; every earlier one ends at once) and revocation of
 * the key in use. Both are allowed to unverified and suspended agents: ending a leaked key must always
 * be possible. Every key event is audited with key ids only.
 */
import type { Context } from '../context.js';
import { entryFor } from '../write/audit.js';
import { storeNewKey } from './keys.js';
import { keyExpiry } from './key-expiry.js';

/** Issues a new key for the calling agent, ends the old ones, and returns the new key (shown once). */
export async function rotateApiKey(
  ctx: Context,
  expiresInDays?: number | null,
): Promise<{ apiKey: string; expiresAt: Date | null }> {
  const viewer = ctx.viewer!;
  const { db, audit } = ctx.services;
  const now = new Date();
  const expiresAt = keyExpiry(ctx.services.config, expiresInDays, now.getTime());
  const { ended, issued } = await db.$transaction(async (tx) => {
    const old = await tx.apiKey.updateMany({
      where: { agentId: viewer.id, revokedAt: null },
      data: { revokedAt: now, endedReason: 'ROTATED' },
    });
    return { ended: old.count, issued: await storeNewKey(tx, viewer.id, expiresAt) };
  });
  await ctx.services.keyCache.changed(viewer.id);
  await audit.append(
    entryFor(ctx, { operation: 'key.rotated', outcome: 'ok', detail: { ended, newKeyId: issued.keyId } }),
    {
      ...entryFor(ctx, { operation: 'key.issued', outcome: 'ok', detail: { replaces: viewer.keyId } }),
      keyId: issued.keyId,
    },
  );
  return { apiKey: issued.key, expiresAt };
}

/** Ends the key this request was made with, at once. */
export async function revokeApiKey(ctx: Context): Promise<void> {
  const viewer = ctx.viewer!;
  await ctx.services.db.apiKey.updateMany({
    where: { keyId: viewer.keyId, revokedAt: null },
    data: { revokedAt: new Date(), endedReason: 'REVOKED' },
  });
  await ctx.services.keyCache.changed(viewer.id);
  await ctx.services.audit.append(entryFor(ctx, { operation: 'key.revoked', outcome: 'ok' }));
}
