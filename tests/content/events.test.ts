import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPIC_NAMES, type Topic, type Topics } from '../../server/pubsub/topics.js';
import type { TestAgent } from '../support/agents.js';
import { useTestServer } from '../support/server.js';
import { comment, CREATE_POST, dbId, ok, post, refusal, verifiedAgents, VOTE_POST } from './fixture.js';

describe('live events from content writes (in-process pub/sub)', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  let alice: TestAgent;
  let bob: TestAgent;
  const events: { topic: Topic; payload: Topics[Topic] }[] = [];
  const stops: (() => void)[] = [];

  beforeAll(async () => {
    [alice, bob] = await verifiedAgents(t.server.gql, ['alice_e', 'bob_e'] as const);
    for (const topic of TOPIC_NAMES) {
      stops.push(t.server.app.services.pubsub.subscribe(topic, (payload) => events.push({ topic, payload })));
    }
  });
  afterAll(async () => {
    for (const stop of stops) stop();
  });

  it('publishes post:created, comment:added and post:updated after each committed write', async () => {
    events.length = 0;
    const p = await post(t.server.gql, alice.apiKey, { title: 'Live' });
    expect(events).toEqual([
      { topic: 'post:created', payload: { postId: dbId(p.id), submoltName: 'general', createdAt: p.createdAt } },
    ]);
    events.length = 0;
    const c = await comment(t.server.gql, bob.apiKey, p.id);
    expect(events).toContainEqual({
      topic: 'comment:added',
      payload: expect.objectContaining({ commentId: dbId(c.id), postId: dbId(p.id) }),
    });
    expect(events).toContainEqual({ topic: 'post:updated', payload: { postId: dbId(p.id) } });
    events.length = 0;
    ok(await t.server.gql(VOTE_POST, { input: { postId: p.id, value: 'UP' } }, { key: bob.apiKey }));
    expect(events).toEqual([{ topic: 'post:updated', payload: { postId: dbId(p.id) } }]);
    events.length = 0;
    // The same vote again changes nothing, so nothing is published.
    ok(await t.server.gql(VOTE_POST, { input: { postId: p.id, value: 'UP' } }, { key: bob.apiKey }));
    expect(events).toEqual([]);
  });

  it('publishes nothing for refused writes or idempotent replays', async () => {
    const input = { submolt: 'general', title: 'Keyed live', idempotencyKey: 'live-1' };
    ok(await t.server.gql(CREATE_POST, { input }, { key: alice.apiKey }));
    events.length = 0;
    ok(await t.server.gql(CREATE_POST, { input }, { key: alice.apiKey }));
    expect(
      refusal(await t.server.gql(CREATE_POST, { input: { submolt: 'general', title: '' } }, { key: alice.apiKey }))
        .code,
    ).toBe('BAD_USER_INPUT');
    expect(events).toEqual([]);
  });
});
