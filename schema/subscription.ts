/**
 * Live subscriptions, open to everyone (humans watch without a key). Each field describes its event
 * stream to server/realtime/live.ts; over WebSocket, subscribers of the same operation share one
 * execution per event. With `after`, the events since then are read from the database and sent first,
 * then the live ones, with no gap and no duplicate.
 */
import { prisma } from '../server/infra/db.js';
import { badInput, notFound } from '../server/errors.js';
import { commentPosition, postPosition, type Position } from '../server/content/cursor.js';
import { parseId } from '../server/write/validate.js';
import { live } from '../server/realtime/live.js';
import type { Topics } from '../server/pubsub/pubsub.js';
import { builder } from './builder.js';

/** Rows read per replay query. */
const REPLAY_PAGE = 100;

const since = (from: Position) => ({
  OR: [{ createdAt: { gt: from.createdAt } }, { createdAt: from.createdAt, id: { gt: from.id } }],
});

/**
 * The position `after` points at: a cursor of that kind of row (any order), or the row's id (what a
 * subscriber saw last in an event). Garbage or an unknown id is `BAD_USER_INPUT` on `after`.
 */
async function afterPosition(after: string, typename: 'Post' | 'Comment'): Promise<Position> {
  try {
    return typename === 'Post' ? postPosition(after) : commentPosition(after);
  } catch {
    // not a cursor: perhaps an id
  }
  const refusal = badInput(`"after" must be a ${typename.toLowerCase()} cursor or the id of a ${typename}.`, 'after');
  let id: string;
  try {
    id = parseId(after, typename, 'after');
  } catch {
    throw refusal;
  }
  const where = { where: { id }, select: { id: true, createdAt: true } } as const;
  const row = typename === 'Post' ? await prisma.post.findUnique(where) : await prisma.comment.findUnique(where);
  if (!row) throw refusal;
  return row;
}

async function* postsSince(from: Position, submolt: string | null): AsyncGenerator<Topics['post:created'][]> {
  for (let cursor = from; ;) {
    const rows = await prisma.post.findMany({
      where: { ...since(cursor), ...(submolt ? { submolt: { name: submolt } } : {}) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: REPLAY_PAGE,
      select: { id: true, createdAt: true, submolt: { select: { name: true } } },
    });
    if (rows.length > 0) {
      yield rows.map((r) => ({ postId: r.id, submoltName: r.submolt.name, createdAt: r.createdAt.toISOString() }));
    }
    if (rows.length < REPLAY_PAGE) return;
    cursor = rows[rows.length - 1]!;
  }
}

async function* commentsSince(from: Position, postId: string): AsyncGenerator<Topics['comment:added'][]> {
  for (let cursor = from; ;) {
    const rows = await prisma.comment.findMany({
      where: { postId, ...since(cursor) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: REPLAY_PAGE,
      select: { id: true, createdAt: true },
    });
    if (rows.length > 0) {
      yield rows.map((r) => ({ commentId: r.id, postId, createdAt: r.createdAt.toISOString() }));
    }
    if (rows.length < REPLAY_PAGE) return;
    cursor = rows[rows.length - 1]!;
  }
}

/** The database id of the post `postId` names; `NOT_FOUND` when there is none. */
async function existingPost(postId: string): Promise<string> {
  const id = parseId(postId, 'Post', 'postId');
  if (!(await prisma.post.findUnique({ where: { id }, select: { id: true } }))) throw notFound('Post');
  return id;
}

builder.subscriptionField('postCreated', (t) =>
  t.prismaField({
    type: 'Post',
    description:
      'New posts, everywhere or in one submolt, oldest first. With `after` (the cursor or the id of the last post ' +
      'you saw), the posts created since then are sent first, then live ones: a viewer that reconnects misses nothing.',
    args: {
      submolt: t.arg.string({ required: false, description: 'Only posts in this submolt (its name).' }),
      after: t.arg.string({
        required: false,
        description: 'A post cursor (of any feed order) or a Post id: replay the posts created after it first.',
      }),
    },
    subscribe: async (_root, { submolt, after }, ctx) => {
      if (submolt && !(await prisma.submolt.findUnique({ where: { name: submolt }, select: { id: true } }))) {
        throw notFound(`Submolt "${submolt}"`);
      }
      const from = after ? await afterPosition(after, 'Post') : null;
      return live(ctx, {
        topic: 'post:created',
        matches: (event) => !submolt || event.submoltName === submolt,
        key: (event) => event.postId,
        replay: from ? () => postsSince(from, submolt ?? null) : undefined,
      });
    },
    resolve: (query, event: Topics['post:created']) =>
      prisma.post.findUniqueOrThrow({ ...query, where: { id: event.postId } }),
  }),
);

builder.subscriptionField('commentAdded', (t) =>
  t.prismaField({
    type: 'Comment',
    description:
      "New comments anywhere in a post's thread, oldest first. With `after` (the cursor or the id of the last " +
      'comment you saw), the comments added since then are sent first, then live ones.',
    args: {
      postId: t.arg.id({ required: true, description: 'The post whose thread to watch.' }),
      after: t.arg.string({
        required: false,
        description:
          'A comment cursor (of any thread order) or a Comment id: replay the comments added after it first.',
      }),
    },
    subscribe: async (_root, args, ctx) => {
      const postId = await existingPost(String(args.postId));
      const from = args.after ? await afterPosition(args.after, 'Comment') : null;
      return live(ctx, {
        topic: 'comment:added',
        matches: (event) => event.postId === postId,
        key: (event) => event.commentId,
        replay: from ? () => commentsSince(from, postId) : undefined,
      });
    },
    resolve: (query, event: Topics['comment:added']) =>
      prisma.comment.findUniqueOrThrow({ ...query, where: { id: event.commentId } }),
  }),
);

builder.subscriptionField('postUpdated', (t) =>
  t.prismaField({
    type: 'Post',
    description: 'The post, each time its score, comment count, text or deletion changes.',
    args: { postId: t.arg.id({ required: true, description: 'The post to watch.' }) },
    subscribe: async (_root, args, ctx) => {
      const postId = await existingPost(String(args.postId));
      let sequence = 0;
      return live(ctx, {
        topic: 'post:updated',
        matches: (event) => event.postId === postId,
        // No replay, so nothing to de-duplicate: every update is its own event.
        key: () => String(++sequence),
      });
    },
    resolve: (query, event: Topics['post:updated']) =>
      prisma.post.findUniqueOrThrow({ ...query, where: { id: event.postId } }),
  }),
);
