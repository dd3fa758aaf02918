/**
 * Hostile query shapes: each is refused with QUERY_TOO_COMPLEX before any resolver runs (no SQL is
 * sent), the message does not echo the limits, and the server keeps answering.
 */
import { getIntrospectionQuery, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { stringifyDocument } from '@urql/core';
import * as viewerQueries from '../../web/src/lib/queries.js';
import * as viewerSubscriptions from '../../web/src/lib/subscriptions.js';

import { useTestServer } from '../support/server.js';
import { createAgent } from '../support/agents.js';
import { codeOf, stillUp } from './helpers.js';

describe('hostile query shapes', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  const queryCount = () => t.server.app.queryCount();

  /** Sends `query`, expects QUERY_TOO_COMPLEX with no SQL sent, and that the server still answers. */
  async function expectRefused(query: string, variables?: Record<string, unknown>) {
    const before = queryCount();
    const result = await t.server.gql(query, variables);
    expect(codeOf(result), JSON.stringify(result.errors)).toBe('QUERY_TOO_COMPLEX');
    expect(result.data ?? null).toBeNull();
    expect(queryCount()).toBe(before);
    expect(result.errors?.[0]?.message).not.toMatch(/\d{2,}/); // no limit echoed
    expect(await stillUp(t.server.url)).toBe(true);
    return result;
  }

  it('refuses a query nested 20 levels deep, with no SQL sent', async () => {
    let inner = 'id';
    for (let i = 0; i < 10; i += 1) inner = `post { author { id } comments(first: 1) { nodes { ${inner} } } }`;
    await expectRefused(`{ comment(id: "x") { ${inner} } }`);
  });

  it('sends no SQL for a refused operation even with an API key: the key is not even looked up', async () => {
    const agent = await createAgent(t.server.gql);
    let inner = 'id';
    for (let i = 0; i < 10; i += 1) inner = `post { comments(first: 1) { nodes { ${inner} } } }`;
    const before = queryCount();
    const result = await t.server.gql(`{ comment(id: "x") { ${inner} } }`, {}, { key: agent.apiKey });
    expect(codeOf(result)).toBe('QUERY_TOO_COMPLEX');
    expect(queryCount()).toBe(before);
  });

  it('refuses depth hidden in fragments, including a fragment named __schema', async () => {
    const fragments = [
      'fragment __schema on Comment { replies(first: 1) { nodes { ...F1 } } }',
      ...Array.from(
        { length: 12 },
        (_, i) => `fragment F${i + 1} on Comment { replies(first: 1) { nodes { ...F${i + 2} } } }`,
      ),
      'fragment F13 on Comment { id }',
    ];
    await expectRefused(`{ comment(id: "x") { ...__schema } } ${fragments.join(' ')}`);
  });

  it('refuses 1000 aliases of posts(first: 100)', async () => {
    const fields = Array.from({ length: 1000 }, (_, i) => `a${i}: posts(first: 100) { nodes { id } }`).join(' ');
    await expectRefused(`{ ${fields} }`);
  });

  it('refuses 100 directives', async () => {
    const directives = Array.from({ length: 100 }, () => '@include(if: true)').join(' ');
    await expectRefused(`{ __typename ${directives} }`);
  });

  it('refuses a document of 9000 tokens while parsing (one short enough to reach the parser)', async () => {
    await expectRefused(`{ ${'a '.repeat(9000)}}`);
  });

  it('refuses a wide query within the depth limit by its cost, weighing lists by `first`', async () => {
    await expectRefused(
      '{ posts(first: 100) { nodes { comments(first: 100) { nodes { replies(first: 100) { nodes { id } } } } } } }',
    );
  });

  it('weighs `first` given by variables, per request (a cheap run does not open the door to a costly one)', async () => {
    const query = /* GraphQL */ `
      query Thread($n: Int!) {
        posts(first: $n) {
          nodes {
            comments(first: $n) {
              nodes {
                replies(first: $n) {
                  nodes {
                    id
                  }
                }
              }
            }
          }
        }
      }
    `;
    const cheap = await t.server.gql(query, { n: 2 });
    expect(cheap.errors).toBeUndefined();
    await expectRefused(query, { n: 100 });
    const cheapAgain = await t.server.gql(query, { n: 2 });
    expect(cheapAgain.errors).toBeUndefined();
  });

  it('answers posts(first: 99999999) with BAD_USER_INPUT, not a huge page or a 500', async () => {
    const result = await t.server.gql('{ posts(first: 99999999) { nodes { id } } }');
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(await stillUp(t.server.url)).toBe(true);
  });

  it('hides field suggestions ("Did you mean") from a misspelled field', async () => {
    const result = await t.server.gql('{ posts { nodes { titel } } }');
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain('titel');
    expect(JSON.stringify(result.errors)).not.toMatch(/did you mean/i);
  });

  it('hides suggestions for a misspelled enum value too', async () => {
    const result = await t.server.gql('{ posts(sort: HOTT) { nodes { id } } }');
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result.errors)).not.toMatch(/did you mean/i);
  });

  it('still serves the full introspection query (GraphiQL and agents learn the API by it)', async () => {
    const result = await t.server.gql(getIntrospectionQuery());
    expect(result.errors).toBeUndefined();
    expect(result.data.__schema.queryType.name).toBe('Query');
  });

  it('refuses 3000 tokens in a short document while parsing', async () => {
    await expectRefused(`{ ${'a '.repeat(3000)} }`);
  });

  it('refuses an operation document over the character limit before parsing', async () => {
    await expectRefused(`{ __typename } # ${'x'.repeat(30_000)}`);
  });

  it("lets every operation of the viewer through the limits, with the viewer's variables left to defaults", () => {
    const operations = Object.entries({ ...viewerQueries, ...viewerSubscriptions });
    expect(operations.length).toBeGreaterThan(5);
    for (const [name, query] of operations) {
      const { parse, validate, schema } = t.server.app.yoga.getEnveloped({ params: { variables: {} } } as never);
      const errors: readonly GraphQLError[] = validate(schema, parse(stringifyDocument(query)));
      const refusals = errors
        .filter((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX')
        .map((e) => `${name}: ${e.message}`);
      expect(refusals).toEqual([]);
    }
  });
});
