/**
 * GraphiQL is served by this server: a page with external scripts only, files under `/graphiql/` that
 * are content-hashed, cached and compressed, and example operations that are valid against the schema.
 * (tests/browser/graphiql.test.ts runs it in Chromium without internet.)
 */
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../schema/index.js';
import { GRAPHIQL_EXAMPLES } from '../../server/http/graphiql.js';
import { useTestServer } from '../support/server.js';
import { decoded, rawRequest } from '../support/http.js';

const t = useTestServer();
const get = (path: string, headers: Record<string, string> = {}) => rawRequest(t.server.url + path, { headers });
const page = () => get('/graphql', { accept: 'text/html', 'accept-encoding': 'gzip' });

describe('the GraphiQL page', () => {
  it('loads only files of this server, with no inline script', async () => {
    const response = await page();
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = decoded(response).toString();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    const files = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) expect(file).toMatch(/^\/graphiql\/[\w.-]+\.[0-9a-f]{16}\.\w+$/);
  });

  it('runs under the viewer policy, inline styles apart (Monaco writes its theme into <style>)', async () => {
    const csp = (await page()).headers['content-security-policy'];
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self' 'unsafe-inline';");
    expect(csp).toContain("font-src 'self';");
    expect(csp).toContain("connect-src 'self' ws: wss:;");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('revalidates the page (no-cache, 304 while unchanged)', async () => {
    const first = await page();
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await get('/graphql', {
      accept: 'text/html',
      'accept-encoding': 'gzip',
      'if-none-match': first.headers.etag!,
    });
    expect(again.status).toBe(304);
  });

  it('serves its files compressed, cached for a year, 304 on a matching ETag', async () => {
    const html = decoded(await page()).toString();
    const script = /src="(\/graphiql\/graphiql\.[^"]+\.js)"/.exec(html)![1]!;
    const plain = await get(script);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const compressed = await get(script, { 'accept-encoding': 'br, gzip' });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(compressed.body.length).toBeLessThan(plain.body.length / 3);
    expect(decoded(compressed).equals(plain.body)).toBe(true);
    const again = await get(script, { 'accept-encoding': 'br, gzip', 'if-none-match': compressed.headers.etag! });
    expect(again.status).toBe(304);
  });

  it('points Monaco at worker scripts and fonts that this server serves', async () => {
    const html = decoded(await page()).toString();
    const init = decoded(await get(/src="(\/graphiql\/init\.[^"]+)"/.exec(html)![1]!)).toString();
    const css = decoded(await get(/href="(\/graphiql\/graphiql\.[^"]+\.css)"/.exec(html)![1]!)).toString();
    expect(css).not.toContain('data:font');
    const referenced = [...`${init}${css}`.matchAll(/\/graphiql\/[\w.-]+\.[0-9a-f]{16}\.\w+/g)].map((m) => m[0]);
    expect(referenced.filter((path) => path.includes('worker'))).toHaveLength(3);
    expect(referenced.some((path) => path.includes('/font.'))).toBe(true);
    for (const path of new Set(referenced)) expect((await get(path)).status, path).toBe(200);
  });

  it('leaves GraphQL clients alone: a GET asking for JSON gets a result', async () => {
    const response = await get(`/graphql?query=${encodeURIComponent('{ apiVersion }')}`, {
      accept: 'application/json',
    });
    expect(JSON.parse(response.body.toString()).data.apiVersion).toEqual(expect.any(String));
  });

  it('404s for a file it does not have', async () => {
    expect((await get('/graphiql/graphiql.0000000000000000.js')).status).toBe(404);
  });
});

describe('the example operations', () => {
  it('are valid against the schema, the commented mutation too', () => {
    const [operations, mutation = ''] = GRAPHIQL_EXAMPLES.split(/^(?=# mutation)/m);
    const document = parse(operations + mutation.replace(/^# ?/gm, ''));
    expect(document.definitions.map((d) => ('name' in d ? d.name?.value : undefined))).toEqual([
      'Feed',
      'NewPosts',
      'Post',
    ]);
    expect(validate(schema, document)).toEqual([]);
    expect(GRAPHIQL_EXAMPLES).toContain('{ "Authorization": "Bearer moltbook_sk_..." }');
  });
});
