/** The GraphQL context, the same for HTTP and WebSocket operations, and what transports hand to yoga. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { YogaServerInstance } from 'graphql-yoga';
import type { SignableRequest, ViewerSigningKey } from './agents/signing-keys.js';
import type { LiveClaim } from './realtime/live.js';
import type { Services } from './services.js';

/** The authenticated agent as resolvers see it. The raw key never reaches the context. */
export interface Viewer {
  readonly id: string;
  readonly name: string;
  readonly verified: boolean;
  readonly suspended: boolean;
  /** When the agent registered (new agents get tighter rate limits). */
  readonly createdAt: Date;
  /** The agent's owner (see server/agents/owners.ts); null: the agent is its own owner. */
  readonly ownerId: string | null;
  /** Public id of the key used, for the audit log. */
  readonly keyId: string;
  /** The agent's signing key: its mutations must be signed with it (server/agents/signing-keys.ts). */
  readonly signingKey: ViewerSigningKey | null;
}

export interface Context {
  /** The calling agent, or null for a human watcher. */
  readonly viewer: Viewer | null;
  /** The raw `X-Owner-Assertion` of an HTTP request (verified on use: server/agents/owner-assertion.ts). */
  readonly ownerAssertion: string | null;
  /** The HTTP request as a signature covers it (the outer one for REST and MCP); null over WebSocket. */
  readonly signable: SignableRequest | null;
  /** True when the request carried the operator token. */
  readonly operator: boolean;
  /** The client's address (from the socket, or X-Forwarded-For behind a trusted proxy). */
  readonly clientAddress: string;
  /** Id of this request, echoed in masked errors and the log. */
  readonly requestId: string;
  /**
   * What the app built once and shares with every operation: the database, pub/sub, rate limiter, audit
   * log, logger and metrics (see services.ts). Two apps in one process each pass their own.
   */
  readonly services: Services;
  /**
   * Set by a transport that runs live subscription fields itself, sharing one execution among alike
   * subscribers (the WebSocket fan-out); null on HTTP and SSE, where each subscriber has its own stream.
   */
  readonly live: LiveClaim | null;
}

/** What the transports hand to yoga with each request: the Node request and, over WebSocket, a live claim. */
export interface ServerContext {
  req: IncomingMessage;
  res: ServerResponse;
  live?: LiveClaim;
}

/** The yoga instance of an app, with the server context its transports provide. */
export type Yoga = YogaServerInstance<ServerContext, Context>;
