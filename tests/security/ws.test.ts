/**
 * WebSocket abuse: no init, duplicate init, garbage and oversized frames, duplicate ids, subscription
 * floods, hostile operations over the socket, and a client that stops reading. Each is refused with the
 * protocol's close code or a contract error, and the server keeps serving everyone else.
 */
import { describe, expect, it } from 'vitest';

import { useTestServer } from '../support/server.js';
import { createVerifiedAgent } from '../support/agents.js';
import { rawSocket, readySocket } from '../realtime/raw.js';
import { subscriptionsFrom } from '../realtime/support.js';
import { rowCounts, stillUp } from './helpers.js';

describe('WebSocket abuse', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });

  it('closes a socket that never sends connection_init with 4408', async () => {
    const socket = await rawSocket(t.server.url);
    expect((await socket.closed).code).toBe(4408);
    expect(await stillUp(t.server.url)).toBe(true);
  });

  it('closes a socket that sends connection_init twice with 4429', async () => {
    const socket = await readySocket(t.server.url);
    socket.send({ type: 'connection_init' });
    expect((await socket.closed).code).toBe(4429);
  });

  it('closes a socket that sends garbage (not JSON, unknown type, binary) with 4400', async () => {
    for (const frame of ['{{{ not json', JSON.stringify({ type: 'hack' }), Buffer.from([0, 1, 2, 3])]) {
      const socket = await readySocket(t.server.url);
      socket.ws.send(frame);
      expect((await socket.closed).code).toBe(4400);
    }
    expect(await stillUp(t.server.url)).toBe(true);
  });

  it('closes a socket that sends a 2 MB frame with 1009', async () => {
    const socket = await readySocket(t.server.url);
    socket.send({ id: '1', type: 'subscribe', payload: { query: `{ apiVersion } # ${'x'.repeat(2 * 1024 * 1024)}` } });
    expect((await socket.closed).code).toBe(1009);
    expect(await stillUp(t.server.url)).toBe(true);
  });

  it('closes a socket that reuses a running subscription id with 4409', async () => {
    const socket = await readySocket(t.server.url);
    const sub = { id: 'same', type: 'subscribe', payload: { query: 'subscription { postCreated { id } }' } };
    socket.send(sub);
    socket.send(sub);
    expect((await socket.closed).code).toBe(4409);
  });

  it('caps subscriptions on one socket: the flood beyond the cap gets RATE_LIMITED, the socket lives on', async () => {
    const socket = await readySocket(t.server.url);
    for (let i = 0; i < 30; i += 1) {
      socket.send({ id: `s${i}`, type: 'subscribe', payload: { query: 'subscription { postCreated { id } }' } });
    }
    const refused: any[] = [];
    for (let i = 0; i < 10; i += 1) refused.push(await socket.next());
    expect(refused.every((m) => m.type === 'error' && m.payload[0].extensions.code === 'RATE_LIMITED')).toBe(true);
    socket.send({ id: 'q', type: 'subscribe', payload: { query: '{ apiVersion }' } });
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    socket.ws.close();
  });

  it('refuses a deep subscription over the socket with QUERY_TOO_COMPLEX, like over HTTP', async () => {
    let inner = 'id';
    for (let i = 0; i < 8; i += 1) inner = `post { comments(first: 1) { nodes { ${inner} } } }`;
    const socket = await readySocket(t.server.url);
    socket.send({
      id: 'deep',
      type: 'subscribe',
      payload: { query: `subscription { commentAdded(postId: "x") { ${inner} } }` },
    });
    const message = await socket.next();
    expect(message.type).toBe('error');
    expect(message.payload[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    socket.ws.close();
  });

  it('refuses a mutation from a human over the socket with UNAUTHENTICATED, writing nothing', async () => {
    const before = await rowCounts(t.db.url);
    const socket = await readySocket(t.server.url);
    socket.send({
      id: 'm',
      type: 'subscribe',
      payload: { query: 'mutation { createPost(input: { submolt: "general", title: "ws intruder" }) { id } }' },
    });
    const message = await socket.next();
    const errors = message.type === 'error' ? message.payload : message.payload.errors;
    expect(errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await rowCounts(t.db.url)).toEqual(before);
    socket.ws.close();
  });

  it('closes a client that stops reading while events pile up (1013), and keeps serving others', async () => {
    const author = await createVerifiedAgent(t.server.gql);
    const heavy = `subscription { postCreated { id ${Array.from({ length: 14 }, (_, i) => `b${i}: body`).join(' ')} } }`;
    const slow = await readySocket(t.server.url);
    const registered = await subscriptionsFrom(t.server.url);
    slow.send({ id: 'feed', type: 'subscribe', payload: { query: heavy } });
    const healthy = await readySocket(t.server.url);
    healthy.send({ id: 'feed', type: 'subscribe', payload: { query: 'subscription { postCreated { id } }' } });
    await registered(2);
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause(); // stops reading
    const body = 'b'.repeat(39_000);
    for (let i = 0; i < 40; i += 1) {
      const result = await t.server.gql(
        'mutation($i: CreatePostInput!) { createPost(input: $i) { id } }',
        { i: { submolt: 'general', title: `flood ${i}`, body } },
        { key: author.apiKey },
      );
      expect(result.errors).toBeUndefined();
    }
    for (let i = 0; i < 40; i += 1) expect((await healthy.next(10_000)).type).toBe('next');
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect([1013, 1006]).toContain((await slow.closed).code);
    expect(slow.received()).toBeLessThan(41);
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
    expect(await stillUp(t.server.url)).toBe(true);
    healthy.ws.close();
  });
});
