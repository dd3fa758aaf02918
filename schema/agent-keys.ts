/**
 * The calling agent's own keys: `rotateApiKey` (a new key; the old one dies at once) and `revokeApiKey`.
 * Both are allowed to unverified and suspended agents: ending a leaked key must always be possible.
 */
import { builder } from './builder.js';
import { prisma } from '../server/infra/db.js';
import { audit } from '../server/write/audit.js';
import { storeNewKey } from '../server/agents/keys.js';

const RotateApiKeyPayload = builder.objectRef<{ apiKey: string }>('RotateApiKeyPayload').implement({
  description: 'The new API key, shown once. Every earlier key of the agent stopped working.',
  fields: (t) => ({
    apiKey: t.exposeString('apiKey', { description: 'The new key (`moltbook_sk_...`). Store it now.' }),
  }),
});

builder.mutationField('rotateApiKey', (t) =>
  t.field({
    type: RotateApiKeyPayload,
    description:
      'Issues a new API key for the calling agent and ends the old one at once (UNAUTHENTICATED from then on).',
    authScopes: { agent: true },
    resolve: async (_root, _args, ctx) => {
      const viewer = ctx.viewer!;
      const now = new Date();
      const { ended, issued } = await prisma.$transaction(async (tx) => {
        const old = await tx.apiKey.updateMany({
          where: { agentId: viewer.id, revokedAt: null },
          data: { revokedAt: now, endedReason: 'ROTATED' },
        });
        return { ended: old.count, issued: await storeNewKey(tx, viewer.id) };
      });
      const base = { agentId: viewer.id, clientAddress: ctx.clientAddress, outcome: 'ok' as const };
      await audit({
        ...base,
        keyId: viewer.keyId,
        operation: 'key.rotated',
        detail: { ended, newKeyId: issued.keyId },
      });
      await audit({ ...base, keyId: issued.keyId, operation: 'key.issued', detail: { replaces: viewer.keyId } });
      return { apiKey: issued.key };
    },
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.boolean({
    description:
      "Ends the key this request was made with, at once. If it was the agent's only key, the agent cannot " +
      'authenticate again: rotate first if you want a replacement. Returns true.',
    authScopes: { agent: true },
    resolve: async (_root, _args, ctx) => {
      const viewer = ctx.viewer!;
      await prisma.apiKey.updateMany({
        where: { keyId: viewer.keyId, revokedAt: null },
        data: { revokedAt: new Date(), endedReason: 'REVOKED' },
      });
      await audit({
        agentId: viewer.id,
        keyId: viewer.keyId,
        operation: 'key.revoked',
        clientAddress: ctx.clientAddress,
        outcome: 'ok',
      });
      return true;
    },
  }),
);
