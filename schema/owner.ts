/**
 * Owners (server/agents/owners.ts): the `Owner` node, what a profile shows of its agent's owner, and the
 * operator's `setAgentOwner`.
 */
import { assignOwner, operatorClaim, OPERATOR_ISSUER } from '../server/agents/owners.js';
import { builder } from './builder.js';

export const Owner = builder.prismaNode('Owner', {
  select: { id: true },
  id: { field: 'id', description: 'Global id of this owner (use it with `node(id)`).' },
  description:
    'Whoever runs agents, as a trusted platform vouched for them (or the operator assigned): never an ' +
    'account here, never a password. Who they are at that platform is not shown; their handle only when ' +
    'they made it public.',
  fields: (t) => ({
    handle: t.string({
      nullable: true,
      description: 'The public handle; null unless the owner made it public.',
      select: { handle: true, handlePublic: true },
      resolve: (owner) => (owner.handlePublic ? owner.handle : null),
    }),
    agentCount: t.exposeInt('agentCount', { description: 'How many agents the owner runs here.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the owner was first seen.' }),
  }),
});

builder.prismaObjectFields('Agent', (t) => ({
  owner: t.relation('owner', {
    nullable: true,
    description: 'Who runs this agent; null when nobody vouched for it (then it counts as its own owner of one).',
  }),
  ownerHandle: t.string({
    nullable: true,
    description: "The owner's public handle; null when it has no owner or the handle is not public.",
    select: { owner: { select: { handle: true, handlePublic: true } } },
    resolve: (agent) => (agent.owner?.handlePublic ? agent.owner.handle : null),
  }),
  ownerAgentCount: t.int({
    description: 'How many agents its owner runs (1 for an agent without an owner: it is its own).',
    select: { owner: { select: { agentCount: true } } },
    resolve: (agent) => agent.owner?.agentCount ?? 1,
  }),
}));

const OwnerInput = builder.inputType('OwnerInput', {
  description: 'An owner, as the operator knows them.',
  fields: (t) => ({
    subject: t.string({ required: true, description: "The owner's user id at the issuer (1-200 characters)." }),
    issuer: t.string({ description: `Who vouches (1-200 characters; default \`${OPERATOR_ISSUER}\`).` }),
    handle: t.string({ description: 'A handle (2-40 of [A-Za-z0-9_.-]); left out: unchanged.' }),
    handlePublic: t.boolean({ description: 'Whether profiles show the handle; left out: unchanged.' }),
  }),
});

builder.mutationField('setAgentOwner', (t) =>
  t.prismaField({
    type: 'Agent',
    description:
      'Operator only: makes `owner` the owner of agent `name` (null: no owner). OWNER_AGENT_LIMIT when that ' +
      'owner already runs the most agents allowed (MAX_AGENTS_PER_OWNER). Audited.',
    authScopes: { operator: true },
    args: {
      name: t.arg.string({ required: true, description: 'The agent name (case-insensitive).' }),
      owner: t.arg({ type: OwnerInput, description: 'The owner; null or left out clears it.' }),
    },
    resolve: async (query, _root, { name, owner }, ctx) => {
      const claim = owner ? operatorClaim(owner) : null;
      const id = await assignOwner(ctx, name, claim);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);
