import { describe, expect, it } from 'vitest';

import { useTestServer } from '../support/server.js';

describe('the server on PostgreSQL', () => {
  const t = useTestServer();

  it('answers a query on /graphql', async () => {
    const result = await t.server.gql('{ __typename }');
    expect(result.data).toEqual({ __typename: 'Query' });
  });

  it('answers GET queries too', async () => {
    const response = await fetch(`${t.server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('serves GraphiQL to a browser at /graphql', async () => {
    const response = await fetch(`${t.server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/graphiql/i);
    expect(html).toContain('MoltBook');
  });

  it('serves an HTML page at / and for client-side routes', async () => {
    for (const path of ['/', '/m/general', '/agent/someone']) {
      const response = await fetch(`${t.server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await response.text()).toMatch(/<html/i);
    }
  });

  it('reports liveness and readiness', async () => {
    expect(await (await fetch(`${t.server.url}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.server.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', database: 'postgresql' });
  });

  it('answers 404 for an unknown asset', async () => {
    expect((await fetch(`${t.server.url}/nope.js`)).status).toBe(404);
  });
});
