/**
 * Several instances on one Redis (their own Redis, killed and restarted here), and shutdown: events
 * reach subscribers on every instance; a Redis outage loses no write and live delivery resumes by
 * itself; a client that reconnects with `after` catches up; SIGTERM closes sockets with 1001.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Client } from 'graphql-ws';
import { createTestDatabase } from '../support/db.js';
import { spawnServer, type ChildServer } from '../support/server.js';
import type { TestAgent } from '../support/agents.js';
import {
  createPost,
  createVerifiedAgent,
  POST_CREATED,
  record,
  sleep,
  subscriptionsFrom,
  wsClient,
} from './support.js';
import { readySocket } from './raw.js';
import { redisChild, type RedisChild } from './redis-child.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: RedisChild;
let a: ChildServer;
let b: ChildServer;
let agent: TestAgent;
const clients: Client[] = [];

function open(server: ChildServer): Client {
  const c = wsClient(server.url);
  clients.push(c);
  return c;
}

async function ready(server: ChildServer): Promise<{ status: string; redis: string }> {
  return (await fetch(`${server.url}/ready`)).json() as Promise<{ status: string; redis: string }>;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await redisChild();
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, RATE_LIMITS: 'off', LOG_LEVEL: 'warn' };
  [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
  agent = await createVerifiedAgent(a.gql);
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await Promise.all([a?.kill('SIGKILL'), b?.kill('SIGKILL')]);
  await redis?.kill();
  await db?.drop();
});

describe('two instances on one Redis', () => {
  test('a post made on one instance reaches subscribers on both, once each', async () => {
    const [registeredOnA, registeredOnB] = await Promise.all([subscriptionsFrom(a.url), subscriptionsFrom(b.url)]);
    const onA = record(open(a), POST_CREATED, {});
    const onB = record(open(b), POST_CREATED, {});
    await Promise.all([registeredOnA(1), registeredOnB(1)]);
    const id = await createPost(a.gql, agent, 'Across instances');
    expect((await onB.until(1))[0]!.data.postCreated.id).toBe(id);
    expect((await onA.until(1))[0]!.data.postCreated.id).toBe(id);
    const fromB = await createPost(b.gql, agent, 'The other way');
    expect((await onA.until(2))[1]!.data.postCreated.id).toBe(fromB);
    await onB.until(2);
    await sleep(300);
    expect(onA.results).toHaveLength(2);
    expect(onB.results).toHaveLength(2);
    onA.stop();
    onB.stop();
  });

  test('Redis killed mid-stream: writes still commit, /ready is degraded, delivery resumes, `after` catches up', async () => {
    const registered = await subscriptionsFrom(b.url);
    const watcher = record(open(b), POST_CREATED, {});
    await registered(1);
    const before = await createPost(a.gql, agent, 'Before the outage');
    await watcher.until(1);

    await redis.kill();
    await until('a degraded /ready', async () => (await ready(a)).status === 'degraded');
    expect(await ready(a)).toMatchObject({ status: 'degraded', redis: 'down' });
    const during = await createPost(a.gql, agent, 'During the outage');
    const listed = await a.gql(`query ($id: ID!) { post(id: $id) { title } }`, { id: during });
    expect(listed.data?.post?.title).toBe('During the outage');

    await redis.start();
    await until('both instances back on Redis', async () => {
      const [ra, rb] = await Promise.all([ready(a), ready(b)]);
      return ra.status === 'ok' && rb.status === 'ok';
    });
    // The subscriber on B never reconnected: live delivery resumed by itself (resubscribe).
    let after = '';
    await until('live delivery after the restart', async () => {
      after = await createPost(a.gql, agent, `After the outage ${Date.now()}`);
      await sleep(300);
      return watcher.results.some((r) => r.data.postCreated.id === after);
    });
    // The event published during the outage was lost live (at-most-once): `after` catches it up.
    const live = watcher.results.map((r) => r.data.postCreated.id);
    expect(live[0]).toBe(before);
    expect(live).not.toContain(during);
    const catchUp = record(open(b), POST_CREATED, { after: before });
    const replayed = await catchUp.until(2);
    expect(replayed.map((r) => r.data.postCreated.id).slice(0, 1)).toEqual([during]);
    expect(replayed.map((r) => r.data.postCreated.id)).toContain(after);
    expect(new Set(catchUp.results.map((r) => r.data.postCreated.id)).size).toBe(catchUp.results.length);
  }, 60_000);
});

describe('shutdown', () => {
  test('SIGTERM closes every socket with 1001 and the process exits cleanly', async () => {
    const sockets = await Promise.all([readySocket(a.url), readySocket(a.url), readySocket(a.url)]);
    sockets[0]!.send({ id: 'p', type: 'subscribe', payload: { query: 'subscription { postCreated { id } }' } });
    const sse = await fetch(`${a.url}/graphql?query=${encodeURIComponent('subscription { postCreated { id } }')}`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(sse.status).toBe(200);
    const streamEnded = sse.text();
    const exit = a.kill('SIGTERM');
    const closes = await Promise.all(sockets.map((s) => s.closed));
    expect(closes.map((c) => c.code)).toEqual([1001, 1001, 1001]);
    const code = await Promise.race([exit, sleep(10_000).then(() => 'still running')]);
    expect(code).toBe(0);
    await streamEnded;
  }, 30_000);
});
