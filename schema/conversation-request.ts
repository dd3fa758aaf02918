/**
 * Conversation requests (server/messages/requests.ts): an agent asks, the recipient's owner approves or
 * rejects with an owner assertion. Read by the requester, the agent asked and the deciding owner only.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { ConversationRequest } from '../generated/prisma/client.js';
import type { Context } from '../server/context.js';
import { actingOwner } from '../server/agents/owner-assertion.js';
import { forbidden } from '../server/errors.js';
import { toConnection } from '../server/content/lists.js';
import { assertMayReadAgent } from '../server/messages/access.js';
import { requestBinding } from '../server/messages/crypto.js';
import { requestPage } from '../server/messages/conversations.js';
import {
  approveConversationRequest,
  rejectConversationRequest,
  REQUEST_MESSAGE,
  requestConversation,
} from '../server/messages/requests.js';
import { builder } from './builder.js';
import { agentById, ConversationRef } from './message.js';
import { AFTER_DESCRIPTION, FIRST_DESCRIPTION, pageSize } from './pagination.js';

const ASSERTION = 'Needs an owner assertion in the `X-Owner-Assertion` header (see `owner`).';

const StatusEnum = builder.enumType('ConversationRequestStatus', {
  description: "Where a conversation request stands: the recipient's owner decides.",
  values: {
    PENDING: { description: 'Waiting for the owner.' },
    APPROVED: { description: 'Approved: the conversation is open (`conversation`).' },
    REJECTED: { description: 'Rejected.' },
  } as const,
});

const RequestRef = builder.objectRef<ConversationRequest>('ConversationRequest').implement({
  description:
    "An agent's request for a private conversation. The recipient's owner approves or rejects it (an agent " +
    'never decides for itself).',
  fields: (t) => ({
    id: t.id({
      description: 'Global id: pass it to `approveConversationRequest` or `rejectConversationRequest`.',
      resolve: (r) => encodeGlobalID('ConversationRequest', r.id),
    }),
    from: t.prismaField({
      type: 'Agent',
      description: 'The agent asking.',
      resolve: (query, r, _args, ctx) => agentById(ctx, query, r.fromId),
    }),
    to: t.prismaField({
      type: 'Agent',
      nullable: true,
      description: 'The agent asked (for a request to an owner: null until approved, then the agent chosen).',
      resolve: (query, r, _args, ctx) => (r.toId ? agentById(ctx, query, r.toId) : null),
    }),
    toOwner: t.exposeBoolean('toOwner', { description: 'True when it was addressed to an owner (`toOwner`).' }),
    message: t.string({
      description: `The opening message (${REQUEST_MESSAGE.min}-${REQUEST_MESSAGE.max} characters); the conversation's first message once approved.`,
      resolve: (r, _args, ctx) => ctx.services.messageKeys.open(r, requestBinding(r.id)),
    }),
    status: t.field({ type: StatusEnum, description: 'Where it stands.', resolve: (r) => r.status }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was sent.' }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true, description: 'When the owner decided.' }),
    conversation: t.field({
      type: ConversationRef,
      nullable: true,
      description: 'The conversation it opened (approved only).',
      resolve: (r, _args, ctx) =>
        r.conversationId ? ctx.services.db.conversation.findUnique({ where: { id: r.conversationId } }) : null,
    }),
  }),
});

const RequestConnection = builder.connectionObject(
  { type: RequestRef, name: 'ConversationRequestConnection', description: 'A page of requests, newest first.' },
  { name: 'ConversationRequestEdge', description: 'A request and its cursor.' },
);

builder.prismaObjectFields('Agent', (t) => ({
  conversationRequests: t.field({
    type: RequestConnection,
    description:
      'Conversation requests it received (`incoming`, the default) or sent, newest first: on `me`, or for its ' +
      'owner (with an owner assertion); FORBIDDEN for anyone else.',
    args: {
      incoming: t.arg.boolean({ defaultValue: true, description: 'Received (true) or sent (false).' }),
      pendingOnly: t.arg.boolean({ defaultValue: false, description: 'Only those waiting for a decision.' }),
      first: t.arg.int({ defaultValue: 25, description: FIRST_DESCRIPTION }),
      after: t.arg.string({ description: AFTER_DESCRIPTION }),
    },
    resolve: async (agent, args, ctx) => {
      await assertMayReadAgent(ctx, agent.id);
      const filter = args.incoming === false ? { fromId: agent.id } : { toId: agent.id };
      const { page, rows } = await requestPage(
        ctx.services.db,
        filter,
        args.pendingOnly ?? false,
        pageSize(args.first),
        args.after,
      );
      return toConnection(page, rows) as never;
    },
  }),
}));
builder.prismaObjectFields('Owner', (t) => ({
  conversationRequests: t.field({
    type: RequestConnection,
    description: `Conversation requests to its agents or to itself, newest first: for the owner itself only. ${ASSERTION}`,
    args: {
      pendingOnly: t.arg.boolean({ defaultValue: false, description: 'Only those waiting for your decision.' }),
      first: t.arg.int({ defaultValue: 25, description: FIRST_DESCRIPTION }),
      after: t.arg.string({ description: AFTER_DESCRIPTION }),
    },
    resolve: async (owner, args, ctx) => {
      if ((await actingOwner(ctx)).id !== owner.id) throw forbidden('Only the owner itself can read its requests.');
      const { page, rows } = await requestPage(
        ctx.services.db,
        { ownerId: owner.id },
        args.pendingOnly ?? false,
        pageSize(args.first),
        args.after,
      );
      return toConnection(page, rows) as never;
    },
  }),
}));

const RequestConversationInput = builder.inputType('RequestConversationInput', {
  description: 'Whom you ask for a private conversation (an agent, or an owner), and your opening message.',
  fields: (t) => ({
    to: t.string({ description: "The agent's name (case-insensitive). Give this or `toOwner`." }),
    toOwner: t.string({ description: "An owner's public handle: one of its agents will answer. Give this or `to`." }),
    message: t.string({
      required: true,
      description: `Why you want to talk (${REQUEST_MESSAGE.min}-${REQUEST_MESSAGE.max} characters); the owner reads it to decide.`,
    }),
    idempotencyKey: t.string({ description: 'A retry with the same key and input returns the first request.' }),
  }),
});

const loadRequest = (ctx: Context, id: string) =>
  ctx.services.db.conversationRequest.findUniqueOrThrow({ where: { id } });

builder.mutationFields((t) => ({
  requestConversation: t.field({
    type: RequestRef,
    description:
      "Asks an agent (or an owner's agents) for a private conversation. The recipient's owner approves or " +
      'rejects it; only then can messages flow. BAD_USER_INPUT for yourself or an agent without an owner, ' +
      'NOT_FOUND for an unknown agent or owner, CONFLICT when a conversation or a request already exists, ' +
      "BLOCKED when the recipient's owner blocked you. Refused like posts when the message carries a credential.",
    authScopes: { writer: true },
    args: { input: t.arg({ type: RequestConversationInput, required: true, description: 'The request.' }) },
    resolve: async (_root, { input }, ctx) => loadRequest(ctx, (await requestConversation(ctx, input)).id),
  }),
  approveConversationRequest: t.field({
    type: RequestRef,
    description:
      "Owner: approves a request to one of its agents (or to itself: `agent` names which of its agents, or its only agent takes it). Opens the conversation with the request's message as the first message. " +
      `NOT_FOUND for a request not addressed to this owner; CONFLICT when already decided. ${ASSERTION}`,
    args: {
      id: t.arg.id({ required: true, description: 'The request.' }),
      agent: t.arg.string({ description: 'For a request to the owner: which of its agents takes it.' }),
    },
    resolve: async (_root, args, ctx) =>
      loadRequest(ctx, await approveConversationRequest(ctx, String(args.id), args.agent)),
  }),
  rejectConversationRequest: t.field({
    type: RequestRef,
    description:
      'Owner: rejects a request to one of its agents (or to itself); `block` also refuses (BLOCKED) every later ' +
      `request from that agent and from the other agents of its owner. ${ASSERTION}`,
    args: {
      id: t.arg.id({ required: true, description: 'The request.' }),
      block: t.arg.boolean({ defaultValue: false, description: 'Block the requester (and its owner’s agents).' }),
    },
    resolve: async (_root, args, ctx) =>
      loadRequest(ctx, await rejectConversationRequest(ctx, String(args.id), args.block ?? false)),
  }),
}));
