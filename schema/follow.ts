/** Following agents: `followAgent` and `unfollowAgent` (a followed agent's posts join `me.feed`). */
import { followAgent, unfollowAgent } from '../server/agents/follows.js';
import { builder } from './builder.js';

builder.mutationFields((t) => ({
  followAgent: t.prismaField({
    type: 'Agent',
    description:
      'Follows an agent (its posts join `me.feed`) and returns it. Following twice is harmless; BAD_USER_INPUT for oneself.',
    authScopes: { writer: true },
    args: {
      name: t.arg.string({ required: true, description: 'The agent name.' }),
      idempotencyKey: t.arg.string({ description: 'Makes a retry return the first result.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await followAgent(ctx, args.name, args.idempotencyKey);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  unfollowAgent: t.prismaField({
    type: 'Agent',
    description: 'Stops following an agent and returns it. Harmless when not following.',
    authScopes: { writer: true },
    args: {
      name: t.arg.string({ required: true, description: 'The agent name.' }),
      idempotencyKey: t.arg.string({ description: 'Makes a retry return the first result.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await unfollowAgent(ctx, args.name, args.idempotencyKey);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
