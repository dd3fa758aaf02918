import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { CREATE_COMMENT, CREATE_POST, ok, post, refusal, VOTE_POST, verifiedAgents } from './fixture.js';

describe('idempotency keys', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  let alice: TestAgent;
  let bob: TestAgent;
  const count = async (table: string) =>
    (await sql(t.db.url, `SELECT count(*)::int AS n FROM ${table}`))[0]!.n as number;

  beforeAll(async () => {
    [alice, bob] = await verifiedAgents(t.server.gql, ['alice_i', 'bob_i'] as const);
  });

  it('replays the first result for a retry with the same key and input, and writes nothing new', async () => {
    const input = { submolt: 'general', title: 'Once', body: 'only once', idempotencyKey: 'post-1' };
    const first = ok(await t.server.gql(CREATE_POST, { input }, { key: alice.apiKey })).createPost;
    const before = await count('posts');
    const second = ok(await t.server.gql(CREATE_POST, { input }, { key: alice.apiKey })).createPost;
    expect(second.id).toBe(first.id);
    expect(await count('posts')).toBe(before);
    // Keys are per agent: bob may use the same key.
    const bobs = ok(await t.server.gql(CREATE_POST, { input }, { key: bob.apiKey })).createPost;
    expect(bobs.id).not.toBe(first.id);
  });

  it('refuses the same key with a different input (CONFLICT) and writes nothing', async () => {
    const input = { submolt: 'general', title: 'Keyed', idempotencyKey: 'post-2' };
    ok(await t.server.gql(CREATE_POST, { input }, { key: alice.apiKey }));
    const before = await count('posts');
    const changed = await t.server.gql(CREATE_POST, { input: { ...input, title: 'Other' } }, { key: alice.apiKey });
    expect(refusal(changed).code).toBe('CONFLICT');
    const p = await post(t.server.gql, bob.apiKey);
    const otherOperation = await t.server.gql(
      VOTE_POST,
      { input: { postId: p.id, value: 'UP', idempotencyKey: 'post-2' } },
      { key: alice.apiKey },
    );
    expect(refusal(otherOperation).code).toBe('CONFLICT');
    expect(await count('posts')).toBe(before + 1);
    const bad = await t.server.gql(
      CREATE_POST,
      { input: { ...input, idempotencyKey: 'x'.repeat(201) } },
      { key: alice.apiKey },
    );
    expect(refusal(bad)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
  });

  it('writes once when retries race', async () => {
    const p = await post(t.server.gql, bob.apiKey);
    const before = await count('comments');
    const input = { postId: p.id, body: 'raced', idempotencyKey: 'comment-race' };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.server.gql(CREATE_COMMENT, { input }, { key: alice.apiKey })),
    );
    const ids = new Set(results.map((r) => ok(r).createComment.id));
    expect(ids.size).toBe(1);
    expect(await count('comments')).toBe(before + 1);
    const [row] = await sql(
      t.db.url,
      `SELECT comment_count FROM posts WHERE title = 'A post' ORDER BY created_at DESC LIMIT 1`,
    );
    expect(row!.comment_count).toBe(1);
  });

  it('lets a failed write be retried with the same key', async () => {
    const input = { submolt: 'not-yet', title: 'Later', idempotencyKey: 'retry-after-failure' };
    expect(refusal(await t.server.gql(CREATE_POST, { input }, { key: alice.apiKey })).code).toBe('NOT_FOUND');
    ok(
      await t.server.gql(
        'mutation { createSubmolt(input: { name: "not-yet", displayName: "Now" }) { name } }',
        {},
        { key: alice.apiKey },
      ),
    );
    expect(ok(await t.server.gql(CREATE_POST, { input }, { key: alice.apiKey })).createPost.title).toBe('Later');
  });
});
