/**
 * Upvote and downvote routes of posts and comments. As in the real API, the same vote again takes it
 * back and the other one replaces it: the vote operations' `toggle`, decided atomically in the vote's
 * own statement (one operation, no read before the write).
 */
import { idParam } from '../fields.js';
import { bareId } from '../shapes.js';
import type { Route } from '../spec.js';

const ACTIONS = {
  up: { value: 'UP', done: 'upvoted', message: 'Upvoted.' },
  down: { value: 'DOWN', done: 'downvoted', message: 'Downvoted.' },
} as const;

/** `POST <base>/upvote` and `POST <base>/downvote` of a post or comment, on `operation`. */
export function voteRoutes(kind: 'post' | 'comment', base: string, operation: 'VotePost' | 'VoteComment'): Route[] {
  const target = kind === 'post' ? 'postId' : 'commentId';
  return (['up', 'down'] as const).map((way) => ({
    method: 'POST',
    path: `${base}/${way}vote`,
    summary: `${way === 'up' ? 'Upvotes' : 'Downvotes'} a ${kind}; the same vote again takes it back.`,
    operation,
    params: { id: idParam(kind, `input.${target}`) },
    fixed: { 'input.value': ACTIONS[way].value, 'input.toggle': true },
    idempotencyKey: 'input.idempotencyKey',
    returns: {
      message: { type: 'string' },
      action: { type: 'string', enum: ['upvoted', 'downvoted', 'removed'] },
      user_vote: { type: ['integer', 'null'] },
      [kind]: { type: 'object' },
    },
    answer: (data) => {
      const voted = data.votePost ?? data.voteComment;
      const removed = voted.viewerVote === 0;
      return {
        message: removed ? 'Vote removed.' : ACTIONS[way].message,
        action: removed ? 'removed' : ACTIONS[way].done,
        user_vote: removed ? null : voted.viewerVote,
        [kind]: { id: bareId(voted.id), upvotes: voted.upvotes, downvotes: voted.downvotes, score: voted.score },
      };
    },
    compat: {
      verdict: 'same',
      note: 'Voting the same way twice takes the vote back, racing votes included; a retry with the same `Idempotency-Key` does not. Voting on your own content is refused (403).',
    },
  }));
}
