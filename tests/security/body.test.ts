/**
 * The capped body reader of `/api/v1` and `/mcp` (unit level, over a real loopback HTTP server): the
 * cap holds for declared and chunked bodies alike, the bytes read are what a signature check sees, and
 * JSON is strict UTF-8.
 */
import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { NOT_JSON, parseStrictJson, readCappedBody } from '../../server/http/body.js';
import { OPERATION_LIMITS } from '../../server/http/limits.js';
import { signableRequest } from '../../server/agents/signing-keys.js';
import { loadConfig } from '../../server/config.js';

let server: Server;
let port: number;
/** What the server's reader made of the last request: its length, or null when refused. */
let lastRead: { length: number | null; signed: number | null } | null = null;

beforeAll(async () => {
  const config = loadConfig({});
  server = createServer(async (req: IncomingMessage, res) => {
    const bytes = await readCappedBody(req);
    const signed = signableRequest(config, req, {}).body?.length ?? null;
    lastRead = { length: bytes?.length ?? null, signed };
    res.writeHead(bytes ? 200 : 413, { connection: 'close' }).end();
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(() => server.close());

/** Sends `chunks` as a POST body, with a Content-Length when `declared`, else chunked. */
async function post(chunks: Buffer[], declared: boolean): Promise<number> {
  const length = chunks.reduce((n, c) => n + c.length, 0);
  const req = httpRequest({
    port,
    host: '127.0.0.1',
    method: 'POST',
    headers: declared ? { 'content-length': length } : { 'transfer-encoding': 'chunked' },
  });
  const answered = once(req, 'response') as Promise<[IncomingMessage]>;
  req.on('error', () => {}); // the server may answer and close before the whole body is sent
  for (const chunk of chunks) req.write(chunk);
  req.end();
  const [res] = await answered;
  res.resume();
  return res.statusCode!;
}

const limit = OPERATION_LIMITS.maxBodyBytes;

test('a body up to the limit is read whole, declared or chunked, and kept for the signature check', async () => {
  for (const declared of [true, false]) {
    const status = await post([Buffer.alloc(limit - 10, 'a'), Buffer.alloc(10, 'b')], declared);
    expect(status).toBe(200);
    expect(lastRead).toEqual({ length: limit, signed: limit });
  }
});

test('a body over the limit is refused, whether it declares its length or is found longer while read', async () => {
  for (const declared of [true, false]) {
    lastRead = null;
    const status = await post([Buffer.alloc(limit, 'a'), Buffer.from('!')], declared);
    expect(status).toBe(413);
    expect(lastRead).toEqual({ length: null, signed: null });
  }
});

test('JSON is parsed as strict UTF-8: invalid bytes are refused rather than replaced', () => {
  expect(parseStrictJson(Buffer.from('{"title":"café"}'))).toEqual({ title: 'café' });
  expect(parseStrictJson(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toBe(NOT_JSON);
  expect(parseStrictJson(Buffer.from('{"title":'))).toBe(NOT_JSON);
  expect(parseStrictJson(Buffer.from('[1]'))).toEqual([1]);
});
