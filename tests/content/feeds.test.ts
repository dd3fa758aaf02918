import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { useTestServer } from '../support/server.js';
import { ok, post, refusal, VOTE_POST, verifiedAgents } from './fixture.js';

const FEED = /* GraphQL */ `
  query ($sort: PostSort, $submolt: String, $range: TimeRange, $first: Int, $after: String) {
    posts(sort: $sort, submolt: $submolt, range: $range, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          title
          score
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
const RICH_FEED = /* GraphQL */ `
  query ($first: Int) {
    posts(sort: HOT, first: $first) {
      nodes {
        id
        title
        body
        score
        upvotes
        downvotes
        commentCount
        createdAt
        viewerVote
        author {
          name
          karma
          followerCount
        }
        submolt {
          name
          subscriberCount
          postCount
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`;
const ME_FEED = /* GraphQL */ `
  query ($sort: PostSort) {
    me {
      feed(sort: $sort, first: 50) {
        nodes {
          title
        }
      }
    }
  }
`;

describe('feeds', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  const queryCount = () => t.server.app.queryCount();
  let alice: TestAgent;
  let bob: TestAgent;
  let carol: TestAgent;

  async function titles(vars: Record<string, unknown>, key?: string): Promise<string[]> {
    return ok(await t.server.gql(FEED, vars, { key })).posts.edges.map((e: any) => e.node.title);
  }

  beforeAll(async () => {
    [alice, bob, carol] = await verifiedAgents(t.server.gql, ['alice_f', 'bob_f', 'carol_f'] as const);
    ok(
      await t.server.gql(
        'mutation { createSubmolt(input: { name: "feeds", displayName: "Feeds" }) { name } }',
        {},
        { key: alice.apiKey },
      ),
    );
  });

  it('orders NEW, TOP and HOT, and filters by submolt', async () => {
    const a = await post(t.server.gql, alice.apiKey, { title: 'old popular', submolt: 'feeds' });
    const b = await post(t.server.gql, alice.apiKey, { title: 'middle disliked', submolt: 'feeds' });
    await post(t.server.gql, alice.apiKey, { title: 'newest quiet', submolt: 'feeds' });
    await post(t.server.gql, alice.apiKey, { title: 'elsewhere' });
    for (const voter of [bob, carol]) {
      ok(await t.server.gql(VOTE_POST, { input: { postId: a.id, value: 'UP' } }, { key: voter.apiKey }));
      ok(await t.server.gql(VOTE_POST, { input: { postId: b.id, value: 'DOWN' } }, { key: voter.apiKey }));
    }
    expect(await titles({ sort: 'NEW', submolt: 'feeds' })).toEqual(['newest quiet', 'middle disliked', 'old popular']);
    expect(await titles({ sort: 'TOP', submolt: 'feeds' })).toEqual(['old popular', 'newest quiet', 'middle disliked']);
    // Same minute: the score term decides HOT.
    expect(await titles({ sort: 'HOT', submolt: 'feeds' })).toEqual(['old popular', 'newest quiet', 'middle disliked']);
    expect((await titles({ sort: 'RISING', submolt: 'feeds' }))[0]).toBe('old popular');
    expect(await titles({ sort: 'TOP', submolt: 'feeds', range: 'HOUR' })).toHaveLength(3);
    expect((await titles({ sort: 'NEW' }))[0]).toBe('elsewhere');
    expect(refusal(await t.server.gql(FEED, { submolt: 'no-such-submolt' })).code).toBe('NOT_FOUND');
  });

  it('pages with keyset cursors: inserting while paging shows no post twice and skips none', async () => {
    ok(
      await t.server.gql(
        'mutation { createSubmolt(input: { name: "paging", displayName: "Paging" }) { name } }',
        {},
        { key: bob.apiKey },
      ),
    );
    const created: string[] = [];
    for (let i = 0; i < 23; i += 1)
      created.push((await post(t.server.gql, bob.apiKey, { title: `p${i}`, submolt: 'paging' })).id);
    for (const sort of ['NEW', 'HOT', 'TOP', 'RISING']) {
      const before = [...created];
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page: any = ok(await t.server.gql(FEED, { sort, submolt: 'paging', first: 5, after })).posts;
        seen.push(...page.edges.map((e: any) => e.node.id));
        pages += 1;
        // New posts arrive between pages; they belong before the cursor and never shift the next page.
        created.push(
          (await post(t.server.gql, carol.apiKey, { title: `interloper ${sort} ${pages}`, submolt: 'paging' })).id,
        );
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      // Every post that existed when paging began, each exactly once, and none of the newcomers.
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...before].sort());
    }
  });

  it('refuses garbage cursors and out-of-range page sizes with BAD_USER_INPUT', async () => {
    for (const after of ['garbage', 'eyJ4IjoxfQ', Buffer.from('["p.new",1,"x"]').toString('base64url')]) {
      expect(refusal(await t.server.gql(FEED, { after }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
    const newCursor = ok(await t.server.gql(FEED, { sort: 'NEW', first: 1 })).posts.pageInfo.endCursor;
    // A cursor of another order is refused too.
    expect(refusal(await t.server.gql(FEED, { sort: 'HOT', after: newCursor }))).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    for (const first of [0, -1, 101]) {
      expect(refusal(await t.server.gql(FEED, { first }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    }
    expect(ok(await t.server.gql(FEED, { first: 100 })).posts.edges.length).toBeGreaterThan(0);
  });

  it('serves a 25-post page with authors, submolts and counts in a constant number of queries', async () => {
    const other = await createVerifiedAgent(t.server.gql, { name: 'dave_f' });
    for (let i = 0; i < 30; i += 1) {
      await post(t.server.gql, i % 2 ? other.apiKey : alice.apiKey, {
        title: `q${i}`,
        submolt: i % 3 ? 'general' : 'feeds',
      });
    }
    const cost = async (first: number, key?: string) => {
      const before = queryCount();
      const data = ok(await t.server.gql(RICH_FEED, { first }, { key }));
      expect(data.posts.nodes).toHaveLength(first);
      return queryCount() - before;
    };
    const small = await cost(5);
    const large = await cost(25);
    expect(large).toBe(small);
    // One statement: the page's posts with their authors and submolts joined in.
    expect(large).toBe(1);
    // The viewer's votes are joined in too; the key, used a moment ago, is remembered (key-cache.ts).
    await cost(1, bob.apiKey);
    const authenticated = await cost(25, bob.apiKey);
    expect(authenticated).toBe(1);
    expect(await cost(5, bob.apiKey)).toBe(authenticated);
  });

  it("builds me.feed from subscribed submolts and followed agents, and keeps it the agent's own", async () => {
    const erin = await createVerifiedAgent(t.server.gql, { name: 'erin_f' });
    const frank = await createVerifiedAgent(t.server.gql, { name: 'frank_f' });
    ok(
      await t.server.gql(
        'mutation { createSubmolt(input: { name: "erins", displayName: "E" }) { name } }',
        {},
        { key: frank.apiKey },
      ),
    );
    await post(t.server.gql, frank.apiKey, { title: 'in erins', submolt: 'erins' });
    await post(t.server.gql, carol.apiKey, { title: 'by carol', submolt: 'general' });
    await post(t.server.gql, frank.apiKey, { title: 'unrelated', submolt: 'general' });
    const feed = async () =>
      ok(await t.server.gql(ME_FEED, { sort: 'NEW' }, { key: erin.apiKey })).me.feed.nodes.map((n: any) => n.title);
    expect(await feed()).toEqual([]);
    ok(
      await t.server.gql('mutation { subscribeSubmolt(name: "erins") { subscriberCount } }', {}, { key: erin.apiKey }),
    );
    ok(await t.server.gql('mutation { followAgent(name: "carol_f") { followerCount } }', {}, { key: erin.apiKey }));
    const mine = await feed();
    expect(mine).toContain('in erins');
    expect(mine).toContain('by carol');
    expect(mine).not.toContain('unrelated');
    expect(ok(await t.server.gql(ME_FEED, {})).me).toBeNull();
    const other = await t.server.gql(
      'query { agent(name: "erin_f") { feed { nodes { title } } } }',
      {},
      { key: frank.apiKey },
    );
    expect(refusal(other).code).toBe('FORBIDDEN');
  });

  it("lists an agent's posts and comments newest first", async () => {
    const result = ok(
      await t.server.gql(
        'query { agent(name: "bob_f") { postCount posts(first: 3) { nodes { title } pageInfo { hasNextPage } } comments { nodes { id } } } }',
      ),
    );
    expect(result.agent.posts.nodes.map((n: any) => n.title)).toEqual(['p22', 'p21', 'p20']);
    expect(result.agent.posts.pageInfo.hasNextPage).toBe(true);
    expect(result.agent.postCount).toBe(23);
  });
});
