/** Assembles the schema: importing each domain file registers its types on the shared builder. */
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './meta.js';

/** The executable schema, fields sorted so that `schema.graphql` diffs stay readable. */
export const schema = lexicographicSortSchema(builder.toSchema());
