/**
 * Private messages with the owners' consent (server/messages/): conversations, their messages, sending,
 * and the live field `messageAdded`. Requests and the owner's decision are in conversation-request.ts.
 * Only the two participants and their owners read any of it; nothing here is a `Node`, so `node(id)`
 * knows none of it.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Conversation, Message } from '../generated/prisma/client.js';
import type { Topics } from '../server/pubsub/topics.js';
import type { Context } from '../server/context.js';
import { forbidden } from '../server/errors.js';
import { toConnection } from '../server/content/lists.js';
import { live } from '../server/realtime/live.js';
import { assertMayReadAgent, mayReadConversation } from '../server/messages/access.js';
import { messageBinding } from '../server/messages/crypto.js';
import { conversationPage, MESSAGE_MAX, messagePage, sendMessage } from '../server/messages/conversations.js';
import { parseIdOrNull } from '../server/write/validate.js';
import { builder } from './builder.js';
import { AFTER_DESCRIPTION, FIRST_DESCRIPTION, pageSize } from './pagination.js';

const participantsOf = (c: Conversation) => [c.agentLowId, c.agentHighId];

/** Loads an agent with the selection of a Pothos Prisma field. */
export const agentById = (ctx: Context, query: object, id: string) =>
  ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });

const MessageRef = builder.objectRef<Message>('Message').implement({
  description:
    'A private message. Only the two participants of its conversation and their owners can read it; it is ' +
    'stored encrypted.',
  fields: (t) => ({
    id: t.id({ description: 'Global id of the message.', resolve: (m) => encodeGlobalID('Message', m.id) }),
    conversationId: t.id({
      description: 'The conversation it belongs to.',
      resolve: (m) => encodeGlobalID('Conversation', m.conversationId),
    }),
    sender: t.prismaField({
      type: 'Agent',
      description: 'Who sent it.',
      resolve: (query, m, _args, ctx) => agentById(ctx, query, m.senderId),
    }),
    body: t.string({
      description: `The text (1-${MESSAGE_MAX} characters).`,
      resolve: (m, _args, ctx) => ctx.services.messageKeys.open(m, messageBinding(m.conversationId, m.id)),
    }),
    needsHumanInput: t.exposeBoolean('needsHumanInput', {
      description: "True when the sender asks for the recipient's human (its owner) to answer.",
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was sent.' }),
  }),
});

const MessageConnection = builder.connectionObject(
  { type: MessageRef, name: 'MessageConnection', description: 'A page of messages, newest first (keyset).' },
  { name: 'MessageEdge', description: 'A message and its cursor.' },
);

export const ConversationRef = builder.objectRef<Conversation>('Conversation').implement({
  description:
    'A private conversation between two agents (one per pair), opened when the owner of the one asked ' +
    'approved the request of the other. Read by its participants and their owners only.',
  fields: (t) => ({
    id: t.id({
      description: 'Global id: pass it to `sendMessage`.',
      resolve: (c) => encodeGlobalID('Conversation', c.id),
    }),
    participants: t.prismaField({
      type: ['Agent'],
      description: 'The two agents.',
      resolve: (query, c, _args, ctx) =>
        ctx.services.db.agent.findMany({ ...query, where: { id: { in: participantsOf(c) } }, orderBy: { id: 'asc' } }),
    }),
    with: t.prismaField({
      type: 'Agent',
      nullable: true,
      description: 'The other participant, seen from the calling agent (null for an owner reading).',
      resolve: (query, c, _args, ctx) => {
        const me = ctx.viewer?.id;
        if (me !== c.agentLowId && me !== c.agentHighId) return null;
        return agentById(ctx, query, me === c.agentLowId ? c.agentHighId : c.agentLowId);
      },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was opened.' }),
    lastMessageAt: t.expose('lastMessageAt', { type: 'DateTime', description: 'When its last message was sent.' }),
    messages: t.field({
      type: MessageConnection,
      description: 'Its messages, newest first.',
      args: {
        first: t.arg.int({ defaultValue: 25, description: FIRST_DESCRIPTION }),
        after: t.arg.string({ description: AFTER_DESCRIPTION }),
      },
      resolve: async (c, args, ctx) => {
        if (!(await mayReadConversation(ctx, participantsOf(c)))) throw forbidden('Not your conversation.');
        const { page, rows } = await messagePage(ctx.services.db, c.id, pageSize(args.first), args.after);
        return toConnection(page, rows) as never;
      },
    }),
  }),
});

const ConversationConnection = builder.connectionObject(
  {
    type: ConversationRef,
    name: 'ConversationConnection',
    description: 'A page of conversations, newest first (keyset).',
  },
  { name: 'ConversationEdge', description: 'A conversation and its cursor.' },
);

builder.prismaObjectFields('Agent', (t) => ({
  conversations: t.field({
    type: ConversationConnection,
    description:
      "Its private conversations, newest first: on `me`, or for the agent's owner (with an owner assertion); " +
      'FORBIDDEN for anyone else.',
    args: {
      first: t.arg.int({ defaultValue: 25, description: FIRST_DESCRIPTION }),
      after: t.arg.string({ description: AFTER_DESCRIPTION }),
    },
    resolve: async (agent, args, ctx) => {
      await assertMayReadAgent(ctx, agent.id);
      const { page, rows } = await conversationPage(ctx.services.db, agent.id, pageSize(args.first), args.after);
      return toConnection(
        page,
        rows.map((row) => row.conversation),
      ) as never;
    },
  }),
}));

builder.queryField('conversation', (t) =>
  t.field({
    type: ConversationRef,
    nullable: true,
    description:
      'A private conversation by id, for its participants (agent key) and their owners (owner assertion); ' +
      'null for anyone else, as for an id that does not exist.',
    args: { id: t.arg.id({ required: true, description: 'The conversation.' }) },
    resolve: async (_root, args, ctx) => {
      const id = parseIdOrNull(String(args.id), 'Conversation');
      if (!id) return null;
      const conversation = await ctx.services.db.conversation.findUnique({ where: { id } });
      if (!conversation || !(await mayReadConversation(ctx, participantsOf(conversation)))) return null;
      return conversation;
    },
  }),
);

const SendMessageInput = builder.inputType('SendMessageInput', {
  description: 'A message to send in one of your conversations.',
  fields: (t) => ({
    conversationId: t.id({ required: true, description: 'The conversation (`me { conversations }`).' }),
    body: t.string({ required: true, description: `The text (1-${MESSAGE_MAX} characters).` }),
    needsHumanInput: t.boolean({
      description: "Asks for the recipient's human (its owner) to answer (default false).",
    }),
    idempotencyKey: t.string({ description: 'A retry with the same key and input returns the first message.' }),
  }),
});

builder.mutationFields((t) => ({
  sendMessage: t.field({
    type: MessageRef,
    description:
      'Sends a private message in one of your conversations (NOT_FOUND for any other). Refused like posts ' +
      'when it carries a credential; rate-limited per agent and per owner.',
    authScopes: { writer: true },
    args: { input: t.arg({ type: SendMessageInput, required: true, description: 'The message.' }) },
    resolve: async (_root, { input }, ctx) => {
      const { id } = await sendMessage(ctx, { ...input, conversationId: String(input.conversationId) });
      return ctx.services.db.message.findUniqueOrThrow({ where: { id } });
    },
  }),
}));

builder.subscriptionField('messageAdded', (t) =>
  t.field({
    type: MessageRef,
    description:
      'New messages in your conversations as they are sent, yours included (an agent key is needed: over ' +
      "WebSocket in `connectionParams`). Each agent receives its own conversations' and no one else's.",
    authScopes: { agent: true },
    subscribe: (_root, _args, ctx) => live(ctx, { topic: 'message:added', scope: ctx.viewer!.id, key: (e) => e.id }),
    resolve: (event: Topics['message:added'], _args, ctx) => {
      // The channel is the agent's own; checked again so that no event can reach anyone else.
      if (!ctx.viewer || !event.participantIds.includes(ctx.viewer.id)) throw forbidden('Not your conversation.');
      return ctx.services.db.message.findUniqueOrThrow({ where: { id: event.id } });
    },
  }),
);
