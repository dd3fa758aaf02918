/**
 * Fan-out frames (unit level, against a real `ws` client over loopback): frames written straight to the
 * socket are read by `ws` as the text messages they carry, at every header length, and keep their order
 * among messages sent through `ws` itself.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { nextPrefix } from '../../server/realtime/fanout.js';
import { SharedNext, textFrameHeader, writeNext } from '../../server/realtime/frames.js';

let server: Server;
let serverSide: { ws: WebSocket; socket: Duplex };
let client: WebSocket;
const received: string[] = [];

beforeAll(async () => {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  server = createServer();
  const accepted = new Promise<typeof serverSide>((resolve) =>
    server.on('upgrade', (request, socket, head) =>
      wss.handleUpgrade(request, socket, head, (ws) => resolve({ ws, socket })),
    ),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  client.on('message', (data, isBinary) => received.push(`${isBinary ? 'binary' : 'text'}:${String(data)}`));
  serverSide = await accepted;
  await once(client, 'open');
});

afterAll(async () => {
  client.terminate();
  server.close();
});

async function receivedCount(count: number): Promise<void> {
  while (received.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

test('headers use the 7-bit, 16-bit and 64-bit lengths of RFC 6455 where each begins', () => {
  expect([...textFrameHeader(0)]).toEqual([0x81, 0]);
  expect([...textFrameHeader(125)]).toEqual([0x81, 125]);
  expect([...textFrameHeader(126)]).toEqual([0x81, 126, 0, 126]);
  expect([...textFrameHeader(0xffff)]).toEqual([0x81, 126, 0xff, 0xff]);
  expect([...textFrameHeader(0x10000)]).toEqual([0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
});

test('a client reads each frame as the whole message, in order with messages sent through ws', async () => {
  received.length = 0;
  const prefix = Buffer.from(nextPrefix('op-1'));
  // Message lengths on both sides of each header size (the prefix is 36 bytes).
  const results = [{ a: 1 }, { t: 'x'.repeat(80) }, { t: 'y'.repeat(200) }, { t: 'é'.repeat(40_000) }];
  const expected: string[] = [];
  for (const [i, result] of results.entries()) {
    const next = new SharedNext({ data: result });
    writeNext(serverSide.socket, prefix, next);
    expected.push(`text:${nextPrefix('op-1')}${JSON.stringify({ data: result })}}`);
    serverSide.ws.send(`between ${i}`);
    expected.push(`text:between ${i}`);
  }
  await receivedCount(expected.length);
  expect(received).toEqual(expected);
  for (const message of received.filter((m) => m.startsWith('text:{'))) {
    expect(JSON.parse(message.slice('text:'.length))).toMatchObject({ id: 'op-1', type: 'next' });
  }
});

test('one event serves prefixes of different lengths, each with its own header', async () => {
  received.length = 0;
  const next = new SharedNext({ data: { n: 1 } });
  for (const id of ['1', 'a-much-longer-operation-id', '2'])
    writeNext(serverSide.socket, Buffer.from(nextPrefix(id)), next);
  await receivedCount(3);
  expect(received.map((m) => JSON.parse(m.slice('text:'.length)).id)).toEqual(['1', 'a-much-longer-operation-id', '2']);
});
