/**
 * WebSocket keepalive: the server pings every socket; one that stops answering (a closed laptop lid, a
 * dropped NAT mapping: no close frame ever comes) is closed, and everything it held is freed: its
 * subscriptions, the gauges on /metrics and its slot under the per-address cap.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestDatabase } from '../support/db.js';
import { startServer, type TestServer } from '../support/server.js';
import { MAX_CONNECTIONS_PER_ADDRESS } from '../../server/realtime/ws.js';
import { rawSocket, readySocket, type RawSocket } from './raw.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startServer(
    { DATABASE_URL: db.url, RATE_LIMITS: 'on' },
    { websocket: { pingIntervalMs: 100, pongTimeoutMs: 300 } },
  );
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

async function gauge(name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
}

/** A socket that has subscribed to new posts and got its ack, answering pings or not. */
async function subscriber(answersPings: boolean): Promise<RawSocket> {
  const socket = await rawSocket(server.url, 'graphql-transport-ws', { autoPong: answersPings });
  socket.send({ type: 'connection_init' });
  expect((await socket.next()).type).toBe('connection_ack');
  socket.send({ id: 's', type: 'subscribe', payload: { query: 'subscription { postCreated { id } }' } });
  return socket;
}

async function eventually(read: () => Promise<number>, expected: number): Promise<void> {
  for (let i = 0; i < 200 && (await read()) !== expected; i += 1) await new Promise((r) => setTimeout(r, 25));
  expect(await read()).toBe(expected);
}

function handshake(): Promise<{ status: number; ws: WebSocket }> {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ status: 101, ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, ws }));
    ws.once('error', reject);
  });
}

it('keeps a socket that answers pings open, and it keeps working', async () => {
  const socket = await readySocket(server.url);
  let pings = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${pings} pings in 10 s`)), 10_000);
    socket.ws.on('ping', () => {
      pings += 1;
      if (pings === 5) resolve(clearTimeout(timer));
    });
  });
  expect(socket.ws.readyState).toBe(WebSocket.OPEN);
  socket.send({ id: 'v', type: 'subscribe', payload: { query: '{ apiVersion }' } });
  expect(await socket.next()).toEqual({ id: 'v', type: 'next', payload: { data: { apiVersion: '1' } } });
  socket.ws.close();
  await socket.closed;
});

it('closes a socket that stops answering pings and frees its subscriptions and gauges', async () => {
  await eventually(() => gauge('moltbook_websocket_connections'), 0);
  const silent = await subscriber(false);
  await eventually(() => gauge('moltbook_subscriptions'), 1);
  expect(await gauge('moltbook_websocket_connections')).toBe(1);
  // No close frame: the server gives up on the peer and drops the connection.
  expect((await silent.closed).code).toBe(1006);
  await eventually(() => gauge('moltbook_websocket_connections'), 0);
  await eventually(() => gauge('moltbook_subscriptions'), 0);
});

it('gives the slot of a silent socket back under the per-address cap', async () => {
  const healthy: RawSocket[] = [];
  for (let i = 0; i < MAX_CONNECTIONS_PER_ADDRESS - 1; i += 1) healthy.push(await subscriber(true));
  const silent = await subscriber(false);
  const refused = await handshake();
  expect(refused.status).toBe(429);
  await silent.closed;
  const later = await handshake();
  expect(later.status).toBe(101);
  // Every socket that answers was kept.
  expect(healthy.every((s) => s.ws.readyState === WebSocket.OPEN)).toBe(true);
  expect(await gauge('moltbook_websocket_connections')).toBe(MAX_CONNECTIONS_PER_ADDRESS);
  later.ws.close();
  for (const s of healthy) s.ws.close();
  await eventually(() => gauge('moltbook_websocket_connections'), 0);
});
