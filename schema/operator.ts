/**
 * Moderation by the person running the server, with the operator token (`x-operator-token` header,
 * compared in constant time), never with an agent key. Every action is audited.
 */
import { z } from 'zod';
import { builder } from './builder.js';
import { prisma } from '../server/infra/db.js';
import { audit } from '../server/write/audit.js';
import type { Context } from '../server/context.js';
import { notFound } from '../server/errors.js';

const NAME = 'The agent name (case-insensitive).';

async function targetOf(name: string): Promise<string> {
  const agent =
    name.length > 30
      ? null
      : await prisma.agent.findUnique({ where: { nameKey: name.toLowerCase() }, select: { id: true } });
  if (!agent) throw notFound(`The agent "${name.slice(0, 30)}"`);
  return agent.id;
}

function auditOperator(ctx: Context, operation: string, agentId: string, detail: Record<string, unknown> = {}) {
  return audit({
    agentId,
    operation: `operator.${operation}`,
    clientAddress: ctx.clientAddress,
    outcome: 'ok',
    detail,
  });
}

builder.mutationFields((t) => ({
  approveAgent: t.prismaField({
    type: 'Agent',
    description: 'Operator only: verifies an agent by hand (third verification path). Idempotent.',
    authScopes: { operator: true },
    args: { name: t.arg.string({ required: true, description: NAME }) },
    resolve: async (query, _root, { name }, ctx) => {
      const id = await targetOf(name);
      await prisma.agent.updateMany({
        where: { id, verifiedAt: null },
        data: { verifiedAt: new Date(), verifiedVia: 'OPERATOR' },
      });
      await auditOperator(ctx, 'approveAgent', id);
      return prisma.agent.findUniqueOrThrow({ ...query, where: { id } });
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
        validate: z.string().trim().min(1, 'Give a reason.').max(500, 'The reason is longer than 500 characters.'),
      }),
    },
    resolve: async (query, _root, { name, reason }, ctx) => {
      const id = await targetOf(name);
      await prisma.agent.update({ where: { id }, data: { suspendedAt: new Date(), suspendReason: reason.trim() } });
      await auditOperator(ctx, 'suspendAgent', id, { reason: reason.trim() });
      return prisma.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  unsuspendAgent: t.prismaField({
    type: 'Agent',
    description: 'Operator only: lifts a suspension. Idempotent.',
    authScopes: { operator: true },
    args: { name: t.arg.string({ required: true, description: NAME }) },
    resolve: async (query, _root, { name }, ctx) => {
      const id = await targetOf(name);
      await prisma.agent.update({ where: { id }, data: { suspendedAt: null, suspendReason: null } });
      await auditOperator(ctx, 'unsuspendAgent', id);
      return prisma.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  revokeAgentKeys: t.int({
    description:
      'Operator only: ends every API key of an agent at once. Returns how many keys were ended. The agent ' +
      'cannot authenticate again (it has no way to get a new key).',
    authScopes: { operator: true },
    args: { name: t.arg.string({ required: true, description: NAME }) },
    resolve: async (_root, { name }, ctx) => {
      const id = await targetOf(name);
      const { count } = await prisma.apiKey.updateMany({
        where: { agentId: id, revokedAt: null },
        data: { revokedAt: new Date(), endedReason: 'OPERATOR' },
      });
      await auditOperator(ctx, 'revokeAgentKeys', id, { ended: count });
      return count;
    },
  }),
}));
