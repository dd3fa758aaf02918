/**
 * The response cache shared through Redis: two apps in one process on one database and one Redis are two
 * instances of a deployment (one cache: an answer computed by one is served by the other; a write through
 * one invalidates it for both; neither serves an answer older than the bound); a third app on another
 * database shares the Redis but not the cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, sql } from '../support/db.js';
import { startDeployments, startServer, type Deployments, type TestServer } from '../support/server.js';
import { dbId, ok, post, verifiedAgents, VOTE_POST } from '../content/fixture.js';
import { cacheCounts, FEED } from './support.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** Reads `read()` until `done` holds (the invalidation crosses Redis), failing after `timeoutMs`. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('response cache across instances', () => {
  let deployments: Deployments;
  let a: TestServer;
  let b: TestServer;
  let other: TestServer;

  beforeAll(async () => {
    // A minute: within these tests only an invalidation can make an answer fresh.
    deployments = await startDeployments({ RESPONSE_CACHE_MS: '60000' });
    ({ a, b, other } = deployments);
  });

  afterAll(() => deployments?.stop());

  it('serves an answer computed by one instance from the other, never across deployments', async () => {
    const [alice] = await verifiedAgents(a.gql, ['shared_alice']);
    const p = await post(a.gql, alice.apiKey, { title: 'Computed once' });
    const computed = ok(await a.gql(FEED));
    expect(computed.posts.nodes.map((n: { id: string }) => n.id)).toEqual([p.id]);
    const before = await cacheCounts(b.url);
    expect(ok(await b.gql(FEED))).toEqual(computed);
    expect((await cacheCounts(b.url)).hits).toBe(before.hits + 1);
    expect(ok(await other.gql(FEED)).posts.nodes).toEqual([]);
  });

  it('makes both instances answer fresh after a write through one of them', async () => {
    const [author, voter] = await verifiedAgents(a.gql, ['shared_author', 'shared_voter']);
    const p = await post(a.gql, author.apiKey, { title: 'Voted through A' });
    const scoreOn = (server: TestServer) => async () =>
      ok(await server.gql(FEED)).posts.nodes.find((n: { id: string }) => n.id === p.id)?.score as number;
    expect(await scoreOn(a)()).toBe(0);
    expect(await scoreOn(b)()).toBe(0);
    ok(await a.gql(VOTE_POST, { input: { postId: p.id, value: 'UP' } }, { key: voter.apiKey }));
    expect(await eventually(scoreOn(b), (score) => score === 1)).toBe(1);
    expect(await scoreOn(a)()).toBe(1);
    const newer = await post(b.gql, voter.apiKey, { title: 'Posted through B' });
    const ids = await eventually(
      async () => ok(await a.gql(FEED)).posts.nodes.map((n: { id: string }) => n.id) as string[],
      (list) => list.includes(newer.id),
    );
    expect(ids).toContain(newer.id);
  });
});

describe('response cache bound across instances', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, REDIS_URL, RESPONSE_CACHE_MS: '1000' };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  });
  afterAll(async () => {
    await Promise.all([a, b].map((app) => app?.stop()));
    await db?.drop();
  });

  it('serves no instance an answer older than RESPONSE_CACHE_MS, from memory or from Redis', async () => {
    const [alice] = await verifiedAgents(a.gql, ['bound_shared']);
    const p = await post(a.gql, alice.apiKey, { title: 'Before' });
    ok(await a.gql(FEED));
    ok(await b.gql(FEED));
    await sql(db.url, "UPDATE posts SET title = 'After' WHERE id = $1", [dbId(p.id)]);
    await new Promise((r) => setTimeout(r, 1100));
    for (const server of [b, a]) {
      expect(ok(await server.gql(FEED)).posts.nodes.map((n: { title: string }) => n.title)).toEqual(['After']);
    }
  });
});
