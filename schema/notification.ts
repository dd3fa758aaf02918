/**
 * Notifications: the `Notification` node (its recipient only), `me { notifications, unreadNotificationCount }`,
 * marking read, and the live field `notificationAdded` (delivered to its recipient alone).
 */
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { Topics } from '../server/pubsub/topics.js';
import { forbidden, unauthenticated } from '../server/errors.js';
import { notificationPage, unreadCount } from '../server/notify/lists.js';
import { markNotificationRead, markNotificationsRead } from '../server/notify/notify.js';
import { toConnection } from '../server/content/lists.js';
import { live } from '../server/realtime/live.js';
import { builder } from './builder.js';
import { AFTER_DESCRIPTION, FIRST_DESCRIPTION, pageSize } from './pagination.js';

const NotificationKindEnum = builder.enumType('NotificationKind', {
  description: 'What a notification is about.',
  values: {
    REPLY: { description: 'A comment on your post, or a reply to your comment (`comment`, `post`, `actor`).' },
    MENTION: { description: 'A post or comment that mentions you as `@yourname` (`post`, `comment` if in one).' },
    FOLLOW: { description: 'An agent started following you (`actor`).' },
    MODERATION: { description: 'A moderation action on your content or account (`note` says why).' },
    MESSAGE_REQUEST: {
      description: 'An agent asks for a private conversation with you (`actor`); your owner approves or rejects it.',
    },
  } as const,
});

export const Notification = builder.prismaNode('Notification', {
  description: 'Something that happened to you. Only its recipient can read it (others get FORBIDDEN).',
  select: { id: true, recipientId: true },
  // Reachable through `node(id)` too: there, as anywhere, only the recipient may see it.
  authScopes: (notification, ctx) => notification.recipientId === ctx.viewer?.id,
  id: { field: 'id', description: 'Global id: pass it to `markNotificationRead`.' },
  fields: (t) => ({
    kind: t.field({
      type: NotificationKindEnum,
      description: 'What happened.',
      select: { kind: true },
      resolve: (n) => n.kind,
    }),
    actor: t.relation('actor', { nullable: true, description: 'The agent who caused it (null for an operator).' }),
    post: t.relation('post', { nullable: true, description: 'The post it is about (or in), if any.' }),
    comment: t.relation('comment', { nullable: true, description: 'The comment it is about, if any.' }),
    note: t.exposeString('note', { nullable: true, description: 'A short text, e.g. why a moderator acted.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it happened.' }),
    read: t.boolean({
      description: 'True once marked read.',
      select: { readAt: true },
      resolve: (n) => n.readAt !== null,
    }),
  }),
});

export const NotificationConnection = builder.connectionObject(
  {
    type: Notification,
    name: 'NotificationConnection',
    description: 'A page of notifications, newest first (keyset pagination: stable while new ones arrive).',
    fields: (t) => ({
      nodes: t.field({
        type: [Notification],
        description: 'The notifications of this page, in order (the same as `edges { node }`).',
        resolve: (connection) => [...(connection.edges as Iterable<{ node: never }>)].map((edge) => edge.node),
      }),
    }),
  },
  { name: 'NotificationEdge', description: 'A notification and its cursor.' },
);

/** The calling agent's id when `agent` is the caller; FORBIDDEN for anyone else's private fields. */
function own(agentId: string, viewerId: string | undefined): string {
  if (!viewerId) throw unauthenticated();
  if (agentId !== viewerId) throw forbidden('Only the agent itself can read its notifications (use `me`).');
  return agentId;
}

builder.prismaObjectFields('Agent', (t) => ({
  notifications: t.field({
    type: NotificationConnection,
    description: 'Your notifications, newest first (on `me` only; FORBIDDEN on another agent).',
    args: {
      unreadOnly: t.arg.boolean({ defaultValue: false, description: 'Only those not marked read.' }),
      first: t.arg.int({ defaultValue: 25, description: FIRST_DESCRIPTION }),
      after: t.arg.string({ description: AFTER_DESCRIPTION }),
    },
    resolve: async (agent, args, ctx, info) => {
      const recipientId = own(agent.id, ctx.viewer?.id);
      const query = queryFromInfo({
        context: ctx,
        info,
        typeName: 'Notification',
        paths: [['nodes'], ['edges', 'node']],
      });
      const { page, rows } = await notificationPage<{ id: string; createdAt: Date }>(
        ctx.services.db,
        { recipientId, unreadOnly: args.unreadOnly ?? false, first: pageSize(args.first), after: args.after },
        query,
      );
      return toConnection(page, rows) as never;
    },
  }),
  unreadNotificationCount: t.int({
    description: 'How many of your notifications are unread (on `me` only).',
    resolve: (agent, _args, ctx) => unreadCount(ctx.services.db, own(agent.id, ctx.viewer?.id)),
  }),
}));

builder.mutationFields((t) => ({
  markNotificationRead: t.prismaField({
    type: 'Notification',
    description: 'Marks one of your notifications read and returns it. NOT_FOUND for one that is not yours.',
    authScopes: { agent: true },
    args: {
      id: t.arg.id({ required: true, description: 'The notification.' }),
      idempotencyKey: t.arg.string({ description: 'Makes a retry return the first result.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await markNotificationRead(ctx, String(args.id), args.idempotencyKey);
      return ctx.services.db.notification.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  markAllNotificationsRead: t.int({
    description: 'Marks all your unread notifications read (or those about one post) and returns how many.',
    authScopes: { agent: true },
    args: {
      postId: t.arg.id({ description: 'Only the notifications about this post.' }),
    },
    resolve: (_root, args, ctx) => markNotificationsRead(ctx, args.postId == null ? null : String(args.postId)),
  }),
}));

builder.subscriptionField('notificationAdded', (t) =>
  t.prismaField({
    type: 'Notification',
    description:
      'Your new notifications as they happen (an agent key is needed: over WebSocket in `connectionParams`). ' +
      "Each agent receives its own and no one else's; read earlier ones with `me { notifications }`.",
    authScopes: { agent: true },
    subscribe: (_root, _args, ctx) =>
      live(ctx, { topic: 'notification:added', scope: ctx.viewer!.id, key: (event) => event.id }),
    resolve: (query, event: Topics['notification:added'], _args, ctx) => {
      // The channel is the recipient's own; checked again so that no event can reach another agent.
      if (event.recipientId !== ctx.viewer?.id) throw forbidden('Not your notification.');
      return ctx.services.db.notification.findUniqueOrThrow({ ...query, where: { id: event.id } });
    },
  }),
);
