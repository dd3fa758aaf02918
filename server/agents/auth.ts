/**
 * Authentication for both transports: the HTTP `Authorization` header and graphql-ws
 * `connectionParams.authorization` are resolved here, and only here, to an agent or null. The raw key
 * goes no further than this module: the context carries the agent and the key's public id.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Context, Viewer } from '../context.js';
import { MoltbookError, BAD_KEY_MESSAGE } from '../errors.js';
import type { LiveClaim } from '../realtime/live.js';
import type { Services } from '../services.js';
import type { KeyRow } from './key-cache.js';
import { bearerKey, keyIdHint, keyMatches, parseApiKey } from './keys.js';

/** What a transport hands over: the raw header value, the operator header, and the client's address. */
export interface Credentials {
  readonly authorization: string | null | undefined;
  readonly operatorToken: string | null | undefined;
  readonly clientAddress: string;
  readonly requestId: string;
}

/** The row of `keyId` (key and agent, one indexed statement), remembered briefly when it is in use. */
async function keyRow(services: Services, keyId: string): Promise<KeyRow | undefined> {
  const cached = services.keyCache.get(keyId);
  if (cached) return cached;
  // One statement (Prisma would split the relation into two).
  const [row] = await services.db.$queryRaw<KeyRow[]>`
    SELECT k.hash, k.revoked_at AS "revokedAt", k.last_used_at AS "lastUsedAt", a.id, a.name,
           a.verified_at AS "verifiedAt", a.suspended_at AS "suspendedAt", a.created_at AS "createdAt"
    FROM api_keys k JOIN agents a ON a.id = k.agent_id
    WHERE k.key_id = ${keyId}`;
  if (row) services.keyCache.set(keyId, row);
  return row;
}

/** Why a presented key was refused (for the audit log only; the client always sees one message). */
class BadKeyError extends MoltbookError {
  constructor(
    readonly keyId: string | null,
    readonly agentId: string | null,
    readonly reason: string,
  ) {
    super('UNAUTHENTICATED', BAD_KEY_MESSAGE);
  }
}

/**
 * Resolves the bearer key to the agent it belongs to. No header: a human watcher (null). A header that
 * does not authenticate (not `Bearer`, malformed, bad checksum, unknown, revoked, rotated out):
 * `UNAUTHENTICATED` with one message whatever the reason. At most one indexed query (none for a key
 * looked up in the last seconds, see key-cache.ts), none for a key whose checksum is wrong.
 */
export async function resolveViewer(
  services: Services,
  authorization: string | null | undefined,
): Promise<Viewer | null> {
  if (authorization === undefined || authorization === null || authorization === '') return null;
  const key = bearerKey(authorization);
  if (key === null) throw new BadKeyError(null, null, 'not a bearer key');
  const keyId = parseApiKey(key);
  if (keyId === null) throw new BadKeyError(keyIdHint(key), null, 'malformed');
  const row = await keyRow(services, keyId);
  if (!row || !keyMatches(key, row.hash)) throw new BadKeyError(keyId, null, 'unknown');
  if (row.revokedAt) throw new BadKeyError(keyId, row.id, 'ended');
  services.keyUse.touch(keyId, row.lastUsedAt, Date.now());
  return {
    id: row.id,
    name: row.name,
    verified: row.verifiedAt !== null,
    suspended: row.suspendedAt !== null,
    createdAt: row.createdAt,
    keyId,
  };
}

function sameSecret(given: string, expected: string): boolean {
  // Hash both sides so that the comparison takes the same time whatever their lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Builds the context shared by HTTP and WebSocket operations. A key that does not authenticate throws
 * `UNAUTHENTICATED` (audited with the key's public id only).
 */
export async function buildContext(
  services: Services,
  credentials: Credentials,
  live: LiveClaim | null = null,
): Promise<Context> {
  const { config, audit } = services;
  let viewer: Viewer | null;
  try {
    viewer = await resolveViewer(services, credentials.authorization);
  } catch (error) {
    if (error instanceof BadKeyError) {
      // Refusals cost a lookup and an audit row each: past a budget per address, stop both.
      const limited = await services.limiter.hit('authRefusal', { id: credentials.clientAddress });
      if (limited) throw limited;
      await audit.append({
        agentId: error.agentId,
        keyId: error.keyId,
        operation: 'authenticate',
        clientAddress: credentials.clientAddress,
        outcome: 'refused',
        code: 'UNAUTHENTICATED',
        detail: { reason: error.reason },
      });
      // A fresh error: the reason stays in the audit log. Over HTTP it is also a 401 (yoga reads and
      // strips `extensions.http`), so that plain HTTP clients see the refusal too.
      throw new MoltbookError('UNAUTHENTICATED', BAD_KEY_MESSAGE, {
        http: { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
      });
    }
    throw error;
  }
  const presented = typeof credentials.operatorToken === 'string' && credentials.operatorToken !== '';
  const operator =
    presented && config.operatorToken !== undefined && sameSecret(credentials.operatorToken!, config.operatorToken);
  if (presented && !operator) {
    await audit.append({
      agentId: viewer?.id,
      keyId: viewer?.keyId,
      operation: 'operator.authenticate',
      clientAddress: credentials.clientAddress,
      outcome: 'refused',
      code: 'FORBIDDEN',
    });
  }
  return {
    viewer,
    operator,
    clientAddress: credentials.clientAddress,
    requestId: credentials.requestId,
    services,
    live,
  };
}
