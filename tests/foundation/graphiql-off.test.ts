import { describe, expect, it } from 'vitest';
import { getIntrospectionQuery } from 'graphql';
import { useTestServer } from '../support/server.js';

describe('GRAPHIQL=off', () => {
  const t = useTestServer({ GRAPHIQL: 'off' });

  it('hides the IDE from browsers', async () => {
    const response = await fetch(`${t.server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await response.text()).not.toMatch(/graphiql/i);
  });

  it('keeps introspection on: agents learn the API from it', async () => {
    const result = await t.server.gql(getIntrospectionQuery());
    expect(result.errors).toBeUndefined();
    expect(result.data.__schema.queryType.name).toBe('Query');
  });
});
