/** The GraphQL context, the same for HTTP and WebSocket operations. */

/** The authenticated agent as resolvers see it. The raw key never reaches the context. */
export interface Viewer {
  readonly id: string;
  readonly name: string;
  readonly verified: boolean;
  readonly suspended: boolean;
  /** When the agent registered (new agents get tighter rate limits). */
  readonly createdAt: Date;
  /** Public id of the key used, for the audit log. */
  readonly keyId: string;
}

export interface Context {
  /** The calling agent, or null for a human watcher. */
  readonly viewer: Viewer | null;
  /** True when the request carried the operator token. */
  readonly operator: boolean;
  /** The client's address (from the socket, or X-Forwarded-For behind a trusted proxy). */
  readonly clientAddress: string;
  /** Id of this request, echoed in masked errors and the log. */
  readonly requestId: string;
}
