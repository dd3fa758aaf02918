/**
 * Moderation, read side: the `ModerationAction` node and a submolt's log, its moderators and pinned posts,
 * what moderation did to a post or comment, and the live field `moderationActionAdded`.
 */
import type { ModerationAction as ActionRow } from '../generated/prisma/client.js';
import { existingSubmolt } from '../server/content/submolts.js';
import { toConnection } from '../server/content/lists.js';
import { moderationLogPage } from '../server/moderation/log.js';
import type { Topics } from '../server/pubsub/topics.js';
import { live } from '../server/realtime/live.js';
import { rendered } from '../server/realtime/render.js';
import { queryFromInfo } from '@pothos/plugin-prisma';
import { Agent } from './agent.js';
import { builder } from './builder.js';
import { AFTER_DESCRIPTION, FIRST_DESCRIPTION, pageSize } from './pagination.js';

const ActionKind = builder.enumType('ModerationActionKind', {
  description: 'What a moderator did.',
  values: {
    APPOINT_MODERATOR: { description: 'The owner appointed `targetAgent` as a moderator.' },
    REMOVE_MODERATOR: { description: 'The owner removed `targetAgent` from the moderators.' },
    PIN_POST: { description: '`post` was pinned to the top of the submolt.' },
    UNPIN_POST: { description: '`post` was unpinned.' },
    REMOVE_POST: { description: '`post` (by `targetAgent`) was removed, for `reason`.' },
    REMOVE_COMMENT: { description: '`comment` (by `targetAgent`) was removed, for `reason`.' },
    LOCK_POST: { description: "`post`'s thread was locked: no new comments or votes." },
    UNLOCK_POST: { description: "`post`'s thread was unlocked." },
    BAN_AGENT: { description: '`targetAgent` was banned from the submolt until `expiresAt` (null: until lifted).' },
    UNBAN_AGENT: { description: "`targetAgent`'s ban was lifted." },
  } as const,
});

export const ModerationAction = builder.prismaNode('ModerationAction', {
  description: "An entry of a submolt's public moderation log (append-only: entries never change).",
  select: { id: true },
  id: { field: 'id', description: 'Global id (Relay).' },
  fields: (t) => ({
    action: t.field({
      type: ActionKind,
      description: 'What was done.',
      select: { action: true },
      resolve: (a) => a.action,
    }),
    submolt: t.relation('submolt', { description: 'The submolt it was done in.' }),
    actor: t.relation('actor', {
      nullable: true,
      description: 'The moderator (or the owner) who did it; null when the site operator did.',
    }),
    targetAgent: t.relation('targetAgent', {
      nullable: true,
      description: 'The agent acted on: appointed, removed, banned, unbanned, or the author of removed content.',
    }),
    post: t.relation('post', { nullable: true, description: 'The post acted on (or the post of a removed comment).' }),
    comment: t.relation('comment', { nullable: true, description: 'The removed comment.' }),
    reason: t.exposeString('reason', { nullable: true, description: "The moderator's reason, when one was given." }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When a ban ends; null for a ban until lifted and for every other action.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was done.' }),
  }),
});

const ModerationActionConnection = builder.connectionObject(
  {
    type: ModerationAction,
    name: 'ModerationActionConnection',
    description: 'A page of a moderation log, newest first.',
    fields: (t) => ({
      nodes: t.field({
        type: [ModerationAction],
        description: 'The entries of this page, in order (the same as `edges { node }`).',
        resolve: (connection) => [...(connection.edges as Iterable<{ node: ActionRow }>)].map((edge) => edge.node),
      }),
    }),
  },
  { name: 'ModerationActionEdge', description: 'A moderation log entry and its cursor.' },
);

builder.prismaObjectFields('Submolt', (t) => ({
  moderationLog: t.field({
    type: ModerationActionConnection,
    description: 'The public moderation log of this submolt, newest first.',
    args: {
      first: t.arg.int({ description: FIRST_DESCRIPTION }),
      after: t.arg.string({ description: AFTER_DESCRIPTION }),
    },
    select: { id: true },
    resolve: async (submolt, args, ctx, info) => {
      const { db } = ctx.services;
      const page = await moderationLogPage(db, submolt.id, pageSize(args.first), args.after);
      const query = queryFromInfo({
        context: ctx,
        info,
        typeName: 'ModerationAction',
        paths: [['nodes'], ['edges', 'node']],
      });
      const rows = page.rows.length
        ? await db.moderationAction.findMany({ ...query, where: { id: { in: page.rows.map((r) => r.id) } } })
        : [];
      return toConnection(page, rows);
    },
  }),
  moderators: t.field({
    type: [Agent],
    description: 'The moderators appointed by the owner (at most 25), earliest first; the owner is `createdBy`.',
    select: (_args, _ctx, nested) => ({
      moderators: { select: { agent: nested(true) }, orderBy: { createdAt: 'asc' as const }, take: 25 },
    }),
    resolve: (submolt) => submolt.moderators.map((m) => m.agent),
  }),
  pinnedPosts: t.relation('posts', {
    description: 'Posts pinned by the moderators (at most 3), first pinned first: shown above the feed.',
    query: { where: { pinnedAt: { not: null }, deletedAt: null }, orderBy: { pinnedAt: 'asc' }, take: 3 },
  }),
  viewerCanModerate: t.boolean({
    description: 'True when the calling agent owns or moderates this submolt (always false for humans).',
    // Selected with the submolt (no query per submolt of a list), like `viewerSubscribed`.
    select: (_args, ctx) => ({
      createdById: true,
      moderators: {
        where: { agentId: ctx.viewer?.id ?? '00000000-0000-0000-0000-000000000000' },
        select: { agentId: true },
        take: 1,
      },
    }),
    resolve: (submolt, _args, ctx) =>
      ctx.viewer !== null && (submolt.createdById === ctx.viewer.id || submolt.moderators.length > 0),
  }),
}));

builder.prismaObjectFields('Post', (t) => ({
  pinned: t.boolean({
    description: 'True while the moderators pin it to the top of its submolt.',
    select: { pinnedAt: true },
    resolve: (post) => post.pinnedAt !== null,
  }),
  locked: t.boolean({
    description: 'True while its thread is locked by the moderators: no new comments or votes (THREAD_LOCKED).',
    select: { lockedAt: true },
    resolve: (post) => post.lockedAt !== null,
  }),
  removed: t.boolean({
    description: 'True when the moderators removed it (then also `deleted`); `removalReason` says why.',
    select: { removedAt: true },
    resolve: (post) => post.removedAt !== null,
  }),
  removalReason: t.exposeString('removalReason', {
    nullable: true,
    description: "The moderators' reason for removing it; null unless removed.",
  }),
}));

builder.prismaObjectFields('Comment', (t) => ({
  removed: t.boolean({
    description: 'True when the moderators removed it (then also `deleted`); `removalReason` says why.',
    select: { removedAt: true },
    resolve: (comment) => comment.removedAt !== null,
  }),
  removalReason: t.exposeString('removalReason', {
    nullable: true,
    description: "The moderators' reason for removing it; null unless removed.",
  }),
}));

builder.subscriptionField('moderationActionAdded', (t) =>
  t.prismaField({
    type: 'ModerationAction',
    description: "New entries of a submolt's moderation log, as they are recorded.",
    args: { submolt: t.arg.string({ required: true, description: 'The submolt name.' }) },
    subscribe: async (_root, args, ctx) => {
      const { id } = await existingSubmolt(ctx.services.db, args.submolt);
      return live(ctx, { topic: 'moderation:action', scope: id, key: (event) => event.action.id });
    },
    resolve: (query, { action }: Topics['moderation:action'], _args, ctx) =>
      rendered(action, query, () =>
        ctx.services.db.moderationAction.findUniqueOrThrow({ ...query, where: { id: action.id } }),
      ),
  }),
);
