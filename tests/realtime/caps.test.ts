/** The cap on WebSocket connections per client address (on with the default RATE_LIMITS=on). */
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createTestDatabase } from '../support/db.js';
import { startServer, type TestServer } from '../support/server.js';
import { MAX_CONNECTIONS_PER_ADDRESS } from '../../server/realtime/ws.js';
import { readySocket, type RawSocket } from './raw.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startServer({ DATABASE_URL: db.url, RATE_LIMITS: 'on' });
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

/** The HTTP status of a refused handshake, or 101 when the socket opened. */
function handshake(url: string): Promise<{ status: number; retryAfter?: string; ws: WebSocket }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ status: 101, ws }));
    ws.once('unexpected-response', (_req, res) =>
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], ws }),
    );
    ws.once('error', reject);
  });
}

test(`one address holds at most ${MAX_CONNECTIONS_PER_ADDRESS} sockets; a freed slot can be used again`, async () => {
  const sockets: RawSocket[] = [];
  for (let i = 0; i < MAX_CONNECTIONS_PER_ADDRESS; i += 1) sockets.push(await readySocket(server.url));
  const refused = await handshake(server.url);
  expect(refused).toMatchObject({ status: 429, retryAfter: '10' });
  // The ones already open still work.
  sockets[0]!.send({ id: 'v', type: 'subscribe', payload: { query: '{ apiVersion }' } });
  expect(await sockets[0]!.next()).toEqual({ id: 'v', type: 'next', payload: { data: { apiVersion: '1' } } });
  sockets.pop()!.ws.close();
  const later = await (async () => {
    for (let i = 0; i < 50; i += 1) {
      const attempt = await handshake(server.url);
      if (attempt.status === 101) return attempt;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the freed slot never became available');
  })();
  expect(later.status).toBe(101);
  later.ws.close();
  for (const s of sockets) s.ws.close();
});

test('a path other than /graphql is not upgraded', async () => {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/elsewhere`, 'graphql-transport-ws');
  const status = await new Promise<number>((resolve) => {
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => resolve(101));
  });
  expect(status).toBe(404);
});
