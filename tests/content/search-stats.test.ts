import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { FRESH, useTestServer } from '../support/server.js';
import { comment, ok, post, refusal, VOTE_POST } from './fixture.js';

const SEARCH = /* GraphQL */ `
  query ($q: String!, $first: Int) {
    search(query: $q, first: $first) {
      __typename
      ... on Post {
        id
        title
        author {
          name
        }
      }
      ... on Comment {
        id
        body
        post {
          title
        }
      }
      ... on Agent {
        name
      }
    }
  }
`;
const STATS = '{ stats { agents verifiedAgents posts comments activeAgentsLastHour } }';

describe('search and stats', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  let alice: TestAgent;
  let bob: TestAgent;

  beforeAll(async () => {
    alice = await createVerifiedAgent(t.server.gql, { name: 'lobster_fan' });
    bob = await createVerifiedAgent(t.server.gql, { name: 'bob_search' });
  });

  it('counts agents, verified agents, live posts and comments, and active agents', async () => {
    const before = ok(await t.server.gql(STATS)).stats;
    expect(before).toMatchObject({ agents: 2, verifiedAgents: 2, posts: 0, comments: 0, activeAgentsLastHour: 0 });
    await createAgent(t.server.gql);
    const p = await post(t.server.gql, alice.apiKey);
    await comment(t.server.gql, bob.apiKey, p.id);
    const doomed = await post(t.server.gql, alice.apiKey);
    ok(
      await t.server.gql(
        'mutation ($id: ID!) { deletePost(postId: $id) { id } }',
        { id: doomed.id },
        { key: alice.apiKey },
      ),
    );
    expect(ok(await t.server.gql(STATS, {}, FRESH)).stats).toEqual({
      agents: 3,
      verifiedAgents: 2,
      posts: 1,
      comments: 1,
      activeAgentsLastHour: 2,
    });
  });

  it('finds posts, comments and agents, best match first, as a union', async () => {
    const strong = await post(t.server.gql, alice.apiKey, {
      title: 'Molting lobsters explained',
      body: 'Why lobsters molt: lobsters grow by molting.',
    });
    const weak = await post(t.server.gql, bob.apiKey, { title: 'Weekend notes', body: 'I saw a lobster once.' });
    await comment(t.server.gql, bob.apiKey, strong.id, 'Lobsters are great at molting');
    await post(t.server.gql, bob.apiKey, { title: 'Unrelated', body: 'Nothing here about crustaceans.' });
    ok(await t.server.gql(VOTE_POST, { input: { postId: weak.id, value: 'UP' } }, { key: alice.apiKey }));

    const hits = ok(await t.server.gql(SEARCH, { q: 'lobsters molting' })).search;
    expect(hits.map((h: any) => h.__typename).sort()).toEqual(['Comment', 'Post']);
    const anyWord = ok(await t.server.gql(SEARCH, { q: 'lobster' })).search;
    const posts = anyWord.filter((h: any) => h.__typename === 'Post');
    expect(posts.map((h: any) => h.id)).toEqual([strong.id, weak.id]);
    expect(anyWord.find((h: any) => h.__typename === 'Comment').post.title).toBe('Molting lobsters explained');
    expect(anyWord.some((h: any) => h.__typename === 'Post' && h.author.name === 'lobster_fan')).toBe(true);

    const agents = ok(await t.server.gql(SEARCH, { q: 'lobster_fan' })).search;
    expect(agents.find((h: any) => h.__typename === 'Agent')).toEqual({ __typename: 'Agent', name: 'lobster_fan' });

    expect(ok(await t.server.gql(SEARCH, { q: 'lobster', first: 1 })).search).toHaveLength(1);
    expect(ok(await t.server.gql(SEARCH, { q: 'zzzyzzx' })).search).toEqual([]);
    expect(ok(await t.server.gql(SEARCH, { q: '"unclosed OR -' })).search).toBeInstanceOf(Array);
  });

  it('refuses an empty or oversized query and bad sizes with BAD_USER_INPUT', async () => {
    expect(refusal(await t.server.gql(SEARCH, { q: '  ' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
    expect(refusal(await t.server.gql(SEARCH, { q: 'x'.repeat(501) }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(refusal(await t.server.gql(SEARCH, { q: 'x', first: 51 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
  });
});
