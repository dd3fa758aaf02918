/**
 * The project's graphql-transport-ws handler against the protocol: close codes, message handling,
 * authentication, frame size, per-connection operation cap, and slow consumers cut off while others
 * keep receiving. Raw sockets for what the stock client never does; the stock client for the rest.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase } from '../support/db.js';
import { startServer, type TestServer } from '../support/server.js';
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
import { rawSocket, readySocket } from './raw.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: TestServer;
let agent: TestAgent;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startServer({ DATABASE_URL: db.url, RATE_LIMITS: 'off' });
  agent = await createVerifiedAgent(server.gql);
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

describe('connection', () => {
  test('a socket that never sends connection_init is closed with 4408', async () => {
    const socket = await rawSocket(server.url);
    expect(await socket.closed).toMatchObject({ code: 4408 });
  });

  test('subscribing before the ack is 4401; a second connection_init is 4429', async () => {
    const early = await rawSocket(server.url);
    early.send({ id: '1', type: 'subscribe', payload: { query: '{ apiVersion }' } });
    expect((await early.closed).code).toBe(4401);
    const twice = await readySocket(server.url);
    twice.send({ type: 'connection_init' });
    expect((await twice.closed).code).toBe(4429);
  });

  test('another subprotocol is 4406; a malformed message is 4400; a frame over 64 KiB is 1009', async () => {
    expect((await (await rawSocket(server.url, null)).closed).code).toBe(4406);
    const bad = await readySocket(server.url);
    bad.send('{"type":"subscribe","id":1}');
    expect((await bad.closed).code).toBe(4400);
    const big = await readySocket(server.url);
    big.send({ id: '1', type: 'subscribe', payload: { query: `{ apiVersion } # ${'x'.repeat(70 * 1024)}` } });
    expect((await big.closed).code).toBe(1009);
  });

  test('a bad key is refused with 4401 at connection_init; a good one is acknowledged', async () => {
    const refused = await rawSocket(server.url);
    refused.send({ type: 'connection_init', payload: { authorization: 'Bearer moltbook_sk_nope' } });
    expect(await refused.closed).toEqual({ code: 4401, reason: 'The API key is not valid.' });
    const accepted = await readySocket(server.url, { authorization: `Bearer ${agent.apiKey}` });
    accepted.send({ id: 'me', type: 'subscribe', payload: { query: '{ me { name } }' } });
    expect(await accepted.next()).toEqual({ id: 'me', type: 'next', payload: { data: { me: { name: agent.name } } } });
    expect(await accepted.next()).toEqual({ id: 'me', type: 'complete' });
    accepted.ws.close();
  });
});

describe('operations', () => {
  test('ping gets pong; errors come as `error` messages; a duplicate id is 4409', async () => {
    const socket = await readySocket(server.url);
    socket.send({ type: 'ping', payload: { at: 1 } });
    expect(await socket.next()).toEqual({ type: 'pong', payload: { at: 1 } });
    socket.send({ id: 'v', type: 'subscribe', payload: { query: '{ noSuchField }' } });
    const invalid = await socket.next();
    expect(invalid).toMatchObject({ id: 'v', type: 'error' });
    expect(invalid.payload[0].message).toContain('noSuchField');
    socket.send({ id: 'hb', type: 'subscribe', payload: { query: 'subscription { heartbeat(seconds: 1) }' } });
    expect(await socket.next()).toMatchObject({
      id: 'hb',
      type: 'next',
      payload: { data: { heartbeat: expect.any(String) } },
    });
    socket.send({ id: 'hb', type: 'subscribe', payload: { query: 'subscription { heartbeat }' } });
    expect((await socket.closed).code).toBe(4409);
  });

  test('mutations run through the pipeline over WebSocket too (a human is UNAUTHENTICATED)', async () => {
    const socket = await readySocket(server.url);
    socket.send({
      id: 'm',
      type: 'subscribe',
      payload: { query: 'mutation { createPost(input: { submolt: "general", title: "by a human" }) { id } }' },
    });
    const result = await socket.next();
    expect(result, JSON.stringify(result)).toMatchObject({ id: 'm', type: 'next' });
    expect(result.payload.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    socket.ws.close();
  });

  test('at most 20 operations per connection: the 21st gets an error, the others keep working', async () => {
    const socket = await readySocket(server.url);
    const registered = await subscriptionsFrom(server.url);
    for (let i = 0; i < 20; i += 1) {
      socket.send({ id: `s${i}`, type: 'subscribe', payload: { query: 'subscription { postCreated { id } }' } });
    }
    socket.send({ id: 'over', type: 'subscribe', payload: { query: 'subscription { postCreated { id } }' } });
    const refused = await socket.next();
    expect(refused).toMatchObject({ id: 'over', type: 'error' });
    expect(refused.payload[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    await registered(20);
    const id = await createPost(server.gql, agent, 'For twenty');
    const seen = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      const message = await socket.next();
      expect(message.payload.data.postCreated.id).toBe(id);
      seen.add(message.id);
    }
    expect(seen.size).toBe(20);
    socket.ws.close();
  });

  test('the stock client completes a subscription it stops, and the server stops sending', async () => {
    const c = wsClient(server.url);
    const registered = await subscriptionsFrom(server.url);
    const first = record(c, POST_CREATED, {});
    const second = record(c, POST_CREATED, {});
    await registered(2);
    await createPost(server.gql, agent, 'Both see this');
    await first.until(1);
    await second.until(1);
    first.stop();
    await sleep(100);
    await createPost(server.gql, agent, 'Only the second sees this');
    await second.until(2);
    await sleep(200);
    expect(first.results).toHaveLength(1);
    await c.dispose();
  });
});

describe('slow consumers', () => {
  test('a subscriber that stops reading is cut off; the others keep receiving everything', async () => {
    const heavy = `subscription { postCreated { id ${Array.from({ length: 14 }, (_, i) => `b${i}: body`).join(' ')} } }`;
    const slow = await readySocket(server.url);
    const registered = await subscriptionsFrom(server.url);
    slow.send({ id: 'slow', type: 'subscribe', payload: { query: heavy } });
    const healthy = record(wsClient(server.url), heavy);
    await registered(2);
    // The slow client stops reading from its socket: bytes pile up in the server's send buffer.
    (slow.ws as any)._socket.pause();
    const body = 'x'.repeat(39_000);
    const posts = 40;
    for (let i = 0; i < posts; i += 1) {
      const result = await server.gql(
        `mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }`,
        { input: { submolt: 'general', title: `Heavy ${i}`, body } },
        { key: agent.apiKey },
      );
      expect(result.errors).toBeUndefined();
    }
    await healthy.until(posts, 20_000);
    expect(healthy.results.every((r) => r.data.postCreated.b0.length === 39_000)).toBe(true);
    (slow.ws as any)._socket.resume();
    const { code } = await slow.closed;
    expect([1013, 1006]).toContain(code);
    // It got the ack and some events, then nothing more: the server stopped queueing for it.
    expect(slow.received()).toBeGreaterThan(1);
    expect(slow.received()).toBeLessThan(posts + 1);
  });
});
