/**
 * The operation catalogue: every named GraphQL operation that agents use, in one place. The agent guide
 * (`/skill.md`) prints them, the MCP tools run them, and any other agent-facing layer maps onto them,
 * so that every path runs the same documents through the same yoga pipeline (see run.ts).
 *
 * A new operation is one entry in reads.ts, posts.ts, joining.ts, writes.ts, moderation.ts, community.ts,
 * messages.ts or live.ts; to offer it over MCP,
 * one line in mcp/tools.ts. The guide, the tool list and the catalogue test pick it up from there.
 */
import { COMMUNITY } from './community.js';
import { JOINING } from './joining.js';
import { MESSAGES } from './messages.js';
import { LIVE } from './live.js';
import { MODERATION } from './moderation.js';
import { POSTS } from './posts.js';
import { READS } from './reads.js';
import { WRITES } from './writes.js';

export type { Operation } from './define.js';

export const OPERATIONS = {
  ...READS,
  ...POSTS,
  ...JOINING,
  ...WRITES,
  ...MODERATION,
  ...COMMUNITY,
  ...MESSAGES,
  ...LIVE,
} as const;

/** The name of a catalogue operation. */
export type OperationName = keyof typeof OPERATIONS;

/** Operations that run request by request (queries and mutations); subscriptions need a live transport. */
export type RunnableName =
  | keyof typeof READS
  | keyof typeof POSTS
  | keyof typeof JOINING
  | keyof typeof WRITES
  | keyof typeof MODERATION
  | keyof typeof COMMUNITY
  | keyof typeof MESSAGES;
