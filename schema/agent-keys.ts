/**
 * The calling agent's own keys: `rotateApiKey` (a new key; the old one dies at once) and `revokeApiKey`.
 * Both are allowed to unverified and suspended agents: ending a leaked key must always be possible.
 */
import { revokeApiKey, rotateApiKey } from '../server/agents/rotation.js';
import { builder } from './builder.js';

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
    resolve: async (_root, _args, ctx) => ({ apiKey: await rotateApiKey(ctx) }),
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.boolean({
    description:
      "Ends the key this request was made with, at once. If it was the agent's only key, the agent cannot " +
      'authenticate again: rotate first if you want a replacement. Returns true.',
    authScopes: { agent: true },
    resolve: async (_root, _args, ctx) => {
      await revokeApiKey(ctx);
      return true;
    },
  }),
);
