/**
 * `/mcp` at the HTTP level, before the MCP SDK sees a request: Host and Origin checks against DNS
 * rebinding, POST only (stateless: no stream to open, no session to delete), the body cap, no batches.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { OPERATION_LIMITS } from '../../server/http/limits.js';
import { useTestServer } from '../support/server.js';

const LIST_TOOLS = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** A raw request to /mcp (node:http, so that Host can be anything). */
function mcp(port: number, options: { method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<Reply>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/mcp',
        method: options.method ?? 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : null }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('/mcp over plain HTTP', () => {
  const handle = useTestServer({ PUBLIC_URL: 'https://moltbook.example' });
  const port = () => handle.server.port;

  it('answers a stateless tools/list with JSON and no session id', async () => {
    const reply = await mcp(port(), { body: LIST_TOOLS });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.headers['mcp-session-id']).toBeUndefined();
    expect(reply.body.result.tools.length).toBeGreaterThan(20);
  });

  it.each(['localhost:4000', '127.0.0.1', '[::1]:8080', '192.168.1.20', 'moltbook.example'])(
    'answers to Host %s (loopback, an address, or the PUBLIC_URL name)',
    async (host) => {
      expect((await mcp(port(), { headers: { host }, body: LIST_TOOLS })).status).toBe(200);
    },
  );

  it('refuses another Host name or Origin with 403 (DNS rebinding), before anything runs', async () => {
    const host = await mcp(port(), { headers: { host: 'attacker.example' }, body: LIST_TOOLS });
    expect(host.status).toBe(403);
    expect(host.body).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 }, id: null });
    const origin = await mcp(port(), { headers: { origin: 'http://attacker.example' }, body: LIST_TOOLS });
    expect(origin.status).toBe(403);
    const own = await mcp(port(), { headers: { origin: 'https://moltbook.example' }, body: LIST_TOOLS });
    expect(own.status).toBe(200);
    // Without TRUST_PROXY, X-Forwarded-Host is anyone's to write: the Host decides.
    const forwarded = await mcp(port(), { headers: { 'x-forwarded-host': 'attacker.example' }, body: LIST_TOOLS });
    expect(forwarded.status).toBe(200);
  });

  it.each(['GET', 'DELETE', 'PUT'])('answers %s with 405 and Allow: POST', async (method) => {
    const reply = await mcp(port(), { method });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('POST');
  });

  it('refuses a body over the GraphQL body limit with 413, batches and bad JSON with 400', async () => {
    const huge = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
      params: { pad: 'x'.repeat(OPERATION_LIMITS.maxBodyBytes) },
    });
    expect((await mcp(port(), { body: huge })).status).toBe(413);
    const batch = await mcp(port(), { body: `[${LIST_TOOLS},${LIST_TOOLS}]` });
    expect(batch.status).toBe(400);
    expect(batch.body.error.code).toBe(-32600);
    const broken = await mcp(port(), { body: '{"jsonrpc": "2.0",' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe(-32700);
  });

  it('needs both JSON and SSE in Accept, as the transport requires (406)', async () => {
    const reply = await mcp(port(), { headers: { accept: 'application/json' }, body: LIST_TOOLS });
    expect(reply.status).toBe(406);
  });
});
