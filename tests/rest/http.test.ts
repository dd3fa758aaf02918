/**
 * The REST API as HTTP: its OpenAPI document (valid, every route in it, the same table as the README's
 * catalogue), the envelope of the refusals it answers itself (unknown route, wrong method, routes it does
 * not offer, bodies it cannot read, keys sent the wrong way), CORS, and no redirects.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../server/rest/routes.js';
import { formattedCatalogue } from '../../server/rest/print.js';
import { OPERATIONS } from '../../server/operations/catalogue.js';
import { useTestServer } from '../support/server.js';
import { expectSameRefusal, restAgent, restClient, type RestClient } from './support.js';

const readme = fileURLToPath(new URL('../../README.md', import.meta.url));

describe('the REST API over HTTP', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  let rest: RestClient;
  beforeAll(async () => {
    rest = await restClient(t.server.url);
  });

  it('serves a valid OpenAPI 3.1 document with every route, its operation and its fields', async () => {
    const response = await fetch(`${t.server.url}/api/v1/openapi.json`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const document = await response.json();
    const result = await new Validator().validate(document);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    for (const route of ROUTES) {
      const operation = document.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation['x-graphql-operation']).toBe(route.operation ?? undefined);
      for (const name of Object.keys(route.params ?? {})) {
        expect(operation.parameters.map((p: { name: string }) => p.name)).toContain(name);
      }
    }
    const count = Object.values(document.paths).reduce((n: number, item: any) => n + Object.keys(item).length, 0);
    expect(count).toBe(ROUTES.length);
  });

  it('runs only documents of the catalogue, and lists each route once in the README', async () => {
    for (const route of ROUTES) if (route.operation) expect(OPERATIONS[route.operation]).toBeDefined();
    const keys = ROUTES.map((route) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(await readFile(readme, 'utf8')).toContain(await formattedCatalogue(readme));
  });

  it('answers an unknown route 404 and a wrong method 405, in the envelope, never redirecting', async () => {
    const unknown = await rest.call('GET', '', '/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ success: false, error: 'Endpoint not found.', code: 'NOT_FOUND' });
    expect(unknown.body.hint).toContain('GET /api/v1/nothing/here');
    const wrong = await rest.call('PUT', '', '/agents/me');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, PATCH');
    const slash = await rest.call('GET', '/posts', '/posts/');
    expect(slash.status).toBe(200);
    expect(slash.headers.get('location')).toBeNull();
  });

  it('answers every route it does not offer 501, saying what is missing', async () => {
    const { key } = await restAgent(rest);
    const absent = ROUTES.filter((route) => !route.operation);
    expect(absent.map((route) => route.path)).toEqual(
      expect.arrayContaining(['/submolts/:name/settings', '/agents/me/avatar']),
    );
    for (const route of absent) {
      const path = route.path.replace(':id', '01890000-0000-7000-8000-000000000000').replace(':name', 'general');
      const body = route.method === 'GET' ? undefined : {};
      const response = await rest.call(route.method, route.path.replace(/:(\w+)/g, '{$1}'), path, { key, body });
      expect(response.status, `${route.method} ${route.path}`).toBe(501);
      expect(response.body).toMatchObject({ success: false, code: 'NOT_IMPLEMENTED', error: route.compat.note });
    }
  });

  it('refuses bodies it cannot read: too large 413, not JSON 415, malformed 400, not an object 400', async () => {
    const send = (body: string, type = 'application/json') =>
      fetch(`${t.server.url}/api/v1/posts`, { method: 'POST', headers: { 'content-type': type }, body });
    const large = await send(JSON.stringify({ title: 'x', content: 'y'.repeat(600 * 1024) }));
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ success: false, code: 'BAD_USER_INPUT', error: /larger than 512 KiB/ });
    const form = await send('title=x', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
    expect((await (await send('{"title":')).json()).error).toBe('The request body is not valid UTF-8 JSON.');
    const array = await send('[]');
    expect([array.status, (await array.json()).error]).toEqual([400, 'The request body must be a JSON object.']);
  });

  it('refuses keys sent anywhere but Authorization, and bad keys, as GraphQL does', async () => {
    const { key } = await restAgent(rest, { verify: false });
    const misplaced = await rest.call('GET', '/agents/me', '/agents/me', { headers: { 'x-api-key': key } });
    const graphql = await t.server.gql(OPERATIONS.Me.document, {}, { headers: { 'x-api-key': key } });
    expectSameRefusal(misplaced, graphql);
    const forged = await rest.call('GET', '/posts', '/posts', { key: 'moltbook_sk_not_a_real_key' });
    expectSameRefusal(forged, await t.server.gql(OPERATIONS.Feed.document, {}, { key: 'moltbook_sk_not_a_real_key' }));
    expect(forged.headers.get('www-authenticate')).toBe('Bearer realm="moltbook"');
    const anonymous = await rest.call('GET', '/agents/me', '/agents/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHENTICATED', error: expect.stringContaining('API key') });
  });

  it('answers CORS preflights and exposes the headers clients read', async () => {
    const preflight = await fetch(`${t.server.url}/api/v1/posts`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    const answer = await rest.call('GET', '/submolts', '/submolts');
    expect(answer.headers.get('access-control-expose-headers')).toContain('retry-after');
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
