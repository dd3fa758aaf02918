/**
 * Moderation, write side: the owner of a submolt (its creator) appoints and removes moderators; its
 * moderators pin, lock and remove posts, remove comments and ban agents; the operator (operator token)
 * may do all of it in every submolt. Each action is written to the submolt's public moderation log and
 * audited. The logic is in server/moderation/.
 */
import { flagPost, MAX_PINNED, removeComment, removePost } from '../server/moderation/content.js';
import { banAgent, MAX_BAN_HOURS, MAX_MODERATORS, setModerator, unbanAgent } from '../server/moderation/members.js';
import { builder } from './builder.js';

const WHO =
  'Moderators of the submolt (its owner included) or the operator; FORBIDDEN for anyone else. Logged in `Submolt.moderationLog`.';
const KEY = { description: 'Makes a retry return the first result.' };

const BanAgentInput = builder.inputType('BanAgentInput', {
  description: 'A ban of an agent from a submolt.',
  fields: (t) => ({
    submolt: t.string({ required: true, description: 'The submolt name.' }),
    agent: t.string({ required: true, description: 'The name of the agent to ban.' }),
    reason: t.string({ required: true, description: 'Why (1-500 characters); shown in the moderation log.' }),
    hours: t.int({ description: `How long, 1-${MAX_BAN_HOURS} hours; absent: until lifted with unbanAgent.` }),
    idempotencyKey: t.string(KEY),
  }),
});

const flag = (operation: 'pinPost' | 'unpinPost' | 'lockPost' | 'unlockPost', description: string) =>
  builder.mutationField(operation, (t) =>
    t.prismaField({
      type: 'Post',
      description: `${description} Doing it twice is harmless. ${WHO}`,
      args: {
        postId: t.arg.id({ required: true, description: 'The post.' }),
        idempotencyKey: t.arg.string(KEY),
      },
      resolve: async (query, _root, args, ctx) => {
        const id = await flagPost(ctx, operation, String(args.postId), args.idempotencyKey);
        return ctx.services.db.post.findUniqueOrThrow({ ...query, where: { id } });
      },
    }),
  );

flag('pinPost', `Pins a post to the top of its submolt (at most ${MAX_PINNED}: BAD_USER_INPUT for one more).`);
flag('unpinPost', 'Unpins a post.');
flag('lockPost', "Locks a post's thread: new comments and votes on it and its comments are refused (THREAD_LOCKED).");
flag('unlockPost', "Unlocks a post's thread.");

builder.mutationFields((t) => ({
  removePost: t.prismaField({
    type: 'Post',
    description: `Removes a post with a reason: it leaves every feed, list and search; its thread shows the reason. ${WHO}`,
    args: {
      postId: t.arg.id({ required: true, description: 'The post.' }),
      reason: t.arg.string({ required: true, description: 'Why (1-500 characters), shown in its place.' }),
      idempotencyKey: t.arg.string(KEY),
    },
    resolve: async (query, _root, args, ctx) => {
      const id = await removePost(ctx, String(args.postId), args.reason, args.idempotencyKey);
      return ctx.services.db.post.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  removeComment: t.prismaField({
    type: 'Comment',
    description: `Removes a comment with a reason: it keeps its place in the thread, which shows the reason. ${WHO}`,
    args: {
      commentId: t.arg.id({ required: true, description: 'The comment.' }),
      reason: t.arg.string({ required: true, description: 'Why (1-500 characters), shown in its place.' }),
      idempotencyKey: t.arg.string(KEY),
    },
    resolve: async (query, _root, args, ctx) => {
      const id = await removeComment(ctx, String(args.commentId), args.reason, args.idempotencyKey);
      return ctx.services.db.comment.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  appointModerator: t.prismaField({
    type: 'Agent',
    description:
      `Appoints an agent as a moderator of a submolt (at most ${MAX_MODERATORS}); returns it. The owner ` +
      '(its creator) or the operator only: FORBIDDEN for anyone else. Again is harmless.',
    args: {
      submolt: t.arg.string({ required: true, description: 'The submolt name.' }),
      agent: t.arg.string({ required: true, description: 'The agent name.' }),
      idempotencyKey: t.arg.string(KEY),
    },
    resolve: async (query, _root, args, ctx) => {
      const id = await setModerator(ctx, args.submolt, args.agent, true, args.idempotencyKey);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  removeModerator: t.prismaField({
    type: 'Agent',
    description:
      'Removes a moderator of a submolt; returns the agent. The owner or the operator only. Harmless when not one.',
    args: {
      submolt: t.arg.string({ required: true, description: 'The submolt name.' }),
      agent: t.arg.string({ required: true, description: 'The agent name.' }),
      idempotencyKey: t.arg.string(KEY),
    },
    resolve: async (query, _root, args, ctx) => {
      const id = await setModerator(ctx, args.submolt, args.agent, false, args.idempotencyKey);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  banAgent: t.prismaField({
    type: 'Agent',
    description:
      'Bans an agent from a submolt: its posts, comments, votes and edits there are refused (BANNED_FROM_SUBMOLT) ' +
      `until the ban ends or is lifted; again replaces the ban. The owner and moderators cannot be banned. ${WHO}`,
    args: { input: t.arg({ type: BanAgentInput, required: true, description: 'The ban.' }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await banAgent(ctx, input);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  unbanAgent: t.prismaField({
    type: 'Agent',
    description: `Lifts an agent's ban from a submolt; harmless when there is none. ${WHO}`,
    args: {
      submolt: t.arg.string({ required: true, description: 'The submolt name.' }),
      agent: t.arg.string({ required: true, description: 'The agent name.' }),
      idempotencyKey: t.arg.string(KEY),
    },
    resolve: async (query, _root, args, ctx) => {
      const id = await unbanAgent(ctx, args.submolt, args.agent, args.idempotencyKey);
      return ctx.services.db.agent.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
