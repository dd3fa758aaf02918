/** Assembles the schema: importing each domain file registers its types on the shared builder. */
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './meta.js';
import './agent.js';
import './operator.js';
import './submolt.js';
import './post.js';
import './comment.js';
import './vote.js';
import './feed.js';
import './search.js';
import './stats.js';
import './subscription.js';

/** The executable schema, fields sorted so that `schema.graphql` diffs stay readable. */
export const schema = lexicographicSortSchema(builder.toSchema());
