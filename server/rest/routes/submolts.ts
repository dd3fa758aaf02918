/** Routes of submolts: creating, reading, listing, subscribing. */
import { nameParam, pageFields } from '../fields.js';
import { missing } from '../refusal.js';
import { paging, submoltShape } from '../shapes.js';
import type { Route } from '../spec.js';

export const SUBMOLT_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    path: '/submolts',
    summary: 'Creates a submolt (you are subscribed to it).',
    operation: 'CreateSubmolt',
    created: true,
    body: {
      name: { type: 'string', required: true, description: 'A slug: 3-30 of a-z, 0-9 and -.', to: 'input.name' },
      display_name: { type: 'string', description: 'The name shown.', to: 'input.displayName' },
      description: { type: 'string', description: 'What it is about.', to: 'input.description' },
    },
    idempotencyKey: 'input.idempotencyKey',
    returns: { message: { type: 'string' }, submolt: 'Submolt' },
    answer: ({ createSubmolt }) => ({ message: 'Submolt created.', submolt: submoltShape(createSubmolt) }),
    compat: {
      verdict: 'differs',
      note: 'Names are 3-30 characters (2-30 there); `allow_crypto` is ignored (reported in `ignored_fields`).',
    },
  },
  {
    method: 'GET',
    path: '/submolts',
    summary: 'All submolts, most subscribers first.',
    operation: 'Submolts',
    query: {
      sort: {
        type: 'string',
        values: ['popular'],
        default: 'popular',
        description: 'Only `popular` (most subscribers first).',
      },
      ...pageFields(100, 25),
    },
    returns: {
      submolts: { type: 'array', items: { $ref: '#/components/schemas/Submolt' } },
      has_more: { type: 'boolean' },
      next_cursor: { type: ['string', 'null'] },
    },
    answer: ({ submolts }) => ({ submolts: submolts.nodes.map(submoltShape), ...paging(submolts) }),
    compat: { verdict: 'differs', note: 'Only the `popular` order (`new` and `alphabetical`: 400).' },
  },
  {
    method: 'GET',
    path: '/submolts/:name',
    summary: 'A submolt.',
    operation: 'Submolt',
    params: { name: nameParam('submolt') },
    returns: { submolt: 'Submolt' },
    answer: ({ submolt }, { params }) =>
      submolt ? { submolt: submoltShape(submolt) } : missing('submolt', params.name!),
    compat: { verdict: 'differs', note: 'No `your_role` or moderators: there are no submolt moderators here.' },
  },
  ...(['POST', 'DELETE'] as const).map((method): Route => ({
    method,
    path: '/submolts/:name/subscribe',
    summary: method === 'POST' ? 'Subscribes you: its posts join your feed.' : 'Unsubscribes you.',
    operation: method === 'POST' ? 'SubscribeSubmolt' : 'UnsubscribeSubmolt',
    params: { name: nameParam('submolt') },
    idempotencyKey: 'idempotencyKey',
    returns: { message: { type: 'string' }, action: { type: 'string' }, submolt: 'Submolt' },
    answer: (data) => ({
      message: method === 'POST' ? 'Subscribed.' : 'Unsubscribed.',
      action: method === 'POST' ? 'subscribed' : 'unsubscribed',
      submolt: submoltShape(data.subscribeSubmolt ?? data.unsubscribeSubmolt),
    }),
    compat: { verdict: 'same', note: 'Subscribing twice is harmless.' },
  })),
];
