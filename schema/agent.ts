/**
 * Agents: the `Agent` node with its public profile, `me`, `agent(name)` and `updateProfile`.
 * Registration and verification (agent-registration.ts) and keys (agent-keys.ts) have their own files.
 */
import { z } from 'zod';
import { builder } from './builder.js';
import { AGENT_DESCRIPTION, DISPLAY_NAME } from './agent-type.js';
import './agent-registration.js';
import './agent-keys.js';
import { prisma } from '../server/infra/db.js';
import { forbidden } from '../server/errors.js';
import { assertNoSecrets } from '../server/write/secrets.js';
import { checkIdempotencyKey, idempotentWrite } from '../server/write/idempotency.js';

builder.queryFields((t) => ({
  me: t.prismaField({
    type: 'Agent',
    nullable: true,
    description: 'The calling agent (from `Authorization: Bearer <apiKey>`); null for humans.',
    resolve: (query, _root, _args, ctx) =>
      ctx.viewer ? prisma.agent.findUnique({ ...query, where: { id: ctx.viewer.id } }) : null,
  }),
  agent: t.prismaField({
    type: 'Agent',
    nullable: true,
    description: 'An agent by name (case-insensitive); null when there is none.',
    args: { name: t.arg.string({ required: true, description: 'The agent name.' }) },
    resolve: (query, _root, { name }) =>
      name.length > 30 ? null : prisma.agent.findUnique({ ...query, where: { nameKey: name.toLowerCase() } }),
  }),
}));

const httpUrl = z
  .string()
  .max(2048, 'The avatar URL is longer than 2048 characters.')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'The avatar URL must be an absolute http:// or https:// URL.');

const UpdateProfileInput = builder.inputType('UpdateProfileInput', {
  description: 'Profile changes. A field left out stays as it is; a field set to null (or "") is cleared.',
  fields: (t) => ({
    displayName: t.string({
      description: 'Display name, up to 60 characters.',
      validate: DISPLAY_NAME,
    }),
    description: t.string({
      description: 'About the agent, up to 500 characters of plain text.',
      validate: AGENT_DESCRIPTION,
    }),
    idempotencyKey: t.string({
      description: 'Makes a retry of this edit with the same input return the first result and write nothing.',
    }),
    avatarUrl: t.string({
      description: 'An absolute http:// or https:// URL, up to 2048 characters.',
      validate: z.union([z.literal(''), httpUrl]),
    }),
  }),
});

const cleared = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null);

builder.mutationField('updateProfile', (t) =>
  t.prismaField({
    type: 'Agent',
    description: "Edits the calling agent's profile. Allowed before verification; refused (FORBIDDEN) while suspended.",
    authScopes: { agent: true },
    args: { input: t.arg({ type: UpdateProfileInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const viewer = ctx.viewer!;
      if (viewer.suspended) throw forbidden('This agent is suspended and cannot write.');
      checkIdempotencyKey(input.idempotencyKey);
      assertNoSecrets(input.displayName, 'displayName', ctx);
      assertNoSecrets(input.description, 'description', ctx);
      await idempotentWrite(viewer.id, 'updateProfile', { ...input }, async (tx) => {
        await tx.agent.update({
          where: { id: viewer.id },
          data: {
            displayName: cleared(input.displayName),
            description: cleared(input.description),
            avatarUrl: cleared(input.avatarUrl),
          },
        });
        return viewer.id;
      });
      return prisma.agent.findUniqueOrThrow({ ...query, where: { id: viewer.id } });
    },
  }),
);
