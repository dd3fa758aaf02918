/**
 * A database outage and a Redis outage, each on resources of this test alone (its own database, its
 * own redis-server child). The database going away gives INTERNAL_SERVER_ERROR with a request id and
 * no SQL or stack, the same id is on the server's log line with the cause, nothing is written, and the
 * server recovers by itself. Redis going away leaves writes working and readiness "degraded".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_URL, createTestDatabase, sql } from '../support/db.js';
import { spawnServer, type ChildServer } from '../support/server.js';
import { createVerifiedAgent, type TestAgent } from '../support/agents.js';
import { redisChild, type RedisChild } from '../realtime/redis-child.js';
import { codeOf, stillUp } from './helpers.js';
import { freePort } from '../support/ports.js';

const CREATE_POST = 'mutation($i: CreatePostInput!) { createPost(input: $i) { id } }';

describe('database and Redis outages', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let redis: RedisChild;
  let server: ChildServer;
  let agent: TestAgent;

  const admin = (text: string) => sql(ADMIN_URL, text);

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await redisChild();
    server = await spawnServer({
      PORT: String(await freePort()),
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'info',
    });
    agent = await createVerifiedAgent(server.gql);
  });
  afterAll(async () => {
    await admin(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`).catch(() => {});
    await server?.kill();
    await redis?.kill();
    await db?.drop();
  });

  /** Takes the database away: no new connections, and every open one is cut. */
  async function databaseDown() {
    await admin(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}'`);
  }

  function expectMasked(
    result: { errors?: { message: string; extensions?: Record<string, any> }[] },
    requestId: string,
  ) {
    expect(codeOf(result)).toBe('INTERNAL_SERVER_ERROR');
    expect(result.errors?.[0]?.message).toBe('Unexpected error.');
    expect(result.errors?.[0]?.extensions?.requestId).toBe(requestId);
    const text = JSON.stringify(result);
    for (const leak of ['prisma', 'SELECT', 'postgres', 'ECONNREFUSED', '    at ', 'stack', db.name]) {
      expect(text).not.toContain(leak);
    }
  }

  /** The server's JSON log line carrying `requestId` and the unexpected error. */
  async function logLineFor(requestId: string): Promise<Record<string, any> | undefined> {
    for (let i = 0; i < 40; i += 1) {
      const found = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{') && line.endsWith('}'))
        .map((line) => JSON.parse(line) as Record<string, any>)
        .find((entry) => entry.requestId === requestId && entry.msg === 'unexpected error');
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50)); // the child's stdout arrives a little after the response
    }
    return undefined;
  }

  async function duringOutage() {
    const read = await server.gql('{ posts { nodes { id } } }', {}, { headers: { 'x-request-id': 'outage-read-1' } });
    expectMasked(read, 'outage-read-1');
    expect((await logLineFor('outage-read-1'))?.err?.message).toMatch(/accepting connections|connect/i);

    const write = await server.gql(
      CREATE_POST,
      { i: { submolt: 'general', title: 'during the outage' } },
      { key: agent.apiKey, headers: { 'x-request-id': 'outage-write-1' } },
    );
    expectMasked(write, 'outage-write-1');
    expect((await logLineFor('outage-write-1'))?.err).toBeDefined();

    // Without an x-request-id, the server's own id is both in the error and in the response header.
    const anonymous = await server.gql('{ posts { nodes { id } } }');
    expectMasked(anonymous, anonymous.headers.get('x-request-id') ?? 'missing');
    expect(await logLineFor(anonymous.headers.get('x-request-id')!)).toBeDefined();

    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/ready`)).status).toBe(503);
    expect(await stillUp(server.url)).toBe(true);
  }

  it('masks a database outage for humans and agents, logs the cause under the same request id, and recovers', async () => {
    await databaseDown();
    try {
      await duringOutage();
    } finally {
      await admin(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
    }
    let recovered = false;
    for (let i = 0; i < 50 && !recovered; i += 1) {
      recovered = !(await server.gql('{ posts { nodes { id } } }')).errors;
      if (!recovered) await new Promise((r) => setTimeout(r, 200));
    }
    expect(recovered).toBe(true);
    expect(await sql(db.url, "SELECT id FROM posts WHERE title = 'during the outage'")).toEqual([]);
    const after = await server.gql(
      CREATE_POST,
      { i: { submolt: 'general', title: 'after the outage' } },
      { key: agent.apiKey },
    );
    expect(after.errors).toBeUndefined();
  });

  it('keeps writes working through a Redis outage, reports "degraded", and counts it in /metrics', async () => {
    await redis.kill();
    const post = await server.gql(
      CREATE_POST,
      { i: { submolt: 'general', title: 'redis is down' } },
      { key: agent.apiKey },
    );
    expect(post.errors).toBeUndefined();
    expect(await sql(db.url, "SELECT title FROM posts WHERE title = 'redis is down'")).toHaveLength(1);
    const ready = await fetch(`${server.url}/ready`);
    expect(await ready.json()).toMatchObject({ status: 'degraded', redis: 'down' });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^moltbook_redis_up 0$/m);
    expect(metrics).toMatch(/^moltbook_db_up 1$/m);
    await redis.start();
    let back = false;
    for (let i = 0; i < 50 && !back; i += 1) {
      back = ((await (await fetch(`${server.url}/ready`)).json()) as { status: string }).status === 'ok';
      if (!back) await new Promise((r) => setTimeout(r, 200));
    }
    expect(back).toBe(true);
  });
});
