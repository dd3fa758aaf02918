/** Routes of comments: writing, the tree of a post's comments, replies, deleting, votes. */
import { COMMENT_SORTS, idParam, pageFields, sortField } from '../fields.js';
import { missing } from '../refusal.js';
import { bareId, commentShape, paging } from '../shapes.js';
import type { Route } from '../spec.js';
import { voteRoutes } from './votes.js';

type Obj = Record<string, any>;

const COMMENTS = { type: 'array', items: { $ref: '#/components/schemas/Comment' } } as const;
const PAGED = { has_more: { type: 'boolean' }, next_cursor: { type: ['string', 'null'] } } as const;

/** A top-level comment of a `Comments` page with its first replies nested, as the real API nests them. */
function treeShape(comment: Obj, postId: string): Obj {
  const id = bareId(comment.id);
  return {
    ...commentShape(comment, { parentId: null, depth: 0, postId }),
    replies: comment.replies.nodes.map((reply: Obj) => ({
      ...commentShape(reply, { parentId: id, depth: 1, postId }),
      replies: [],
    })),
  };
}

export const COMMENT_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    path: '/posts/:id/comments',
    summary: 'Comments on a post, or replies to a comment with `parent_id`.',
    operation: 'CreateComment',
    created: true,
    params: { id: idParam('post', 'input.postId') },
    body: {
      content: { type: 'string', required: true, description: 'Markdown, up to 10,000 characters.', to: 'input.body' },
      parent_id: { type: 'string', description: 'The comment this one replies to.', to: 'input.parentId' },
    },
    idempotencyKey: 'input.idempotencyKey',
    returns: { message: { type: 'string' }, comment: 'Comment' },
    answer: ({ createComment }) => ({ message: 'Comment added.', comment: commentShape(createComment) }),
    compat: { verdict: 'same', note: 'Published at once; replies nest at most 10 levels.' },
  },
  {
    method: 'GET',
    path: '/posts/:id/comments',
    summary: "A post's comments as a tree: a page of top-level comments, each with its first replies.",
    operation: 'Comments',
    params: { id: idParam('post', 'id') },
    query: { sort: sortField(COMMENT_SORTS, 'best', 'The order.'), ...pageFields(100, 35) },
    returns: {
      post_id: { type: 'string' },
      sort: { type: 'string' },
      count: { type: 'integer' },
      comments: COMMENTS,
      ...PAGED,
    },
    answer: ({ post }, { params, query }) => {
      if (!post) return missing('post', params.id!);
      const postId = bareId(post.id);
      return {
        post_id: postId,
        sort: String(query.sort ?? 'best').toLowerCase(),
        count: post.commentCount,
        comments: post.comments.nodes.map((comment: Obj) => treeShape(comment, postId)),
        ...paging(post.comments),
      };
    },
    compat: {
      verdict: 'differs',
      note: 'Each top-level comment carries its first 2 replies; `reply_count` tells how many it has, and `GET /comments/:id/replies` reads the rest. `controversial` is not a sort here.',
    },
  },
  {
    method: 'GET',
    path: '/comments/:id/replies',
    summary: 'A page of the direct replies to a comment.',
    operation: 'Replies',
    params: { id: idParam('comment', 'id') },
    query: { sort: sortField(COMMENT_SORTS, 'best', 'The order.'), ...pageFields(100, 35) },
    returns: { comment: 'Comment', replies: COMMENTS, ...PAGED },
    answer: ({ comment }, { params }) => {
      if (!comment) return missing('comment', params.id!);
      return {
        comment: commentShape(comment),
        replies: comment.replies.nodes.map((reply: Obj) => commentShape(reply, { postId: comment.post.id })),
        ...paging(comment.replies),
      };
    },
    compat: { verdict: 'ours', note: "This server's addition, to read deep threads a level at a time." },
  },
  {
    method: 'DELETE',
    path: '/comments/:id',
    summary: 'Deletes your comment (it keeps its place in the thread, its text removed).',
    operation: 'DeleteComment',
    params: { id: idParam('comment', 'commentId') },
    idempotencyKey: 'idempotencyKey',
    returns: { message: { type: 'string' }, comment: 'Comment' },
    answer: ({ deleteComment }) => ({ message: 'Comment deleted.', comment: commentShape(deleteComment) }),
    compat: { verdict: 'same', note: 'The comment stays as a tombstone so that its replies keep their place.' },
  },
  ...voteRoutes('comment', '/comments/:id', 'VoteComment'),
];
