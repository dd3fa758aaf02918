import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { CREATE_POST, ok, post, POST_FIELDS, refusal } from './fixture.js';

const EDIT = /* GraphQL */ `
  mutation ($input: EditPostInput!) {
    editPost(input: $input) {
      ...P
    }
  }
  ${POST_FIELDS}
`;
const DELETE = /* GraphQL */ `
  mutation ($id: ID!) {
    deletePost(postId: $id) {
      ...P
    }
  }
  ${POST_FIELDS}
`;
const GET = /* GraphQL */ `
  query ($id: ID!) {
    post(id: $id) {
      ...P
    }
  }
  ${POST_FIELDS}
`;

const OPERATOR_TOKEN = 'content-tests-operator-token-0123456789abcdef';

describe('posts', () => {
  const t = useTestServer({ RATE_LIMITS: 'off', OPERATOR_TOKEN });
  let alice: TestAgent;
  let bob: TestAgent;

  beforeAll(async () => {
    alice = await createVerifiedAgent(t.server.gql, { name: 'alice_posts' });
    bob = await createVerifiedAgent(t.server.gql, { name: 'bob_posts' });
  });

  it('creates a text post and a link post, and counts them on the submolt and the author', async () => {
    const text = await post(t.server.gql, alice.apiKey, { title: 'Hello molts', body: '# Hi\nfrom **alice**' });
    expect(text).toMatchObject({
      title: 'Hello molts',
      body: '# Hi\nfrom **alice**',
      url: null,
      score: 0,
      commentCount: 0,
      deleted: false,
      editedAt: null,
      viewerVote: 0,
      author: { name: 'alice_posts' },
      submolt: { name: 'general' },
    });
    const link = ok(
      await t.server.gql(
        CREATE_POST,
        { input: { submolt: 'general', title: 'A link', url: 'https://example.com/a?b=c' } },
        { key: alice.apiKey },
      ),
    ).createPost;
    expect(link).toMatchObject({ url: 'https://example.com/a?b=c', body: null });
    const [row] = await sql(t.db.url, `SELECT post_count FROM agents WHERE name = 'alice_posts'`);
    expect(row!.post_count).toBeGreaterThanOrEqual(2);
    const again = ok(await t.server.gql(GET, { id: text.id }));
    expect(again.post.title).toBe('Hello molts');
    expect(again.post.submolt.postCount).toBe(row!.post_count);
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const counts = `SELECT (SELECT count(*) FROM posts)::int AS posts,
      (SELECT post_count FROM agents WHERE name = 'alice_posts') AS agent_posts,
      (SELECT sum(post_count) FROM submolts)::int AS submolt_posts`;
    const [before] = await sql(t.db.url, counts);
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '' }, 'title'],
      [{ title: '   ' }, 'title'],
      [{ title: 'x'.repeat(301) }, 'title'],
      [{ body: 'y'.repeat(40_001) }, 'body'],
      [{ body: 'nul \u0000 inside' }, 'body'],
      [{ title: 'lone \ud800 surrogate' }, 'title'],
      [{ body: undefined, url: 'javascript:alert(1)' }, 'url'],
      [{ body: undefined, url: 'ftp://example.com/file' }, 'url'],
      [{ body: undefined, url: 'not a url' }, 'url'],
      [{ body: 'text', url: 'https://example.com' }, 'body'],
      [{ body: 'my key is moltbook_sk_abcdefghijklmnopqrstuvwxyz012345' }, 'body'],
    ];
    for (const [input, field] of cases) {
      const result = await t.server.gql(
        CREATE_POST,
        { input: { submolt: 'general', title: 'ok', body: 'ok', ...input } },
        { key: alice.apiKey },
      );
      expect(refusal(result), JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const missing = await t.server.gql(CREATE_POST, { input: { submolt: 'nope', title: 't' } }, { key: alice.apiKey });
    expect(refusal(missing).code).toBe('NOT_FOUND');
    // The unknown submolt is refused by the insert statement itself: no post and no counter moved.
    expect(await sql(t.db.url, counts)).toEqual([before]);
  });

  it('accepts a 300-character title and a 40,000-character body exactly', async () => {
    const p = await post(t.server.gql, alice.apiKey, { title: 'é'.repeat(300), body: '😀'.repeat(40_000) });
    expect([...p.title].length).toBe(300);
  });

  it('lets only verified agents post: humans get UNAUTHENTICATED, unverified agents AGENT_NOT_VERIFIED', async () => {
    const input = { submolt: 'general', title: 'nope' };
    expect(refusal(await t.server.gql(CREATE_POST, { input })).code).toBe('UNAUTHENTICATED');
    const unverified = await createAgent(t.server.gql);
    expect(refusal(await t.server.gql(CREATE_POST, { input }, { key: unverified.apiKey })).code).toBe(
      'AGENT_NOT_VERIFIED',
    );
  });

  it('edits a post (author only) and sets editedAt', async () => {
    const p = await post(t.server.gql, alice.apiKey, { title: 'Before', body: 'old' });
    const edited = ok(await t.server.gql(EDIT, { input: { postId: p.id, title: 'After' } }, { key: alice.apiKey }));
    expect(edited.editPost).toMatchObject({ title: 'After', body: 'old' });
    expect(edited.editPost.editedAt).not.toBeNull();
    const byBob = await t.server.gql(EDIT, { input: { postId: p.id, body: 'hijack' } }, { key: bob.apiKey });
    expect(refusal(byBob).code).toBe('FORBIDDEN');
    expect(ok(await t.server.gql(GET, { id: p.id })).post.body).toBe('old');
    const empty = await t.server.gql(EDIT, { input: { postId: p.id } }, { key: alice.apiKey });
    expect(refusal(empty).code).toBe('BAD_USER_INPUT');
    const garbageId = await t.server.gql(EDIT, { input: { postId: 'zzz', title: 'x' } }, { key: alice.apiKey });
    expect(refusal(garbageId)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'postId' });
  });

  it('deletes a post as a tombstone (author only) and keeps the counts true', async () => {
    const p = await post(t.server.gql, alice.apiKey, { title: 'Doomed', body: 'bye' });
    const count = async () =>
      (await sql(t.db.url, `SELECT post_count FROM submolts WHERE name = 'general'`))[0]!.post_count as number;
    const before = await count();
    expect(refusal(await t.server.gql(DELETE, { id: p.id }, { key: bob.apiKey })).code).toBe('FORBIDDEN');
    const deleted = ok(await t.server.gql(DELETE, { id: p.id }, { key: alice.apiKey })).deletePost;
    expect(deleted).toMatchObject({ deleted: true, body: null, url: null, title: '[deleted]' });
    expect(await count()).toBe(before - 1);
    // Deleting again changes nothing.
    ok(await t.server.gql(DELETE, { id: p.id }, { key: alice.apiKey }));
    expect(await count()).toBe(before - 1);
    const [live] = await sql(t.db.url, 'SELECT count(*)::int AS n FROM posts WHERE deleted_at IS NULL');
    const [submolts] = await sql(t.db.url, 'SELECT sum(post_count)::int AS n FROM submolts');
    expect(submolts!.n).toBe(live!.n);
    expect(ok(await t.server.gql(GET, { id: p.id })).post.deleted).toBe(true);
    // A tombstone leaves the feeds and takes no edits, comments or votes.
    const feed = ok(await t.server.gql('{ posts(sort: NEW, first: 100) { nodes { id } } }')).posts.nodes;
    expect(feed.map((n: any) => n.id)).not.toContain(p.id);
    const edit = await t.server.gql(EDIT, { input: { postId: p.id, title: 'revived' } }, { key: alice.apiKey });
    expect(refusal(edit)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'postId' });
    const reply = await t.server.gql(
      'mutation ($id: ID!) { createComment(input: { postId: $id, body: "late" }) { id } }',
      { id: p.id },
      { key: bob.apiKey },
    );
    expect(refusal(reply)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'postId' });
    const vote = await t.server.gql(
      'mutation ($id: ID!) { votePost(input: { postId: $id, value: UP }) { id } }',
      { id: p.id },
      { key: bob.apiKey },
    );
    expect(refusal(vote)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'postId' });
  });

  it('answers null for a post that does not exist', async () => {
    expect(ok(await t.server.gql(GET, { id: '0199a0a0-0000-7000-8000-000000000000' })).post).toBeNull();
    expect(ok(await t.server.gql(GET, { id: 'garbage' })).post).toBeNull();
  });

  it('refuses every write of a suspended agent with FORBIDDEN', async () => {
    const mallory = await createVerifiedAgent(t.server.gql, { name: 'mallory_posts' });
    const target = await post(t.server.gql, alice.apiKey);
    const suspended = await t.server.gql(
      'mutation { suspendAgent(name: "mallory_posts", reason: "spam") { name } }',
      {},
      { operatorToken: OPERATOR_TOKEN },
    );
    expect(suspended.errors).toBeUndefined();
    const attempts = [
      t.server.gql(CREATE_POST, { input: { submolt: 'general', title: 'spam' } }, { key: mallory.apiKey }),
      t.server.gql(
        'mutation ($id: ID!) { createComment(input: { postId: $id, body: "spam" }) { id } }',
        { id: target.id },
        { key: mallory.apiKey },
      ),
      t.server.gql(
        'mutation ($id: ID!) { votePost(input: { postId: $id, value: DOWN }) { id } }',
        { id: target.id },
        { key: mallory.apiKey },
      ),
      t.server.gql(
        'mutation { createSubmolt(input: { name: "spam", displayName: "S" }) { id } }',
        {},
        { key: mallory.apiKey },
      ),
    ];
    for (const result of await Promise.all(attempts)) expect(refusal(result).code).toBe('FORBIDDEN');
    const [row] = await sql(t.db.url, `SELECT post_count, comment_count FROM agents WHERE name = 'mallory_posts'`);
    expect(row).toEqual({ post_count: 0, comment_count: 0 });
    expect(ok(await t.server.gql(GET, { id: target.id })).post.score).toBe(0);
  });
});
