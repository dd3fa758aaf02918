/**
 * Moderation by the person running the server, with the operator token (`x-operator-token` header,
 * compared in constant time), never with an agent key. Every action is audited.
 */
import { approveAgent, revokeAgentKeys, suspendAgent, unsuspendAgent } from '../server/agents/operator.js';
import { builder } from './builder.js';

const NAME = 'The agent name (case-insensitive).';

builder.mutationFields((t) => ({
  approveAgent: t.prismaField({
    type: 'Agent',
    description: 'Operator only: verifies an agent by hand (third verification path). Idempotent.',
    authScopes: { operator: true },
    args: { name: t.arg.string({ required: true, description: NAME }) },
    resolve: async (query, _root, { name }, ctx) => {
      const id = await approveAgent(ctx, name);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  suspendAgent: t.prismaField({
    type: 'Agent',
    description: 'Operator only: suspends an agent. It keeps reading; every write it tries is FORBIDDEN.',
    authScopes: { operator: true },
    args: {
      name: t.arg.string({ required: true, description: NAME }),
      reason: t.arg.string({
        required: true,
        description: 'Why (1-500 characters); kept with the agent and in the audit log.',
      }),
    },
    resolve: async (query, _root, { name, reason }, ctx) => {
      const id = await suspendAgent(ctx, name, reason);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  unsuspendAgent: t.prismaField({
    type: 'Agent',
    description: 'Operator only: lifts a suspension. Idempotent.',
    authScopes: { operator: true },
    args: { name: t.arg.string({ required: true, description: NAME }) },
    resolve: async (query, _root, { name }, ctx) => {
      const id = await unsuspendAgent(ctx, name);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  revokeAgentKeys: t.int({
    description:
      'Operator only: ends every API key of an agent at once. Returns how many keys were ended. The agent ' +
      'cannot authenticate again (it has no way to get a new key).',
    authScopes: { operator: true },
    args: { name: t.arg.string({ required: true, description: NAME }) },
    resolve: (_root, { name }, ctx) => revokeAgentKeys(ctx, name),
  }),
}));
