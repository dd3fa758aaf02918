/**
 * What an owner does with an owner assertion (`X-Owner-Assertion`, server/agents/owner-assertion.ts):
 * `owner` (itself, with its agents), and the `owner*` mutations on its own agents.
 */
import { ownerRevokeKeys, ownerRotateKey, ownerSetHandle, ownerSuspend } from '../server/agents/owner-actions.js';
import { actingOwner } from '../server/agents/owner-assertion.js';
import { builder } from './builder.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';

const ASSERTION =
  'Needs an owner assertion in the `X-Owner-Assertion` header (HTTP only): a JWT signed (EdDSA) by a trusted ' +
  'issuer, `aud` "moltbook-owner", `sub` the owner at that issuer, `exp` at most 600 s after `iat`, a `jti` ' +
  'accepted once. UNAUTHENTICATED without a valid one; FORBIDDEN for an agent of another owner.';
const NAME = 'The agent name (case-insensitive).';

builder.prismaObjectFields('Owner', (t) => ({
  agents: t.relatedConnection('agents', {
    description: 'The agents the owner runs, oldest first (keyset on the owner and agent id).',
    cursor: 'id',
    defaultSize: DEFAULT_PAGE_SIZE,
    maxSize: MAX_PAGE_SIZE,
    query: { orderBy: { id: 'asc' } },
  }),
}));

builder.queryField('owner', (t) =>
  t.prismaField({
    type: 'Owner',
    description: `The owner acting with this request's assertion. ${ASSERTION}`,
    resolve: async (query, _root, _args, ctx) => {
      const { id } = await actingOwner(ctx);
      return ctx.services.db.owner.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

const OwnerRotatePayload = builder.objectRef<{ apiKey: string }>('OwnerRotateAgentKeyPayload').implement({
  description: "The agent's new API key, shown once. Every earlier key of the agent stopped working.",
  fields: (t) => ({
    apiKey: t.exposeString('apiKey', { description: 'The new key (`moltbook_sk_...`). Hand it to the agent now.' }),
  }),
});

builder.mutationFields((t) => ({
  ownerRotateAgentKey: t.field({
    type: OwnerRotatePayload,
    description: `Owner: issues a new key for one of its agents; every earlier key ends at once, on every instance. ${ASSERTION}`,
    args: { name: t.arg.string({ required: true, description: NAME }) },
    resolve: async (_root, { name }, ctx) => ({ apiKey: await ownerRotateKey(ctx, name) }),
  }),
  ownerRevokeAgentKeys: t.int({
    description: `Owner: ends every key of one of its agents at once; returns how many. ${ASSERTION}`,
    args: { name: t.arg.string({ required: true, description: NAME }) },
    resolve: (_root, { name }, ctx) => ownerRevokeKeys(ctx, name),
  }),
  ownerSuspendAgent: t.prismaField({
    type: 'Agent',
    description: `Owner: suspends one of its agents (it reads, every write is FORBIDDEN). Leaves an operator's suspension as it is. ${ASSERTION}`,
    args: {
      name: t.arg.string({ required: true, description: NAME }),
      reason: t.arg.string({ required: true, description: 'Why (1-500 characters); kept in the audit log.' }),
    },
    resolve: async (query, _root, { name, reason }, ctx) => {
      const id = await ownerSuspend(ctx, name, true, reason);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  ownerUnsuspendAgent: t.prismaField({
    type: 'Agent',
    description: `Owner: lifts its own suspension of one of its agents (FORBIDDEN for the operator's). Idempotent. ${ASSERTION}`,
    args: { name: t.arg.string({ required: true, description: NAME }) },
    resolve: async (query, _root, { name }, ctx) => {
      const id = await ownerSuspend(ctx, name, false);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  ownerSetHandle: t.prismaField({
    type: 'Owner',
    description: `Owner: sets its handle (left out: unchanged) and whether profiles show it. ${ASSERTION}`,
    args: {
      public: t.arg.boolean({ required: true, description: "Whether agents' profiles show the handle." }),
      handle: t.arg.string({ description: 'A handle, 2-40 of [A-Za-z0-9_.-]; left out: unchanged.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const id = await ownerSetHandle(ctx, args.public, args.handle);
      return ctx.services.db.owner.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
