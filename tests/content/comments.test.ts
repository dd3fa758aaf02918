import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { wilsonLowerBound } from '../../server/content/ranking.js';
import { comment, CREATE_COMMENT, dbId, ok, post, refusal, VOTE_COMMENT, verifiedAgents } from './fixture.js';

const THREAD = /* GraphQL */ `
  query ($id: ID!, $sort: CommentSort) {
    post(id: $id) {
      commentCount
      comments(sort: $sort, first: 10) {
        nodes {
          id
          body
          depth
          deleted
          score
          replies(sort: NEW, first: 5) {
            nodes {
              id
              body
              depth
              parent {
                id
              }
              replies(first: 5) {
                nodes {
                  id
                  body
                }
              }
            }
          }
        }
      }
    }
  }
`;
const DELETE = /* GraphQL */ `
  mutation ($id: ID!) {
    deleteComment(commentId: $id) {
      id
      body
      deleted
      post {
        commentCount
      }
    }
  }
`;

describe('comments', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  const queryCount = () => t.server.app.queryCount();
  let alice: TestAgent;
  let bob: TestAgent;
  let carol: TestAgent;

  beforeAll(async () => {
    [alice, bob, carol] = await verifiedAgents(t.server.gql, ['alice_c', 'bob_c', 'carol_c'] as const);
  });

  it('reads a thread back as a tree through comments and replies', async () => {
    const p = await post(t.server.gql, alice.apiKey);
    const top = await comment(t.server.gql, bob.apiKey, p.id, 'top');
    const reply1 = await comment(t.server.gql, carol.apiKey, p.id, 'reply 1', top.id);
    const reply2 = await comment(t.server.gql, alice.apiKey, p.id, 'reply 2', top.id);
    const deep = await comment(t.server.gql, bob.apiKey, p.id, 'deep', reply1.id);
    expect([top.depth, reply1.depth, deep.depth]).toEqual([0, 1, 2]);
    const { post: thread } = ok(await t.server.gql(THREAD, { id: p.id }));
    expect(thread.commentCount).toBe(4);
    expect(thread.comments.nodes).toHaveLength(1);
    const [root] = thread.comments.nodes;
    expect(root).toMatchObject({ id: top.id, body: 'top', depth: 0 });
    expect(root.replies.nodes.map((r: any) => r.body)).toEqual(['reply 2', 'reply 1']);
    expect(root.replies.nodes[1]).toMatchObject({ id: reply1.id, parent: { id: top.id } });
    expect(root.replies.nodes[1].replies.nodes).toEqual([{ id: deep.id, body: 'deep' }]);
    expect(root.replies.nodes[0].id).toBe(reply2.id);
    const [row] = await sql(t.db.url, 'SELECT path FROM comments WHERE body = $1', ['deep']);
    expect(row!.path.split('/')).toHaveLength(3);
  });

  it('caps nesting at 10 levels (depth 9) with BAD_USER_INPUT on parentId', async () => {
    const p = await post(t.server.gql, alice.apiKey);
    let parent: string | undefined;
    for (let depth = 0; depth <= 9; depth += 1) {
      const c = await comment(t.server.gql, bob.apiKey, p.id, `level ${depth}`, parent);
      expect(c.depth).toBe(depth);
      parent = c.id;
    }
    const tooDeep = await t.server.gql(
      CREATE_COMMENT,
      { input: { postId: p.id, parentId: parent, body: 'x' } },
      { key: bob.apiKey },
    );
    expect(refusal(tooDeep)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentId' });
    expect(tooDeep.errors![0]!.message).toMatch(/at most 10 levels/);
    // A refused reply counts nowhere: not for its parent, its post or its author.
    const counts = async () =>
      (
        await sql(
          t.db.url,
          `SELECT (SELECT reply_count FROM comments WHERE id = $1) AS replies,
                  (SELECT comment_count FROM posts WHERE id = $2) AS comments,
                  (SELECT comment_count FROM agents WHERE name = 'bob_c') AS authored`,
          [dbId(parent!), dbId(p.id)],
        )
      )[0]!;
    expect(await counts()).toMatchObject({ replies: 0, comments: 10 });
    const before = await counts();
    const deletedParent = (
      await sql(t.db.url, 'SELECT id FROM comments WHERE depth = 8 AND body = $1', ['level 8'])
    )[0]!.id as string;
    await t.server.gql(DELETE, { id: deletedParent }, { key: bob.apiKey });
    const afterDelete = await counts();
    const toDeleted = await t.server.gql(
      CREATE_COMMENT,
      { input: { postId: p.id, parentId: deletedParent, body: 'x' } },
      { key: bob.apiKey },
    );
    expect(refusal(toDeleted)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentId' });
    expect(toDeleted.errors![0]!.message).toMatch(/was deleted/);
    expect(await counts()).toEqual(afterDelete);
    expect(afterDelete.authored).toBe(before.authored - 1);
  });

  it('refuses bad comments and writes nothing', async () => {
    const p = await post(t.server.gql, alice.apiKey);
    const other = await post(t.server.gql, alice.apiKey);
    const foreign = await comment(t.server.gql, bob.apiKey, other.id);
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ body: '' }, 'body'],
      [{ body: ' \n ' }, 'body'],
      [{ body: 'z'.repeat(10_001) }, 'body'],
      [{ body: 'a\u0000b' }, 'body'],
      [{ parentId: foreign.id }, 'parentId'],
      [{ postId: 'nonsense' }, 'postId'],
      [{ body: 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789' }, 'body'],
    ];
    for (const [input, field] of cases) {
      const result = await t.server.gql(
        CREATE_COMMENT,
        { input: { postId: p.id, body: 'fine', ...input } },
        { key: bob.apiKey },
      );
      expect(refusal(result), JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const missing = await t.server.gql(
      CREATE_COMMENT,
      { input: { postId: '0199a0a0-0000-7000-8000-000000000000', body: 'x' } },
      { key: bob.apiKey },
    );
    expect(refusal(missing).code).toBe('NOT_FOUND');
    expect(refusal(await t.server.gql(CREATE_COMMENT, { input: { postId: p.id, body: 'x' } })).code).toBe(
      'UNAUTHENTICATED',
    );
    const [row] = await sql(t.db.url, 'SELECT count(*)::int AS n FROM comments WHERE post_id = $1', [
      p.id.length === 36
        ? p.id
        : (await sql(t.db.url, 'SELECT id FROM posts ORDER BY created_at DESC LIMIT 1 OFFSET 1'))[0]!.id,
    ]);
    expect(row!.n).toBe(0);
  });

  it('sorts by BEST (Wilson lower bound), TOP and NEW', async () => {
    const p = await post(t.server.gql, alice.apiKey);
    const voters = await Promise.all([1, 2, 3].map((i) => createVerifiedAgent(t.server.gql, { name: `voter_c${i}` })));
    const old = await comment(t.server.gql, bob.apiKey, p.id, 'two up');
    const liked = await comment(t.server.gql, bob.apiKey, p.id, 'three up');
    const mixed = await comment(t.server.gql, bob.apiKey, p.id, 'two up one down');
    await comment(t.server.gql, bob.apiKey, p.id, 'no votes');
    const vote = (id: string, key: string, value: string) =>
      t.server.gql(VOTE_COMMENT, { input: { commentId: id, value } }, { key });
    ok(await vote(old.id, voters[0]!.apiKey, 'UP'));
    ok(await vote(old.id, voters[1]!.apiKey, 'UP'));
    for (const v of voters) ok(await vote(liked.id, v.apiKey, 'UP'));
    ok(await vote(mixed.id, voters[0]!.apiKey, 'UP'));
    ok(await vote(mixed.id, voters[1]!.apiKey, 'UP'));
    ok(await vote(mixed.id, voters[2]!.apiKey, 'DOWN'));
    const order = async (sort: string) =>
      ok(await t.server.gql(THREAD, { id: p.id, sort })).post.comments.nodes.map((c: any) => c.body);
    expect(await order('BEST')).toEqual(['three up', 'two up', 'two up one down', 'no votes']);
    const ranks = await sql(t.db.url, 'SELECT upvotes, downvotes, best_rank FROM comments WHERE post_id = $1', [
      dbId(p.id),
    ]);
    for (const row of ranks) expect(row.best_rank).toBeCloseTo(wilsonLowerBound(row.upvotes, row.downvotes), 9);
    expect(ranks.find((r) => r.upvotes === 2 && r.downvotes === 1)!.best_rank).toBeCloseTo(0.2077, 3);
    expect((await order('TOP')).slice(0, 1)).toEqual(['three up']);
    expect(await order('NEW')).toEqual(['no votes', 'two up one down', 'three up', 'two up']);
  });

  it('sorts by OLD: oldest first, page after page, in top-level comments and in replies', async () => {
    const p = await post(t.server.gql, alice.apiKey);
    const bodies = ['first', 'second', 'third', 'fourth', 'fifth'];
    const top = [];
    for (const body of bodies) top.push(await comment(t.server.gql, bob.apiKey, p.id, body));
    for (const body of ['reply a', 'reply b']) await comment(t.server.gql, alice.apiKey, p.id, body, top[0]!.id);
    const PAGE = /* GraphQL */ `
      query ($id: ID!, $after: String) {
        post(id: $id) {
          comments(sort: OLD, first: 2, after: $after) {
            nodes {
              body
              replies(sort: OLD, first: 5) {
                nodes {
                  body
                }
              }
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      }
    `;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = ok(await t.server.gql(PAGE, { id: p.id, after })).post.comments;
      seen.push(...page.nodes.map((c: any) => c.body));
      if (seen.length === 2)
        expect(page.nodes[0].replies.nodes.map((c: any) => c.body)).toEqual(['reply a', 'reply b']);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(bodies);
    const mixed = await t.server.gql(
      'query ($id: ID!, $after: String) { post(id: $id) { comments(sort: NEW, after: $after) { nodes { id } } } }',
      { id: p.id, after },
    );
    expect(refusal(mixed).code).toBe('BAD_USER_INPUT');
  });

  it('deletes a comment as a tombstone that keeps its replies (author only)', async () => {
    const p = await post(t.server.gql, alice.apiKey);
    const top = await comment(t.server.gql, bob.apiKey, p.id, 'to delete');
    await comment(t.server.gql, carol.apiKey, p.id, 'child', top.id);
    expect(refusal(await t.server.gql(DELETE, { id: top.id }, { key: carol.apiKey })).code).toBe('FORBIDDEN');
    const deleted = ok(await t.server.gql(DELETE, { id: top.id }, { key: bob.apiKey })).deleteComment;
    expect(deleted).toMatchObject({ deleted: true, body: null, post: { commentCount: 1 } });
    ok(await t.server.gql(DELETE, { id: top.id }, { key: bob.apiKey }));
    const { post: thread } = ok(await t.server.gql(THREAD, { id: p.id }));
    expect(thread.commentCount).toBe(1);
    expect(thread.comments.nodes[0]).toMatchObject({ id: top.id, deleted: true, body: null });
    expect(thread.comments.nodes[0].replies.nodes[0].body).toBe('child');
    const reply = await t.server.gql(
      CREATE_COMMENT,
      { input: { postId: p.id, parentId: top.id, body: 'x' } },
      { key: carol.apiKey },
    );
    expect(refusal(reply)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentId' });
  });

  it('reads a whole thread in the same number of queries whatever its width', async () => {
    const build = async (width: number) => {
      const p = await post(t.server.gql, alice.apiKey);
      for (let i = 0; i < width; i += 1) {
        const top = await comment(t.server.gql, bob.apiKey, p.id, `top ${i}`);
        for (let j = 0; j < 2; j += 1) {
          const reply = await comment(t.server.gql, carol.apiKey, p.id, `reply ${i}.${j}`, top.id);
          await comment(t.server.gql, alice.apiKey, p.id, `deep ${i}.${j}`, reply.id);
        }
      }
      return p.id;
    };
    const narrow = await build(2);
    const wide = await build(6);
    const cost = async (id: string) => {
      const before = queryCount();
      const { post: thread } = ok(await t.server.gql(THREAD, { id }));
      const deep = thread.comments.nodes.flatMap((c: any) => c.replies.nodes.flatMap((r: any) => r.replies.nodes));
      return { queries: queryCount() - before, top: thread.comments.nodes.length, deep: deep.length };
    };
    const a = await cost(narrow);
    const b = await cost(wide);
    expect([a.top, a.deep, b.top, b.deep]).toEqual([2, 4, 6, 12]);
    expect(b.queries).toBe(a.queries);
    expect(b.queries).toBeLessThanOrEqual(12);
  });

  it('finds a comment by id, and any content through node(id)', async () => {
    const p = await post(t.server.gql, alice.apiKey, { title: 'Findable' });
    const c = await comment(t.server.gql, bob.apiKey, p.id, 'findable comment');
    const byId = ok(
      await t.server.gql('query ($id: ID!) { comment(id: $id) { body author { name } post { title } } }', { id: c.id }),
    );
    expect(byId.comment).toEqual({ body: 'findable comment', author: { name: 'bob_c' }, post: { title: 'Findable' } });
    expect(ok(await t.server.gql('{ comment(id: "nope") { id } }')).comment).toBeNull();
    const nodes = ok(
      await t.server.gql(
        'query ($p: ID!, $c: ID!) { p: node(id: $p) { __typename ... on Post { title } } c: node(id: $c) { __typename ... on Comment { depth } } }',
        { p: p.id, c: c.id },
      ),
    );
    expect(nodes).toEqual({ p: { __typename: 'Post', title: 'Findable' }, c: { __typename: 'Comment', depth: 0 } });
  });
});
