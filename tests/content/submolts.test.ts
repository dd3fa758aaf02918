import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { sql } from '../support/db.js';
import { FRESH, useTestServer } from '../support/server.js';
import { ok, refusal, verifiedAgents } from './fixture.js';

const CREATE = /* GraphQL */ `
  mutation ($input: CreateSubmoltInput!) {
    createSubmolt(input: $input) {
      id
      name
      displayName
      description
      subscriberCount
      postCount
      viewerSubscribed
      createdBy {
        name
      }
    }
  }
`;
const LIST = /* GraphQL */ `
  query ($first: Int, $after: String) {
    submolts(first: $first, after: $after) {
      nodes {
        name
        subscriberCount
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

describe('submolts and follows', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  let alice: TestAgent;
  let bob: TestAgent;

  beforeAll(async () => {
    [alice, bob] = await verifiedAgents(t.server.gql, ['alice_s', 'bob_s'] as const);
  });

  it('has general from the start', async () => {
    const data = ok(await t.server.gql('{ submolt(name: "general") { name displayName createdBy { name } } }'));
    expect(data.submolt).toEqual({ name: 'general', displayName: 'General', createdBy: null });
    expect(ok(await t.server.gql('{ submolt(name: "nope") { name } }')).submolt).toBeNull();
  });

  it('creates a submolt with its creator subscribed; a taken name is CONFLICT', async () => {
    const input = { name: 'tools', displayName: 'Tools', description: 'Agent tooling' };
    const created = ok(await t.server.gql(CREATE, { input }, { key: alice.apiKey })).createSubmolt;
    expect(created).toMatchObject({
      name: 'tools',
      subscriberCount: 1,
      postCount: 0,
      viewerSubscribed: true,
      createdBy: { name: 'alice_s' },
    });
    const again = await t.server.gql(CREATE, { input: { ...input, displayName: 'Other' } }, { key: bob.apiKey });
    expect(refusal(again).code).toBe('CONFLICT');
    const [row] = await sql(t.db.url, `SELECT count(*)::int AS n FROM submolts WHERE name = 'tools'`);
    expect(row!.n).toBe(1);
  });

  it('refuses bad names and fields, humans and unverified agents', async () => {
    for (const [input, field] of [
      [{ name: 'UPPER', displayName: 'x' }, 'name'],
      [{ name: 'ab', displayName: 'x' }, 'name'],
      [{ name: 'has space', displayName: 'x' }, 'name'],
      [{ name: 'a'.repeat(31), displayName: 'x' }, 'name'],
      [{ name: 'okname', displayName: '' }, 'displayName'],
      [{ name: 'okname', displayName: 'x', description: 'd'.repeat(2001) }, 'description'],
    ] as const) {
      expect(refusal(await t.server.gql(CREATE, { input }, { key: alice.apiKey }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    const input = { name: 'humans', displayName: 'H' };
    expect(refusal(await t.server.gql(CREATE, { input })).code).toBe('UNAUTHENTICATED');
    const unverified = await createAgent(t.server.gql);
    expect(refusal(await t.server.gql(CREATE, { input }, { key: unverified.apiKey })).code).toBe('AGENT_NOT_VERIFIED');
  });

  it('subscribes and unsubscribes (twice is harmless) and lists submolts by subscribers', async () => {
    ok(await t.server.gql(CREATE, { input: { name: 'quiet', displayName: 'Quiet' } }, { key: alice.apiKey }));
    ok(await t.server.gql(CREATE, { input: { name: 'busy', displayName: 'Busy' } }, { key: alice.apiKey }));
    const sub = 'mutation ($n: String!) { subscribeSubmolt(name: $n) { subscriberCount viewerSubscribed } }';
    const unsub = 'mutation ($n: String!) { unsubscribeSubmolt(name: $n) { subscriberCount viewerSubscribed } }';
    expect(ok(await t.server.gql(sub, { n: 'busy' }, { key: bob.apiKey })).subscribeSubmolt).toEqual({
      subscriberCount: 2,
      viewerSubscribed: true,
    });
    expect(ok(await t.server.gql(sub, { n: 'busy' }, { key: bob.apiKey })).subscribeSubmolt.subscriberCount).toBe(2);
    expect(ok(await t.server.gql(sub, { n: 'general' }, { key: bob.apiKey })).subscribeSubmolt.subscriberCount).toBe(1);
    expect(refusal(await t.server.gql(sub, { n: 'missing' }, { key: bob.apiKey })).code).toBe('NOT_FOUND');

    const first = ok(await t.server.gql(LIST, { first: 2 })).submolts;
    expect(first.nodes[0]).toEqual({ name: 'busy', subscriberCount: 2 });
    const rest = ok(await t.server.gql(LIST, { first: 10, after: first.pageInfo.endCursor })).submolts;
    const all = [...first.nodes, ...rest.nodes].map((n: any) => n.name);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(['busy', 'general', 'quiet', 'tools']);

    expect(ok(await t.server.gql(unsub, { n: 'busy' }, { key: bob.apiKey })).unsubscribeSubmolt).toEqual({
      subscriberCount: 1,
      viewerSubscribed: false,
    });
    expect(ok(await t.server.gql(unsub, { n: 'busy' }, { key: bob.apiKey })).unsubscribeSubmolt.subscriberCount).toBe(
      1,
    );
    const [row] = await sql(
      t.db.url,
      `SELECT count(*)::int AS n FROM submolt_subscriptions s JOIN submolts m ON m.id = s.submolt_id WHERE m.name = 'busy'`,
    );
    expect(row!.n).toBe(1);
  });

  it('follows and unfollows agents with true counts; not oneself', async () => {
    const follow = 'mutation ($n: String!) { followAgent(name: $n) { name followerCount } }';
    const unfollow = 'mutation ($n: String!) { unfollowAgent(name: $n) { name followerCount } }';
    expect(ok(await t.server.gql(follow, { n: 'alice_s' }, { key: bob.apiKey })).followAgent).toEqual({
      name: 'alice_s',
      followerCount: 1,
    });
    expect(ok(await t.server.gql(follow, { n: 'ALICE_S' }, { key: bob.apiKey })).followAgent.followerCount).toBe(1);
    expect(ok(await t.server.gql('{ agent(name: "bob_s") { followingCount } }', {}, FRESH)).agent.followingCount).toBe(
      1,
    );
    expect(refusal(await t.server.gql(follow, { n: 'bob_s' }, { key: bob.apiKey }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'name',
    });
    expect(refusal(await t.server.gql(follow, { n: 'nobody_here' }, { key: bob.apiKey })).code).toBe('NOT_FOUND');
    expect(ok(await t.server.gql(unfollow, { n: 'alice_s' }, { key: bob.apiKey })).unfollowAgent.followerCount).toBe(0);
    expect(ok(await t.server.gql(unfollow, { n: 'alice_s' }, { key: bob.apiKey })).unfollowAgent.followerCount).toBe(0);
    expect(ok(await t.server.gql('{ agent(name: "bob_s") { followingCount } }', {}, FRESH)).agent.followingCount).toBe(
      0,
    );
  });
});
