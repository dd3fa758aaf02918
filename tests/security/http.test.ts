/**
 * Hostile HTTP: oversized, chunked, broken and mis-encoded bodies, batches, CSRF-able content types,
 * mutations over GET. Each gets a clean 4xx with a contract code, and the server keeps answering.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/db.js';
import { startServer, type TestServer } from '../support/server.js';
import { rawPost, rowCounts, stillUp } from './helpers.js';

describe('hostile HTTP requests', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: TestServer;
  let empty: Record<string, number>;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startServer({ DATABASE_URL: db.url, RATE_LIMITS: 'off' });
    empty = await rowCounts(db.url);
  });
  afterAll(async () => {
    expect(await rowCounts(db.url)).toEqual(empty); // nothing any case sent was written
    await server?.stop();
    await db?.drop();
  });

  const register = (name: string) =>
    JSON.stringify({
      query: 'mutation($n: String!) { registerAgent(input: { name: $n }) { apiKey } }',
      variables: { n: name },
    });

  /** The refusal of a body over the limit: 413, saying so and naming the limit. */
  const TOO_LARGE = {
    message: 'The request body is larger than 512 KiB, the most this server accepts.',
    extensions: { code: 'BAD_USER_INPUT' },
  };

  it('refuses a 10 MB body with 413 before parsing, saying the body is too large', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(10 * 1024 * 1024) } });
    const response = await rawPost(server.url, body);
    expect(response.status).toBe(413);
    expect(response.json.errors).toEqual([TOO_LARGE]);
    expect(await stillUp(server.url)).toBe(true);
  });

  /** POSTs `parts` as a chunked body (no Content-Length) of `contentType`; resolves with the answer. */
  const chunkedPost = (contentType: string, parts: string[]) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': contentType, 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      for (const part of parts) req.write(part);
      req.end();
    });
  const pad = Array.from({ length: 16 }, () => 'y'.repeat(64 * 1024));

  it('refuses an oversized chunked body that declares no length with 413, in the same words', async () => {
    const { status, text } = await chunkedPost('application/json', [
      '{"query":"{ __typename }","variables":{"pad":"',
      ...pad,
      '"}}',
    ]);
    expect(status).toBe(413);
    expect(JSON.parse(text).errors).toEqual([TOO_LARGE]);
    expect(await stillUp(server.url)).toBe(true);
  });

  it('caps a chunked body of any media type yoga reads (application/graphql), and reads a small one', async () => {
    const small = await chunkedPost('application/graphql', ['{ __typ', 'ename }']);
    expect(small.status).toBe(200);
    expect(JSON.parse(small.text)).toEqual({ data: { __typename: 'Query' } });
    const large = await chunkedPost('application/graphql', ['{ __typename } # ', ...pad]);
    expect(large.status).toBe(413);
    expect(JSON.parse(large.text).errors).toEqual([TOO_LARGE]);
    expect(await stillUp(server.url)).toBe(true);
  });

  it('refuses variables holding a 1M-element array (413), without parsing them', async () => {
    const body = `{"query":"{ __typename }","variables":{"a":[${'1,'.repeat(999_999)}1]}}`;
    const response = await rawPost(server.url, body);
    expect(response.status).toBe(413);
    expect(await stillUp(server.url)).toBe(true);
  });

  it('answers broken JSON with 400 and BAD_USER_INPUT', async () => {
    const response = await rawPost(server.url, '{"query": "{ __typename }"');
    expect(response.status).toBe(400);
    expect(response.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await stillUp(server.url)).toBe(true);
  });

  it('answers invalid UTF-8 with 400 rather than guessing characters', async () => {
    const body = Buffer.concat([
      Buffer.from('{"query":"mutation { registerAgent(input: { name: \\"bad_'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('\\" }) { apiKey } }"}'),
    ]);
    const response = await rawPost(server.url, body);
    expect(response.status).toBe(400);
    expect(response.json.errors[0].message).toMatch(/UTF-8/);
    expect(response.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a JSON array of 100 operations (batching is off) with 400', async () => {
    const batch = JSON.stringify(Array.from({ length: 100 }, (_, i) => JSON.parse(register(`batch_${i}`))));
    const response = await rawPost(server.url, batch);
    expect(response.status).toBe(400);
    expect(response.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a JSON body that is not an object with 400', async () => {
    for (const body of ['"{ __typename }"', '42', 'null']) {
      const response = await rawPost(server.url, body);
      expect(response.status).toBe(400);
    }
    expect(await stillUp(server.url)).toBe(true);
  });

  it('refuses text/plain, form-encoded and multipart POSTs without the CSRF header with 403', async () => {
    const cases: [string, BodyInit][] = [
      ['text/plain', register('csrf_text')],
      [
        'application/x-www-form-urlencoded',
        `query=${encodeURIComponent('mutation { registerAgent(input: { name: "csrf_form" }) { apiKey } }')}`,
      ],
      [
        'multipart/form-data; boundary=X',
        `--X\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${register('csrf_multi')}\r\n--X--\r\n`,
      ],
    ];
    for (const [type, body] of cases) {
      const response = await rawPost(server.url, body, { 'content-type': type });
      expect(response.status, type).toBe(403);
      expect(response.json.errors[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  it('refuses a mutation sent over GET with 405 and Allow: POST', async () => {
    const query = encodeURIComponent('mutation { registerAgent(input: { name: "via_get" }) { apiKey } }');
    const response = await fetch(`${server.url}/graphql?query=${query}`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toMatch(/POST/);
  });

  it('keeps GET open for queries (a browser EventSource cannot add headers)', async () => {
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ apiVersion }')}`);
    expect(response.status).toBe(200);
    expect((await response.json()).data.apiVersion).toEqual(expect.any(String));
  });

  it('answers a CORS preflight deliberately: any origin, no credentials, no operator header', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBeLessThan(300);
    expect(['*', 'https://evil.example']).toContain(response.headers.get('access-control-allow-origin'));
    expect(response.headers.get('access-control-allow-credentials')).not.toBe('true');
    const allowed = response.headers.get('access-control-allow-headers') ?? '';
    expect(allowed).toMatch(/authorization/i);
    expect(allowed).not.toMatch(/x-operator-token/i);
  });

  it('echoes a well-formed x-request-id and replaces a hostile one', async () => {
    const ok = await rawPost(server.url, JSON.stringify({ query: '{ __typename }' }), {
      'content-type': 'application/json',
      'x-request-id': 'trace-123',
    });
    expect(ok.headers.get('x-request-id')).toBe('trace-123');
    const hostile = await rawPost(server.url, JSON.stringify({ query: '{ __typename }' }), {
      'content-type': 'application/json',
      'x-request-id': 'a"}\tinjected',
    });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
