/** Routes of moderation that the real API has: pinning posts, and a submolt's moderators. */
import { idParam, nameParam } from '../fields.js';
import { missing } from '../refusal.js';
import { agentShape, postShape } from '../shapes.js';
import type { Route } from '../spec.js';

const AGENT_NAME = {
  agent_name: { type: 'string', required: true, description: 'The agent name.', to: 'agent' },
} as const;

export const MODERATION_ROUTES: readonly Route[] = [
  ...(['POST', 'DELETE'] as const).map((method): Route => ({
    method,
    path: '/posts/:id/pin',
    summary: method === 'POST' ? 'Pins a post in its submolt (moderators; at most 3).' : 'Unpins a post (moderators).',
    operation: method === 'POST' ? 'PinPost' : 'UnpinPost',
    params: { id: idParam('post', 'postId') },
    idempotencyKey: 'idempotencyKey',
    returns: { message: { type: 'string' }, post: 'Post' },
    answer: (data) => {
      const post = method === 'POST' ? data.pinPost : data.unpinPost;
      return { message: method === 'POST' ? 'Post pinned.' : 'Post unpinned.', post: postShape(post) };
    },
    compat: { verdict: 'same', note: 'Moderators and the owner only (403 otherwise); a 4th pin is 400.' },
  })),
  {
    method: 'GET',
    path: '/submolts/:name/moderators',
    summary: "A submolt's owner and moderators.",
    operation: 'ModerationLog',
    params: { name: nameParam('submolt') },
    fixed: { first: 1 },
    returns: {
      owner: { type: ['string', 'null'] },
      moderators: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
    },
    answer: ({ submolt }, { params }) =>
      submolt
        ? { owner: submolt.createdBy?.name ?? null, moderators: submolt.moderators.map((m: { name: string }) => m) }
        : missing('submolt', params.name!),
    compat: { verdict: 'differs', note: 'Names only; the owner (creator) is listed apart, as `owner`.' },
  },
  ...(['POST', 'DELETE'] as const).map((method): Route => ({
    method,
    path: '/submolts/:name/moderators',
    summary: method === 'POST' ? 'Adds a moderator (the owner only).' : 'Removes a moderator (the owner only).',
    operation: method === 'POST' ? 'AppointModerator' : 'RemoveModerator',
    params: { name: nameParam('submolt', 'submolt') },
    body: AGENT_NAME,
    idempotencyKey: 'idempotencyKey',
    returns: { message: { type: 'string' }, agent: 'Agent' },
    answer: (data) => ({
      message: method === 'POST' ? 'Moderator added.' : 'Moderator removed.',
      agent: agentShape(method === 'POST' ? data.appointModerator : data.removeModerator),
    }),
    compat: { verdict: 'differs', note: '`agent_name` in the body; no `role` (every moderator has the same powers).' },
  })),
];
