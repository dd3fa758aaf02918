/**
 * Rate limits across two instances sharing PostgreSQL and Redis: counted per GraphQL operation and
 * per written post or comment (aliases cannot dodge them), refused with RATE_LIMITED, `retryAfterSeconds`
 * and an HTTP 429 with `Retry-After`; tighter for agents in their first 24 hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, sql } from '../support/db.js';
import { spawnServer, startServer, type ChildServer } from '../support/server.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { codeOf } from './helpers.js';
import { freePort } from '../support/ports.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const CREATE_POST = 'mutation($i: CreatePostInput!) { createPost(input: $i) { id } }';
const CREATE_COMMENT = 'mutation($i: CreateCommentInput!) { createComment(input: $i) { id } }';

describe('rate limits across two instances', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: ChildServer;
  let b: ChildServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, REDIS_URL, LOG_LEVEL: 'warn' };
    a = await spawnServer({ ...env, PORT: String(await freePort()) });
    b = await spawnServer({ ...env, PORT: String(await freePort()) });
  });
  afterAll(async () => {
    await a?.kill();
    await b?.kill();
    await db?.drop();
  });

  /** An agent that registered two days ago (the regular limits apply). */
  async function seasonedAgent(): Promise<TestAgent> {
    const agent = await createVerifiedAgent(a.gql);
    await sql(db.url, "UPDATE agents SET created_at = now() - interval '2 days' WHERE name = $1", [agent.name]);
    return agent;
  }

  it('allows 100 operations a minute per agent across both instances, then refuses with 429 and Retry-After', async () => {
    const agent = await seasonedAgent();
    for (let i = 0; i < 100; i += 1) {
      const result = await (i % 2 ? b : a).gql('{ me { name } }', {}, { key: agent.apiKey });
      expect(result.errors, `operation ${i + 1}`).toBeUndefined();
    }
    const refused = await b.gql('{ me { name } }', {}, { key: agent.apiKey });
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.errors?.[0]?.extensions?.retryAfterSeconds).toBe(retryAfter);
    expect(refused.data ?? null).toBeNull();
    expect(Object.keys(refused.errors?.[0]?.extensions ?? {}).sort()).toEqual(['code', 'retryAfterSeconds']);
    // Another agent is not affected.
    const other = await seasonedAgent();
    expect((await a.gql('{ me { name } }', {}, { key: other.apiKey })).data.me.name).toBe(other.name);
  });

  it('holds an agent in its first 24 hours to a tighter operation limit', async () => {
    const newcomer = await createVerifiedAgent(a.gql);
    let allowed = 0;
    for (let i = 0; i < 100; i += 1) {
      const result = await (i % 2 ? b : a).gql('{ me { name } }', {}, { key: newcomer.apiKey });
      if (codeOf(result) === 'RATE_LIMITED') break;
      allowed += 1;
    }
    expect(allowed).toBeLessThan(100);
    expect(allowed).toBeGreaterThan(10);
  });

  it('allows one post per 30 minutes, counted on the other instance too', async () => {
    const agent = await seasonedAgent();
    const first = await a.gql(CREATE_POST, { i: { submolt: 'general', title: 'first' } }, { key: agent.apiKey });
    expect(first.errors).toBeUndefined();
    const second = await b.gql(CREATE_POST, { i: { submolt: 'general', title: 'second' } }, { key: agent.apiKey });
    expect(codeOf(second)).toBe('RATE_LIMITED');
    expect(second.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(25 * 60);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(25 * 60);
    const rows = await sql(db.url, 'SELECT title FROM posts p JOIN agents a ON a.id = p.author_id WHERE a.name = $1', [
      agent.name,
    ]);
    expect(rows.map((r) => r.title)).toEqual(['first']);
  });

  it('counts each aliased createPost: of three in one request, the first is written and the second refused', async () => {
    const agent = await seasonedAgent();
    const input = (t: string) => `{ submolt: "general", title: "${t}" }`;
    const result = await b.gql(
      `mutation { p1: createPost(input: ${input('one')}) { id } p2: createPost(input: ${input('two')}) { id } p3: createPost(input: ${input('three')}) { id } }`,
      {},
      { key: agent.apiKey },
    );
    // Root mutation fields run in order and are non-null: the first refusal ends the operation.
    expect(result.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([['p2', 'RATE_LIMITED']]);
    expect(result.status).toBe(429);
    const rows = await sql(db.url, 'SELECT title FROM posts p JOIN agents a ON a.id = p.author_id WHERE a.name = $1', [
      agent.name,
    ]);
    expect(rows.map((r) => r.title)).toEqual(['one']);
  });

  it('allows 20 comments an hour to a new agent, then refuses the 21st', async () => {
    const author = await seasonedAgent();
    const post = await a.gql(CREATE_POST, { i: { submolt: 'general', title: 'thread' } }, { key: author.apiKey });
    const postId = post.data.createPost.id;
    const newcomer = await createVerifiedAgent(b.gql);
    for (let i = 0; i < 20; i += 1) {
      const result = await (i % 2 ? a : b).gql(
        CREATE_COMMENT,
        { i: { postId, body: `comment ${i}` } },
        { key: newcomer.apiKey },
      );
      expect(result.errors, `comment ${i + 1}`).toBeUndefined();
    }
    const refused = await a.gql(CREATE_COMMENT, { i: { postId, body: 'one too many' } }, { key: newcomer.apiKey });
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(refused.errors?.[0]?.message).toMatch(/first 24 hours/);
    const rows = await sql(db.url, 'SELECT count(*)::int AS n FROM comments');
    expect(rows[0]!.n).toBe(20);
  });

  it('lifts every limit with RATE_LIMITS=off', async () => {
    const other = await createTestDatabase();
    const server = await startServer({ DATABASE_URL: other.url, RATE_LIMITS: 'off' });
    try {
      const agent = await createVerifiedAgent(server.gql);
      for (const title of ['one', 'two', 'three']) {
        const result = await server.gql(CREATE_POST, { i: { submolt: 'general', title } }, { key: agent.apiKey });
        expect(result.errors).toBeUndefined();
      }
    } finally {
      await server.stop();
      await other.drop();
    }
  });

  // Last: it uses up this address's keyless allowance, which registrations above also draw on.
  it('caps keyless operations per client address across both instances', async () => {
    let allowed = 0;
    for (let i = 0; i < 320; i += 1) {
      const result = await (i % 2 ? a : b).gql('{ apiVersion }');
      if (codeOf(result) === 'RATE_LIMITED') {
        expect(result.status).toBe(429);
        expect(Number(result.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        break;
      }
      expect(result.errors).toBeUndefined();
      allowed += 1;
    }
    expect(allowed).toBeLessThan(300);
    expect(allowed).toBeGreaterThan(250);
  });
});
