/**
 * Assembles the schema. Importing a domain file registers its types, queries, mutations and
 * subscriptions on the shared builder; every domain file is listed here, in dependency order.
 */
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import { syncNodeIds } from './node-ids.js';
import './scalars.js';
import './meta.js';
import './agent.js';
import './agent-registration.js';
import './agent-verification.js';
import './agent-keys.js';
import './agent-cadence.js';
import './operator.js';
import './owner.js';
import './owner-actions.js';
import './signing-keys.js';
import './follow.js';
import './submolt.js';
import './post.js';
import './post-counts.js';
import './comment.js';
import './vote.js';
import './feed.js';
import './search.js';
import './stats.js';
import './rate-limit.js';
import './moderation.js';
import './moderation-actions.js';
import './integrity.js';
import './notification.js';
import './home.js';
import './report.js';
import './message.js';
import './conversation-request.js';

/** The executable schema, fields sorted so that `schema.graphql` diffs stay readable. */
export const schema = syncNodeIds(lexicographicSortSchema(builder.toSchema()));
