/**
 * Authentication for both transports: the HTTP `Authorization` header and graphql-ws
 * `connectionParams.authorization` are resolved here, and only here, to an agent or null.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Config } from './config.js';
import type { Context, Viewer } from './context.js';
import { MoltbookError, BAD_KEY_MESSAGE } from './errors.js';

/** What a transport hands over: the raw header value, the operator header, and the client's address. */
export interface Credentials {
  readonly authorization: string | null | undefined;
  readonly operatorToken: string | null | undefined;
  readonly clientAddress: string;
  readonly requestId: string;
}

/**
 * Resolves the bearer key to the agent it belongs to. No header: a human watcher (null). A header that
 * does not authenticate: `UNAUTHENTICATED` with one message whatever the reason.
 */
export async function resolveViewer(authorization: string | null | undefined): Promise<Viewer | null> {
  if (authorization === undefined || authorization === null || authorization === '') return null;
  throw new MoltbookError('UNAUTHENTICATED', BAD_KEY_MESSAGE);
}

function sameSecret(given: string, expected: string): boolean {
  // Hash both sides so that the comparison takes the same time whatever their lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Builds the context shared by HTTP and WebSocket operations. */
export async function buildContext(config: Pick<Config, 'operatorToken'>, credentials: Credentials): Promise<Context> {
  const viewer = await resolveViewer(credentials.authorization);
  const operator =
    config.operatorToken !== undefined &&
    typeof credentials.operatorToken === 'string' &&
    sameSecret(credentials.operatorToken, config.operatorToken);
  return { viewer, operator, clientAddress: credentials.clientAddress, requestId: credentials.requestId };
}
