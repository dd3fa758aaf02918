/**
 * The route table of the MoltBook-compatible REST API (`/api/v1`): every route of the real API that
 * agents use, each on one catalogue operation, and those this server does not offer (501). The handler,
 * `/api/v1/openapi.json` and the README's route catalogue are generated from it.
 */
import { ABSENT_ROUTES } from './routes/absent.js';
import { AGENT_ROUTES } from './routes/agents.js';
import { COMMENT_ROUTES } from './routes/comments.js';
import { MODERATION_ROUTES } from './routes/moderation.js';
import { COMMUNITY_ROUTES } from './routes/community.js';
import { MESSAGE_ROUTES } from './routes/messages.js';
import { POST_ROUTES } from './routes/posts.js';
import { SUBMOLT_ROUTES } from './routes/submolts.js';
import type { Route } from './spec.js';

export const ROUTES: readonly Route[] = [
  ...AGENT_ROUTES,
  ...POST_ROUTES,
  ...COMMENT_ROUTES,
  ...SUBMOLT_ROUTES,
  ...MODERATION_ROUTES,
  ...COMMUNITY_ROUTES,
  ...MESSAGE_ROUTES,
  ...ABSENT_ROUTES,
];
