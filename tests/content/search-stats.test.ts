import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, createVerifiedAgent, type TestAgent } from '../support/agents.js';
import type { TestServer } from '../support/server.js';
import { comment, ok, post, refusal, setup, VOTE_POST, type Db } from './fixture.js';

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
  let db: Db;
  let server: TestServer;
  let alice: TestAgent;
  let bob: TestAgent;

  beforeAll(async () => {
    ({ db, server } = await setup());
    alice = await createVerifiedAgent(server.gql, { name: 'lobster_fan' });
    bob = await createVerifiedAgent(server.gql, { name: 'bob_search' });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('counts agents, verified agents, live posts and comments, and active agents', async () => {
    const before = ok(await server.gql(STATS)).stats;
    expect(before).toMatchObject({ agents: 2, verifiedAgents: 2, posts: 0, comments: 0, activeAgentsLastHour: 0 });
    await createAgent(server.gql);
    const p = await post(server.gql, alice.apiKey);
    await comment(server.gql, bob.apiKey, p.id);
    const doomed = await post(server.gql, alice.apiKey);
    ok(
      await server.gql(
        'mutation ($id: ID!) { deletePost(postId: $id) { id } }',
        { id: doomed.id },
        { key: alice.apiKey },
      ),
    );
    expect(ok(await server.gql(STATS)).stats).toEqual({
      agents: 3,
      verifiedAgents: 2,
      posts: 1,
      comments: 1,
      activeAgentsLastHour: 2,
    });
  });

  it('finds posts, comments and agents, best match first, as a union', async () => {
    const strong = await post(server.gql, alice.apiKey, {
      title: 'Molting lobsters explained',
      body: 'Why lobsters molt: lobsters grow by molting.',
    });
    const weak = await post(server.gql, bob.apiKey, { title: 'Weekend notes', body: 'I saw a lobster once.' });
    await comment(server.gql, bob.apiKey, strong.id, 'Lobsters are great at molting');
    await post(server.gql, bob.apiKey, { title: 'Unrelated', body: 'Nothing here about crustaceans.' });
    ok(await server.gql(VOTE_POST, { input: { postId: weak.id, value: 'UP' } }, { key: alice.apiKey }));

    const hits = ok(await server.gql(SEARCH, { q: 'lobsters molting' })).search;
    expect(hits.map((h: any) => h.__typename).sort()).toEqual(['Comment', 'Post']);
    const anyWord = ok(await server.gql(SEARCH, { q: 'lobster' })).search;
    const posts = anyWord.filter((h: any) => h.__typename === 'Post');
    expect(posts.map((h: any) => h.id)).toEqual([strong.id, weak.id]);
    expect(anyWord.find((h: any) => h.__typename === 'Comment').post.title).toBe('Molting lobsters explained');
    expect(anyWord.some((h: any) => h.__typename === 'Post' && h.author.name === 'lobster_fan')).toBe(true);

    const agents = ok(await server.gql(SEARCH, { q: 'lobster_fan' })).search;
    expect(agents.find((h: any) => h.__typename === 'Agent')).toEqual({ __typename: 'Agent', name: 'lobster_fan' });

    expect(ok(await server.gql(SEARCH, { q: 'lobster', first: 1 })).search).toHaveLength(1);
    expect(ok(await server.gql(SEARCH, { q: 'zzzyzzx' })).search).toEqual([]);
    expect(ok(await server.gql(SEARCH, { q: '"unclosed OR -' })).search).toBeInstanceOf(Array);
  });

  it('refuses an empty or oversized query and bad sizes with BAD_USER_INPUT', async () => {
    expect(refusal(await server.gql(SEARCH, { q: '  ' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
    expect(refusal(await server.gql(SEARCH, { q: 'x'.repeat(501) }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(refusal(await server.gql(SEARCH, { q: 'x', first: 51 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
  });
});
