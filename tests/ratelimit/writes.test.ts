/**
 * Per-kind write limits count only writes that commit. A write refused for its input (or its author)
 * gets its own clear error every time and costs nothing; RATE_LIMITED comes last, only for a write that
 * would otherwise succeed; racing writes stay exact. The same with the in-process store and with Redis.
 */
import { describe, expect, it } from 'vitest';
import { sql } from '../support/db.js';
import { useTestServer } from '../support/server.js';
import { createVerifiedAgent, registerAgent, solveChallenge, VERIFY, type TestAgent } from '../support/agents.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const CREATE_POST = 'mutation ($i: CreatePostInput!) { createPost(input: $i) { id } }';
const CREATE_COMMENT = 'mutation ($i: CreateCommentInput!) { createComment(input: $i) { id } }';
const CREATE_SUBMOLT = 'mutation ($i: CreateSubmoltInput!) { createSubmolt(input: $i) { name } }';

describe.each([
  ['in process', {}],
  ['in Redis', { REDIS_URL }],
])('write limits counted %s', (_store, env) => {
  const t = useTestServer({ RATE_LIMITS: 'on', ...env });
  const codes = (results: { errors?: { extensions?: Record<string, any> }[] }[]) =>
    results.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok');
  const post = (agent: TestAgent, input: Record<string, unknown>) =>
    t.server.gql(CREATE_POST, { i: { submolt: 'general', title: 'A title', ...input } }, { key: agent.apiKey });
  const postsOf = async (agent: TestAgent) =>
    (await sql(t.db.url, 'SELECT p.title FROM posts p JOIN agents a ON a.id = p.author_id WHERE a.name = $1', [
      agent.name,
    ])) as { title: string }[];

  it('a post refused for its input costs nothing: the corrected post is written, then the limit applies', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const refused = [
      await post(agent, { title: '   ' }),
      await post(agent, { submolt: 'no-such-submolt' }),
      await post(agent, { body: 'text', url: 'https://example.com/' }),
    ];
    expect(codes(refused)).toEqual(['BAD_USER_INPUT', 'NOT_FOUND', 'BAD_USER_INPUT']);
    expect(codes([await post(agent, { title: 'Corrected' })])).toEqual(['ok']);
    const next = await post(agent, { title: 'Too soon' });
    expect(codes([next])).toEqual(['RATE_LIMITED']);
    expect(next.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(7000);
    expect((await postsOf(agent)).map((p) => p.title)).toEqual(['Corrected']);
  });

  it('refuses bad input with its own error before RATE_LIMITED, also once the limit is used up', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    expect(codes([await post(agent, { title: 'First' })])).toEqual(['ok']);
    const afterwards = [
      await post(agent, { title: '' }),
      await post(agent, { submolt: 'no-such-submolt' }),
      await post(agent, { title: 'x'.repeat(301) }),
      await post(agent, { title: 'Fine, but too soon' }),
    ];
    expect(codes(afterwards)).toEqual(['BAD_USER_INPUT', 'NOT_FOUND', 'BAD_USER_INPUT', 'RATE_LIMITED']);
  });

  it("an unverified agent's refused post costs nothing: once verified, its post is written", async () => {
    const agent = await registerAgent(t.server.gql);
    expect(codes([await post(agent, { title: 'Before verifying' })])).toEqual(['AGENT_NOT_VERIFIED']);
    const answer = solveChallenge(agent.challenge);
    const verified = await t.server.gql(
      VERIFY,
      { input: { challengeId: agent.challenge.id, answer } },
      { key: agent.apiKey },
    );
    expect(verified.errors).toBeUndefined();
    expect(codes([await post(agent, { title: 'After verifying' })])).toEqual(['ok']);
  });

  it('of five racing posts from one agent, exactly one is written', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => post(agent, { title: `Race ${n}` })));
    expect(codes(results).sort()).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'ok']);
    expect(await postsOf(agent)).toHaveLength(1);
  });

  it('counts each aliased or racing comment that is written, and no refused one: 20 for a new agent', async () => {
    const author = await createVerifiedAgent(t.server.gql);
    const postId = (await post(author, { title: 'Thread' })).data.createPost.id;
    const agent = await createVerifiedAgent(t.server.gql);
    const comment = (i: Record<string, unknown>) => t.server.gql(CREATE_COMMENT, { i }, { key: agent.apiKey });
    const refused = await Promise.all([
      comment({ postId: '0190a5f0-0000-7000-8000-000000000000', body: 'on nothing' }),
      comment({ postId, body: '   ' }),
      comment({ postId: 'garbage', body: 'hello' }),
    ]);
    expect(codes(refused)).toEqual(['NOT_FOUND', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    // Ten aliased comments in one request count ten.
    const aliases = Array.from(
      { length: 10 },
      (_, i) => `c${i}: createComment(input: { postId: $p, body: "a${i}" }) { id }`,
    );
    const batch = await t.server.gql(
      `mutation ($p: ID!) { ${aliases.join(' ')} }`,
      { p: postId },
      { key: agent.apiKey },
    );
    expect(batch.errors).toBeUndefined();
    const racing = await Promise.all(Array.from({ length: 14 }, (_, i) => comment({ postId, body: `r${i}` })));
    expect(codes(racing).filter((c) => c === 'ok')).toHaveLength(10);
    expect(codes(racing).filter((c) => c === 'RATE_LIMITED')).toHaveLength(4);
    const rows = await sql(t.db.url, 'SELECT count(*)::int AS n FROM comments WHERE post_id = $1', [
      (await sql(t.db.url, "SELECT id FROM posts WHERE title = 'Thread'"))[0]!.id,
    ]);
    expect(rows[0]!.n).toBe(20);
  });

  it('a submolt refused because its name is taken costs nothing', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const submolt = (name: string) =>
      t.server.gql(CREATE_SUBMOLT, { i: { name, displayName: name } }, { key: agent.apiKey });
    const suffix = agent.name.slice(-6);
    expect(codes([await submolt('general'), await submolt('Bad Name')])).toEqual(['CONFLICT', 'BAD_USER_INPUT']);
    expect(codes([await submolt(`ok-${suffix}`)])).toEqual(['ok']);
    const refused = await submolt(`later-${suffix}`);
    expect(codes([refused])).toEqual(['RATE_LIMITED']);
    expect(refused.errors?.[0]?.message).toContain('at most 1 new submolt per day');
  });

  it('an idempotent replay of a written post counts nothing and still answers', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const input = { title: 'Keyed', idempotencyKey: 'replay-1' };
    const first = await post(agent, input);
    const replays = await Promise.all([post(agent, input), post(agent, input)]);
    expect(replays.map((r) => r.data?.createPost.id)).toEqual([first.data.createPost.id, first.data.createPost.id]);
    expect(codes([await post(agent, { title: 'Another', idempotencyKey: 'replay-2' })])).toEqual(['RATE_LIMITED']);
  });
});
