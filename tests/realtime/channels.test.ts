/**
 * Channels per submolt and per post on Redis: an instance subscribes only to the channels its clients
 * watch (observed in Redis' own subscription set), once however many clients watch, and leaves when the
 * last one goes; two apps in one process on one Redis still deliver every kind of event to each other.
 * The brokers themselves: sharded pub/sub where Redis has it, classic channels as the fallback.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { openRedis } from '../../server/infra/redis.js';
import { createLogger } from '../../server/infra/log.js';
import { parseId } from '../../server/write/validate.js';
import { RedisBroker } from '../../server/pubsub/redis-broker.js';
import { createTestDatabase } from '../support/db.js';
import { startServer, type TestServer } from '../support/server.js';
import type { TestAgent } from '../support/agents.js';
import {
  createComment,
  createPost,
  createVerifiedAgent,
  POST_CREATED,
  record,
  sleep,
  subscriptionsFrom,
  wsClient,
} from './support.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const UPDATED = `subscription ($postId: ID!) { postUpdated(postId: $postId) { id score commentCount } }`;
const COMMENTS = `subscription ($postId: ID!) { commentAdded(postId: $postId) { id body author { name } } }`;
const COUNTS = `subscription ($submolt: String) { postCountsChanged(submolt: $submolt) { id score commentCount } }`;
const VOTE = `mutation ($input: VotePostInput!) { votePost(input: $input) { id } }`;

/** Polls `check` until it holds (10 s at most). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 10_000; !(await check()); await sleep(50)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

describe('two apps on one Redis', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: TestServer;
  let b: TestServer;
  let agent: TestAgent;
  let redis: Redis;
  const clients: Client[] = [];

  const open = (server: TestServer) => {
    const c = wsClient(server.url);
    clients.push(c);
    return c;
  };
  /** Redis' own count of connections subscribed to the sharded channel of this post's updates. */
  const watchers = async (postId: string): Promise<number> => {
    const [channel] = (await redis.call(
      'PUBSUB',
      'SHARDCHANNELS',
      `*:post:updated:${parseId(postId, 'Post', 'postId')}`,
    )) as string[];
    if (!channel) return 0;
    const [, count] = (await redis.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number];
    return count;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = new Redis(REDIS_URL);
    const env = { DATABASE_URL: db.url, REDIS_URL, RATE_LIMITS: 'off', LIVE_COUNTS_MS: '100' };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
    agent = await createVerifiedAgent(a.gql);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await Promise.all([a?.stop(), b?.stop()]);
    redis?.disconnect();
    await db?.drop();
  });

  it('subscribes an instance to a post only while its clients watch it, once for all of them', async () => {
    const [watched, unwatched] = [await createPost(a.gql, agent, 'Watched'), await createPost(a.gql, agent, 'Not')];
    const registered = await subscriptionsFrom(b.url);
    const first = record(open(b), UPDATED, { postId: watched });
    const second = record(open(b), UPDATED, { postId: watched });
    await registered(2);
    expect(await watchers(watched)).toBe(1);
    expect(await watchers(unwatched)).toBe(0);

    const voter = await createVerifiedAgent(a.gql);
    for (const postId of [unwatched, watched]) {
      expect((await a.gql(VOTE, { input: { postId, value: 'UP' } }, { key: voter.apiKey })).errors).toBeUndefined();
    }
    for (const r of [first, second])
      expect((await r.until(1))[0]!.data.postUpdated).toEqual({ id: watched, score: 1, commentCount: 0 });

    first.stop();
    await sleep(200);
    expect(await watchers(watched)).toBe(1);
    second.stop();
    await until('the last watcher to unsubscribe the instance', async () => (await watchers(watched)) === 0);
  });

  it('delivers every kind of event written through one app to the subscribers of the other', async () => {
    const made = await a.gql(
      `mutation { createSubmolt(input: { name: "reefs", displayName: "Reefs" }) { name } }`,
      {},
      { key: agent.apiKey },
    );
    expect(made.data?.createSubmolt?.name).toBe('reefs');
    const post = await createPost(a.gql, agent, 'Before the watchers', 'reefs');
    const registered = await subscriptionsFrom(b.url);
    const everywhere = record(open(b), POST_CREATED, {});
    const inReefs = record(open(b), POST_CREATED, { submolt: 'reefs' });
    const updated = record(open(b), UPDATED, { postId: post });
    const comments = record(open(b), COMMENTS, { postId: post });
    const counts = record(open(b), COUNTS, {});
    const reefCounts = record(open(b), COUNTS, { submolt: 'reefs' });
    await registered(6);

    const created = await createPost(a.gql, agent, 'Into the reefs', 'reefs');
    const voter = await createVerifiedAgent(a.gql);
    expect((await a.gql(VOTE, { input: { postId: post, value: 'UP' } }, { key: voter.apiKey })).errors).toBeUndefined();
    const comment = await createComment(a.gql, voter, post, 'Seen from the other app');

    expect((await everywhere.until(1))[0]!.data.postCreated.id).toBe(created);
    expect((await inReefs.until(1))[0]!.data.postCreated.id).toBe(created);
    expect((await comments.until(1))[0]!.data.commentAdded).toEqual({
      id: comment,
      body: 'Seen from the other app',
      author: { name: voter.name },
    });
    expect((await updated.until(2)).map((r) => r.data.postUpdated)).toEqual([
      { id: post, score: 1, commentCount: 0 },
      { id: post, score: 1, commentCount: 1 },
    ]);
    for (const r of [counts, reefCounts]) {
      await until('the final counts', async () =>
        r.results.some((x) => x.data.postCountsChanged.some((c: { commentCount: number }) => c.commentCount === 1)),
      );
      expect(r.results.at(-1)!.data.postCountsChanged).toEqual([{ id: post, score: 1, commentCount: 1 }]);
    }
  });
});

describe('the Redis brokers', () => {
  const log = createLogger('silent');
  let connections: Awaited<ReturnType<typeof openRedis>>;
  let redis: Redis;

  beforeAll(async () => {
    connections = await openRedis(REDIS_URL, `broker-test-${randomUUID()}`, log);
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await connections?.close();
    redis?.disconnect();
  });

  it('uses sharded pub/sub on this Redis (7.0+)', async () => {
    expect((await RedisBroker.open(connections, log)).sharded).toBe(true);
  });

  it.each([
    ['sharded', true, 'SHARDCHANNELS'],
    ['classic', false, 'CHANNELS'],
  ] as const)('%s: subscribes, delivers, unsubscribes', async (_kind, sharded, listing) => {
    const broker = await RedisBroker.open(connections, log, sharded);
    const channel = `post:updated:${randomUUID()}`;
    const name = connections.prefix + channel;
    const listed = async () => ((await redis.call('PUBSUB', listing, name)) as string[]).includes(name);
    const received: unknown[] = [];
    await broker.subscribe(channel, (message) => received.push(message));
    expect(await listed()).toBe(true);
    await broker.publish(channel, { post: { id: 'x' }, version: 1 });
    await until('the message', async () => received.length === 1);
    expect(received).toEqual([{ post: { id: 'x' }, version: 1 }]);
    await broker.unsubscribe(channel);
    expect(await listed()).toBe(false);
    await broker.publish(channel, { version: 2 });
    await sleep(100);
    expect(received).toHaveLength(1);
  });
});
