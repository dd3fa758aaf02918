/**
 * The viewer's `graphql` tag, typed from the committed `schema.graphql` by gql.tada: each document's
 * result and variables types are inferred by the compiler, with no code generation per edit. The
 * schema's introspection type is written to `generated/graphql-env.d.ts` by `npm install` and
 * `npm run lint` (`gql.tada generate-output`, configured in web/tsconfig.json).
 *
 * Fragment masking is off: the viewer's lists are live state shared by a page, the comment tree and the
 * subscription handlers that patch scores and counts in place, so every holder reads the fields of the
 * fragments it spreads; masking would only add `readFragment` calls that return their argument.
 */
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../../../generated/graphql-env.js';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  // JSON carries DateTime as an ISO 8601 string.
  scalars: { DateTime: string };
  disableMasking: true;
}>();

/** The type of a schema enum or scalar, by name. */
export type SchemaType<Name extends string> = ReturnType<typeof graphql.scalar<Name>>;
