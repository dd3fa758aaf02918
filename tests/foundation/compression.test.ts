/**
 * Compression and caching over real HTTP: the viewer's files and GraphQL results go out in the
 * encoding the client accepts, validators turn repeat visits into 304s, and live transports (SSE,
 * WebSocket) are left alone.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import WebSocket from 'ws';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../support/server.js';
import { decoded, rawRequest } from '../support/http.js';
import { createVerifiedAgent } from '../support/agents.js';
import { subscriptionsFrom } from '../realtime/support.js';
import { createPost } from '../browser/content.js';
import { distDir, ensureViewerBuilt } from '../browser/support.js';

const t = useTestServer({ RATE_LIMITS: 'off' });
const get = (path: string, headers: Record<string, string> = {}) => rawRequest(t.server.url + path, { headers });

let script: { path: string; bytes: Buffer };
let indexHtml: Buffer;

beforeAll(async () => {
  await ensureViewerBuilt();
  const name = (await readdir(join(distDir, 'assets'))).find((file) => file.endsWith('.js'))!;
  script = { path: `/assets/${name}`, bytes: await readFile(join(distDir, 'assets', name)) };
  indexHtml = await readFile(join(distDir, 'index.html'));
});

describe("the viewer's files", () => {
  it.each([
    ['br', 'gzip, deflate, br'],
    ['gzip', 'gzip, deflate'],
    ['gzip', 'br;q=0, gzip'],
    ['gzip', 'br;q=0.5, gzip'],
    ['br', '*'],
  ])('the script goes out as %s for Accept-Encoding "%s", and decodes to the file', async (encoding, accept) => {
    const response = await get(script.path, { 'accept-encoding': accept });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe(encoding);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    expect(response.body.length).toBeLessThan(script.bytes.length / 2);
    expect(decoded(response).equals(script.bytes)).toBe(true);
  });

  it.each([[undefined], ['identity'], ['gzip;q=0, br;q=0'], ['deflate']])(
    'goes out as it is for Accept-Encoding %s',
    async (accept) => {
      const response = await get(script.path, accept ? { 'accept-encoding': accept } : {});
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(response.body.equals(script.bytes)).toBe(true);
    },
  );

  it('caches hashed assets for a year, and answers a matching ETag with 304 and no body', async () => {
    const first = await get(script.path, { 'accept-encoding': 'br' });
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await get(script.path, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers.vary).toMatch(/accept-encoding/i);
    // Another encoding is another representation: its own ETag, so the old one does not match it.
    const gzip = await get(script.path, { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(gzip.status).toBe(200);
    expect(gzip.headers.etag).not.toBe(etag);
  });

  it('makes the app shell revalidate (no-cache) and answers 304 while it is unchanged, on every route', async () => {
    const shell = await get('/', { 'accept-encoding': 'gzip' });
    expect(shell.headers['cache-control']).toBe('no-cache');
    expect(decoded(shell).equals(indexHtml)).toBe(true);
    for (const path of ['/', '/index.html', '/m/general', '/post/abc?sort=new']) {
      const revalidated = await get(path, { 'accept-encoding': 'gzip', 'if-none-match': shell.headers.etag! });
      expect(revalidated.status, path).toBe(304);
      expect(revalidated.headers['content-security-policy'], path).toContain("script-src 'self'");
    }
    const stale = await get('/', { 'accept-encoding': 'gzip', 'if-none-match': '"something-else"' });
    expect(stale.status).toBe(200);
  });

  it('answers HEAD with the headers of the GET and no body', async () => {
    const full = await get(script.path, { 'accept-encoding': 'br' });
    const head = await rawRequest(t.server.url + script.path, { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(full.headers['content-length']);
    expect(head.headers.etag).toBe(full.headers.etag);
  });
});

describe('GraphQL over HTTP', () => {
  const post = (query: string, acceptEncoding?: string) =>
    rawRequest(`${t.server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(acceptEncoding && { 'accept-encoding': acceptEncoding }),
      },
      body: JSON.stringify({ query }),
    });

  it.each(['br', 'gzip'])('compresses a large result as %s when accepted; it decodes to the same JSON', async (enc) => {
    const plain = await post(getIntrospectionQuery());
    expect(plain.headers['content-encoding']).toBeUndefined();
    const compressed = await post(getIntrospectionQuery(), enc);
    expect(compressed.status).toBe(200);
    expect(compressed.headers['content-encoding']).toBe(enc);
    expect(compressed.headers.vary).toMatch(/accept-encoding/i);
    expect(compressed.body.length).toBeLessThan(plain.body.length / 4);
    expect(JSON.parse(decoded(compressed).toString())).toEqual(JSON.parse(plain.body.toString()));
  });

  it('sends a small result as it is (still marked as varying with Accept-Encoding)', async () => {
    const response = await post('{ apiVersion }', 'gzip, br');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(response.body.toString()).data.apiVersion).toEqual(expect.any(String));
  });

  it('streams SSE uncompressed: an event arrives while the stream stays open', async () => {
    const agent = await createVerifiedAgent(t.server.gql);
    const query = encodeURIComponent('subscription { postCreated { id title } }');
    const controller = new AbortController();
    const registered = await subscriptionsFrom(t.server.url);
    const response = await fetch(`${t.server.url}/graphql?query=${query}`, {
      headers: { accept: 'text/event-stream', 'accept-encoding': 'gzip, br' },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    // yoga marks the stream `none` so that proxies do not compress (and hold back) it either.
    expect(response.headers.get('content-encoding')).toBe('none');
    const reader = response.body!.getReader();
    await registered(1);
    const { id } = await createPost(t.server.gql, agent.apiKey, { submolt: 'general', title: 'Streamed at once' });
    let text = '';
    while (!text.includes(id)) {
      const { value, done } = await reader.read();
      expect(done, 'the stream ended before the event').toBe(false);
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('Streamed at once');
  });

  it('leaves the WebSocket upgrade alone (a client offering compression still subscribes)', async () => {
    const ws = new WebSocket(`${t.server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', {
      headers: { 'accept-encoding': 'gzip, br' },
      perMessageDeflate: true,
    });
    const messages: Array<{ type: string; payload?: any }> = [];
    const arrived = (type: string) =>
      new Promise<void>((resolve) => {
        const check = () => (messages.some((m) => m.type === type) ? resolve() : setTimeout(check, 10));
        check();
      });
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ type: 'connection_init' }));
    await arrived('connection_ack');
    ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ apiVersion }' } }));
    await arrived('complete');
    expect(messages.find((m) => m.type === 'next')?.payload.data.apiVersion).toEqual(expect.any(String));
    ws.close();
  });
});
