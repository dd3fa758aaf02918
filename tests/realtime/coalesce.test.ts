/** Write coalescing (unit level, on real loopback TCP sockets): held writes, flushing in time slices. */
import { once } from 'node:events';
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { WriteCoalescer } from '../../server/realtime/coalesce.js';

const coalescer = new WriteCoalescer();
const holdForFlush = (socket: Socket) => coalescer.hold(socket);

let server: Server;
/** What each accepted connection received, in connection order. */
const received: Buffer[][] = [];
let clients: Socket[] = [];
/** Enough sockets that a slice of the flush cannot take them all (the clock is read every 16 sockets). */
const SOCKETS = 65;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

beforeAll(async () => {
  server = createServer((socket) => {
    const chunks: Buffer[] = [];
    received.push(chunks);
    socket.on('data', (chunk) => chunks.push(chunk));
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  clients = await Promise.all(
    Array.from({ length: SOCKETS }, async () => {
      const socket = new Socket().connect(port, '127.0.0.1');
      await once(socket, 'connect');
      return socket;
    }),
  );
  while (received.length < clients.length) await nextTurn();
});

afterAll(async () => {
  for (const socket of clients) socket.destroy();
  server.close();
});

test('writes made in one turn are held, then leave in one write call', async () => {
  const socket = clients[0]!;
  let writeCalls = 0;
  const count = (method: '_write' | '_writev') => {
    const original = socket[method]!.bind(socket) as (...args: unknown[]) => void;
    (socket as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      writeCalls += 1;
      original(...args);
    };
  };
  count('_write');
  count('_writev');
  holdForFlush(socket);
  socket.write('first message;');
  holdForFlush(socket);
  socket.write('second message;');
  expect(writeCalls).toBe(0);
  expect(socket.writableLength).toBe('first message;second message;'.length);
  await nextTurn();
  expect(writeCalls).toBe(1);
  expect(socket.writableCorked).toBe(0);
  while (Buffer.concat(received[0]!).length < 29) await nextTurn();
  expect(Buffer.concat(received[0]!).toString()).toBe('first message;second message;');
});

test('flushes for at most its time budget per turn, in the order the sockets were written to', async () => {
  // A clock that moves 1 ms each time the flusher reads it: with a 2 ms budget, a slice ends after the
  // second look, 32 sockets in.
  let clock = 0;
  const sliced = new WriteCoalescer({ budgetMs: 2, now: () => clock++ });
  for (const socket of clients) {
    sliced.hold(socket);
    socket.write('x');
  }
  expect(clients.every((s) => s.writableCorked === 1)).toBe(true);
  await nextTurn();
  expect(clients.slice(0, 32).every((s) => s.writableCorked === 0)).toBe(true);
  expect(clients.slice(32).every((s) => s.writableCorked === 1)).toBe(true);
  await nextTurn();
  expect(clients.slice(0, 64).every((s) => s.writableCorked === 0)).toBe(true);
  expect(clients[64]!.writableCorked).toBe(1);
  await nextTurn();
  expect(clients.every((s) => s.writableCorked === 0)).toBe(true);
});

test('a turn whose budget is not spent flushes every held socket', async () => {
  const unhurried = new WriteCoalescer({ now: () => 0 });
  for (const socket of clients) {
    unhurried.hold(socket);
    socket.write('y');
  }
  await nextTurn();
  expect(clients.every((s) => s.writableCorked === 0)).toBe(true);
});

test('a socket destroyed while held is skipped and the others still flush', async () => {
  const [gone, kept] = [clients[1]!, clients[2]!];
  holdForFlush(gone);
  gone.write('never sent');
  holdForFlush(kept);
  kept.write('sent');
  gone.destroy();
  await nextTurn();
  expect(kept.writableCorked).toBe(0);
  expect(kept.writableLength).toBe(0);
});
