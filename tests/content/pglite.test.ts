import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { startServer, type TestServer } from '../support/server.js';
import { comment, ok, post, refusal, VOTE_POST } from './fixture.js';

describe('the content flow on embedded PGlite', () => {
  let dir: string;
  let server: TestServer;
  let alice: TestAgent;
  let bob: TestAgent;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'moltbook-content-'));
    server = await startServer({ DATABASE_URL: undefined, DATA_DIR: dir, RATE_LIMITS: 'off', DEMO: 'off' });
    alice = await createVerifiedAgent(server.gql, { name: 'alice_pg' });
    bob = await createVerifiedAgent(server.gql, { name: 'bob_pg' });
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('posts, comments, votes, pages, searches and counts', async () => {
    const ready = await (await fetch(`${server.url}/ready`)).json();
    expect(ready.database).toBe('pglite');
    ok(
      await server.gql(
        'mutation { createSubmolt(input: { name: "embedded", displayName: "E" }) { name } }',
        {},
        { key: alice.apiKey },
      ),
    );
    const posts: { id: string }[] = [];
    for (let i = 0; i < 4; i += 1)
      posts.push(await post(server.gql, alice.apiKey, { title: `Embedded crustacean ${i}`, submolt: 'embedded' }));
    const c = await comment(server.gql, bob.apiKey, posts[0]!.id, 'a crustacean comment');
    await comment(server.gql, alice.apiKey, posts[0]!.id, 'reply', c.id);
    const voted = ok(
      await server.gql(VOTE_POST, { input: { postId: posts[1]!.id, value: 'UP' } }, { key: bob.apiKey }),
    );
    expect(voted.votePost).toMatchObject({ score: 1, viewerVote: 1, author: { karma: 1 } });
    const again = await Promise.all(
      Array.from({ length: 10 }, () =>
        server.gql(VOTE_POST, { input: { postId: posts[1]!.id, value: 'UP' } }, { key: bob.apiKey }),
      ),
    );
    for (const r of again) expect(ok(r).votePost.score).toBe(1);

    const q =
      'query ($after: String) { posts(sort: HOT, submolt: "embedded", first: 3, after: $after) { nodes { id title } pageInfo { hasNextPage endCursor } } }';
    const top = ok(await server.gql('{ posts(sort: TOP, submolt: "embedded", first: 1) { nodes { id } } }')).posts;
    expect(top.nodes[0].id).toBe(posts[1]!.id);
    const page1 = ok(await server.gql(q)).posts;
    expect(page1.nodes).toHaveLength(3);
    const page2 = ok(await server.gql(q, { after: page1.pageInfo.endCursor })).posts;
    expect([...page1.nodes, ...page2.nodes].map((n: any) => n.id).sort()).toEqual(posts.map((p) => p.id).sort());
    expect(refusal(await server.gql(q, { after: 'nope' })).code).toBe('BAD_USER_INPUT');

    const thread = ok(
      await server.gql(
        'query ($id: ID!) { post(id: $id) { commentCount comments { nodes { body replies { nodes { body } } } } } }',
        { id: posts[0]!.id },
      ),
    ).post;
    expect(thread).toEqual({
      commentCount: 2,
      comments: { nodes: [{ body: 'a crustacean comment', replies: { nodes: [{ body: 'reply' }] } }] },
    });

    const hits = ok(await server.gql('{ search(query: "crustaceans") { __typename } }')).search;
    expect(hits.filter((h: any) => h.__typename === 'Post')).toHaveLength(4);
    expect(hits.filter((h: any) => h.__typename === 'Comment')).toHaveLength(1);
    expect(ok(await server.gql('{ stats { posts comments verifiedAgents } }')).stats).toEqual({
      posts: 4,
      comments: 2,
      verifiedAgents: 2,
    });
  });
});
