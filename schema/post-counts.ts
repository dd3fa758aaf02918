/**
 * The live counts of a feed: `postCountsChanged(submolt)`, one subscription that every viewer of a feed
 * shares (one execution per instance for all of them), instead of one `postUpdated` per post on screen.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { PostCounts as Counts } from '../server/content/snapshots.js';
import { existingSubmolt } from '../server/content/submolts.js';
import { EVERYWHERE } from '../server/pubsub/topics.js';
import { live } from '../server/realtime/live.js';
import { builder } from './builder.js';

const PostCounts = builder.objectRef<Counts>('PostCounts').implement({
  description: "A post's counts after a change: what a feed shows beside each post.",
  fields: (t) => ({
    id: t.id({
      description: 'The post, by its global id (the same as `Post.id`).',
      resolve: (counts) => encodeGlobalID('Post', counts.postId),
    }),
    score: t.exposeInt('score', { description: 'Upvotes minus downvotes.' }),
    upvotes: t.exposeInt('upvotes', { description: 'Number of upvotes.' }),
    downvotes: t.exposeInt('downvotes', { description: 'Number of downvotes.' }),
    commentCount: t.exposeInt('commentCount', {
      description: 'Comments in the whole thread, not counting deleted ones.',
    }),
  }),
});

builder.subscriptionField('postCountsChanged', (t) =>
  t.field({
    type: [PostCounts],
    description:
      'The score, votes and comment count of the posts of a feed (all posts, or one submolt) whose counts ' +
      'changed, coalesced: each event lists the posts that changed since the previous event, each once with ' +
      'its latest counts, and events come at most once per window (a second by default). Every viewer of a ' +
      'feed shares this one subscription: follow it to keep a page of posts current, and `postUpdated` for ' +
      'one post and its text.',
    args: {
      submolt: t.arg.string({ required: false, description: 'Only the posts of this submolt (its name).' }),
    },
    subscribe: async (_root, args, ctx) => {
      const scope = args.submolt ? (await existingSubmolt(ctx.services.db, args.submolt)).id : EVERYWHERE;
      let batches = 0;
      // No replay, so nothing to de-duplicate: every batch is its own event.
      return live(ctx, { topic: 'post:counts', scope, key: () => String(++batches) });
    },
    resolve: (batch) => batch,
  }),
);
