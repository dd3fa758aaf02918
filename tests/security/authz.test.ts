/**
 * Authentication and authorization abuse: humans, bad keys, keys in URLs, unverified and suspended
 * agents, and agent A acting on agent B's content (directly and through `node(id)`). Every refusal
 * carries its contract code and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, sql } from '../support/db.js';
import { startServer, type TestServer } from '../support/server.js';
import { createAgent, createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { codeOf, rowCounts, stillUp } from './helpers.js';

const OPERATOR_TOKEN = 'operator-token-for-the-hostile-suite-0123456789';
const CREATE_POST = 'mutation($i: CreatePostInput!) { createPost(input: $i) { id title author { name } } }';
const CREATE_COMMENT = 'mutation($i: CreateCommentInput!) { createComment(input: $i) { id } }';
const EDIT_POST = 'mutation($i: EditPostInput!) { editPost(input: $i) { id title } }';

describe('authentication and authorization abuse', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: TestServer;
  let alice: TestAgent;
  let bob: TestAgent;
  let bobPost: { id: string };
  let bobComment: { id: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startServer({ DATABASE_URL: db.url, RATE_LIMITS: 'off', OPERATOR_TOKEN });
    alice = await createVerifiedAgent(server.gql, { name: 'alice_sec' });
    bob = await createVerifiedAgent(server.gql, { name: 'bob_sec' });
    const post = await server.gql(
      CREATE_POST,
      { i: { submolt: 'general', title: 'Bob writes', body: 'mine' } },
      { key: bob.apiKey },
    );
    bobPost = post.data.createPost;
    const comment = await server.gql(
      CREATE_COMMENT,
      { i: { postId: bobPost.id, body: 'also mine' } },
      { key: bob.apiKey },
    );
    bobComment = comment.data.createComment;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  async function expectNothingWritten(attempt: () => Promise<unknown>) {
    const before = await rowCounts(db.url);
    await attempt();
    expect(await rowCounts(db.url)).toEqual(before);
    expect(await stillUp(server.url)).toBe(true);
  }

  const post = (options: Parameters<TestServer['gql']>[2], title = 'intruder') =>
    server.gql(CREATE_POST, { i: { submolt: 'general', title, body: 'x' } }, options);

  it('refuses a human (no key) creating a post with UNAUTHENTICATED', async () => {
    await expectNothingWritten(async () => expect(codeOf(await post({}))).toBe('UNAUTHENTICATED'));
  });

  it('refuses Basic authentication and a key without "Bearer"', async () => {
    await expectNothingWritten(async () => {
      const basic = await post({
        headers: { authorization: `Basic ${Buffer.from(`x:${alice.apiKey}`).toString('base64')}` },
      });
      expect(codeOf(basic)).toBe('UNAUTHENTICATED');
      const bare = await post({ headers: { authorization: alice.apiKey } });
      expect(codeOf(bare)).toBe('UNAUTHENTICATED');
    });
  });

  it('gives a tampered key and a revoked key the same UNAUTHENTICATED message', async () => {
    const victim = await createVerifiedAgent(server.gql);
    const tampered = victim.apiKey.slice(0, -4) + (victim.apiKey.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const revoked = await createVerifiedAgent(server.gql);
    expect((await server.gql('mutation { revokeApiKey }', {}, { key: revoked.apiKey })).data?.revokeApiKey).toBe(true);
    await expectNothingWritten(async () => {
      const a = await post({ key: tampered });
      const b = await post({ key: revoked.apiKey });
      expect(codeOf(a)).toBe('UNAUTHENTICATED');
      expect(codeOf(b)).toBe('UNAUTHENTICATED');
      expect(a.errors?.[0]?.message).toBe(b.errors?.[0]?.message);
    });
  });

  it('ends the old key at rotation', async () => {
    const agent = await createVerifiedAgent(server.gql);
    const rotated = await server.gql('mutation { rotateApiKey { apiKey } }', {}, { key: agent.apiKey });
    expect(rotated.data.rotateApiKey.apiKey).not.toBe(agent.apiKey);
    await expectNothingWritten(async () => expect(codeOf(await post({ key: agent.apiKey }))).toBe('UNAUTHENTICATED'));
  });

  it('ignores a key passed in the URL (?api_key=): the caller stays a human', async () => {
    await expectNothingWritten(async () => {
      const response = await fetch(`${server.url}/graphql?api_key=${encodeURIComponent(alice.apiKey)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: CREATE_POST, variables: { i: { submolt: 'general', title: 't' } } }),
      });
      expect(codeOf(await response.json())).toBe('UNAUTHENTICATED');
    });
  });

  it('refuses an unverified agent writing with AGENT_NOT_VERIFIED', async () => {
    const newcomer = await createAgent(server.gql);
    await expectNothingWritten(async () =>
      expect(codeOf(await post({ key: newcomer.apiKey }))).toBe('AGENT_NOT_VERIFIED'),
    );
  });

  it('refuses a suspended agent writing with FORBIDDEN', async () => {
    const rogue = await createVerifiedAgent(server.gql);
    const suspended = await server.gql(
      'mutation($n: String!) { suspendAgent(name: $n, reason: "spam") { name } }',
      { n: rogue.name },
      { operatorToken: OPERATOR_TOKEN },
    );
    expect(suspended.errors).toBeUndefined();
    await expectNothingWritten(async () => expect(codeOf(await post({ key: rogue.apiKey }))).toBe('FORBIDDEN'));
  });

  it("refuses agent A editing agent B's post with FORBIDDEN, leaving it unchanged", async () => {
    await expectNothingWritten(async () => {
      const result = await server.gql(
        EDIT_POST,
        { i: { postId: bobPost.id, title: 'defaced' } },
        { key: alice.apiKey },
      );
      expect(codeOf(result)).toBe('FORBIDDEN');
    });
    const titles = await sql(db.url, 'SELECT title, edited_at FROM posts WHERE title = $1', ['Bob writes']);
    expect(titles).toHaveLength(1);
  });

  it("refuses agent A deleting agent B's post and comment with FORBIDDEN", async () => {
    const a = await server.gql(
      'mutation($id: ID!) { deletePost(postId: $id) { id } }',
      { id: bobPost.id },
      { key: alice.apiKey },
    );
    const b = await server.gql(
      'mutation($id: ID!) { deleteComment(commentId: $id) { id } }',
      { id: bobComment.id },
      { key: alice.apiKey },
    );
    expect(codeOf(a)).toBe('FORBIDDEN');
    expect(codeOf(b)).toBe('FORBIDDEN');
    const live = await sql(
      db.url,
      'SELECT (SELECT count(*)::int FROM posts WHERE deleted_at IS NULL) AS p, (SELECT count(*)::int FROM comments WHERE deleted_at IS NULL) AS c',
    );
    expect(live[0]).toMatchObject({ p: 1, c: 1 });
  });

  it('refuses an agent voting on its own post with FORBIDDEN', async () => {
    await expectNothingWritten(async () => {
      const result = await server.gql(
        'mutation($i: VotePostInput!) { votePost(input: $i) { score } }',
        { i: { postId: bobPost.id, value: 'UP' } },
        { key: bob.apiKey },
      );
      expect(codeOf(result)).toBe('FORBIDDEN');
    });
  });

  it("reads B's post through node(id) but exposes nothing that acts as B", async () => {
    const result = await server.gql(
      'query($id: ID!) { node(id: $id) { id ... on Post { title author { id name } } } }',
      { id: bobPost.id },
      { key: alice.apiKey },
    );
    expect(result.data.node).toMatchObject({ id: bobPost.id, title: 'Bob writes', author: { name: 'bob_sec' } });
    const author = await server.gql('query($id: ID!) { node(id: $id) { __typename id } }', {
      id: result.data.node.author.id,
    });
    expect(author.data.node.__typename).toBe('Agent');
    expect(JSON.stringify(author)).not.toContain('moltbook_sk_');
  });

  it('answers forged and garbage global ids in node(id) and mutations without a 500', async () => {
    const forged = Buffer.from('ApiKey:1').toString('base64');
    for (const id of [forged, 'garbage', '', Buffer.from('Post:999999999999').toString('base64')]) {
      const result = await server.gql('query($id: ID!) { node(id: $id) { id } }', { id }, { key: alice.apiKey });
      expect(result.errors?.[0]?.extensions?.code ?? 'none').not.toBe('INTERNAL_SERVER_ERROR');
      expect(result.data?.node ?? null).toBeNull();
    }
    await expectNothingWritten(async () => {
      // A comment's id where a post's is expected: refused, never resolved to another row.
      const result = await server.gql(
        EDIT_POST,
        { i: { postId: bobComment.id, title: 'confused' } },
        { key: alice.apiKey },
      );
      expect(['NOT_FOUND', 'BAD_USER_INPUT']).toContain(codeOf(result));
    });
  });
});
