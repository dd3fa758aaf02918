/**
 * The viewer's GraphQL documents against the committed contract: every operation it sends is valid for
 * `schema.graphql` and none is a mutation, so renaming or removing a field the viewer reads fails here.
 * (Its code is checked too: `npm run lint` regenerates the viewer's types from the schema first.)
 */
import { readFileSync } from 'node:fs';
import { buildSchema, Kind, parse, validate } from 'graphql';
import { stringifyDocument } from '@urql/core';
import { describe, expect, it } from 'vitest';
import * as queries from '../../web/src/lib/queries.js';
import * as subscriptions from '../../web/src/lib/subscriptions.js';

const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
const operations = Object.entries({ ...queries, ...subscriptions });

describe("the viewer's documents", () => {
  it('are all here', () => {
    expect(operations.length).toBeGreaterThan(10);
  });

  it.each(operations)('%s is valid against schema.graphql', (_name, document) => {
    const parsed = parse(stringifyDocument(document));
    expect(validate(schema, parsed).map((error) => error.message)).toEqual([]);
    const kinds = parsed.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.operation] : []));
    expect(kinds).toHaveLength(1);
    expect(['query', 'subscription']).toContain(kinds[0]);
  });
});
