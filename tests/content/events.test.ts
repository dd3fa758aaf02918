import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subscription } from '../../server/pubsub/pubsub.js';
import { EVERYWHERE, type Deliveries, type Topic } from '../../server/pubsub/topics.js';
import type { TestAgent } from '../support/agents.js';
import { useTestServer } from '../support/server.js';
import { comment, CREATE_POST, dbId, ok, post, refusal, verifiedAgents, VOTE_POST } from './fixture.js';

describe('live events from content writes (in-process pub/sub)', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  let alice: TestAgent;
  let bob: TestAgent;
  const subscriptions: Subscription[] = [];

  /** What the channel of `topic` for `scope` delivers from now on. */
  function listen<T extends Topic>(topic: T, scope: string): Deliveries[T][] {
    const seen: Deliveries[T][] = [];
    subscriptions.push(t.server.app.services.pubsub.subscribe(topic, scope, (delivery) => seen.push(delivery)));
    return seen;
  }

  beforeAll(async () => {
    [alice, bob] = await verifiedAgents(t.server.gql, ['alice_e', 'bob_e'] as const);
  });
  afterAll(() => {
    for (const subscription of subscriptions) subscription.close();
  });

  it('publishes each committed write with the rows its subscribers show', async () => {
    const created = listen('post:created', EVERYWHERE);
    const p = await post(t.server.gql, alice.apiKey, { title: 'Live' });
    const postId = dbId(p.id);
    expect(created).toEqual([
      {
        post: expect.objectContaining({
          id: postId,
          title: 'Live',
          createdAt: p.createdAt,
          author: expect.objectContaining({ name: 'alice_e' }),
          submolt: expect.objectContaining({ name: 'general' }),
        }),
      },
    ]);

    const updated = listen('post:updated', postId);
    const added = listen('comment:added', postId);
    const c = await comment(t.server.gql, bob.apiKey, p.id);
    expect(added).toEqual([
      {
        comment: expect.objectContaining({
          id: dbId(c.id),
          postId,
          parent: null,
          author: expect.objectContaining({ name: 'bob_e' }),
        }),
      },
    ]);
    expect(updated).toEqual([
      { post: expect.objectContaining({ id: postId, commentCount: 1 }), version: expect.any(Number) },
    ]);

    ok(await t.server.gql(VOTE_POST, { input: { postId: p.id, value: 'UP' } }, { key: bob.apiKey }));
    expect(updated).toHaveLength(2);
    expect(updated[1]!.post).toMatchObject({ score: 1, upvotes: 1, commentCount: 1 });
    expect(updated[1]!.version).toBeGreaterThan(updated[0]!.version);
    // The same vote again changes nothing, so nothing is published.
    ok(await t.server.gql(VOTE_POST, { input: { postId: p.id, value: 'UP' } }, { key: bob.apiKey }));
    expect(updated).toHaveLength(2);
  });

  it('publishes nothing for refused writes or idempotent replays', async () => {
    const created = listen('post:created', EVERYWHERE);
    const input = { submolt: 'general', title: 'Keyed live', idempotencyKey: 'live-1' };
    ok(await t.server.gql(CREATE_POST, { input }, { key: alice.apiKey }));
    ok(await t.server.gql(CREATE_POST, { input }, { key: alice.apiKey }));
    expect(
      refusal(await t.server.gql(CREATE_POST, { input: { submolt: 'general', title: '' } }, { key: alice.apiKey }))
        .code,
    ).toBe('BAD_USER_INPUT');
    expect(created).toHaveLength(1);
  });
});
