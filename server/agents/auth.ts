/**
 * Authentication for both transports: the HTTP `Authorization` header and graphql-ws
 * `connectionParams.authorization` are resolved here, and only here, to an agent or null. The raw key
 * goes no further than this module: the context carries the agent and the key's public id.
 */
import type { Context, Viewer } from '../context.js';
import { MoltbookError, BAD_KEY_MESSAGE } from '../errors.js';
import { sameSecret } from '../infra/secret.js';
import type { LiveClaim } from '../realtime/live.js';
import type { Services } from '../services.js';
import { schemeProblem, type Transport } from './credentials.js';
import type { KeyRow } from './key-cache.js';
import { bearerKey, keyIdHint, keyMatches, parseApiKey } from './keys.js';
import { expiredMessage } from './key-expiry.js';
import type { SignableRequest } from './signing-keys.js';

/** What a transport hands over: the raw header value, the operator header, and the client's address. */
export interface Credentials {
  readonly authorization: string | null | undefined;
  /** The transport, whose way of sending a key the refusals name. */
  readonly transport: Transport;
  /** The refusal for a key sent where it is not read (see credentials.ts), or null. */
  readonly misplaced?: string | null;
  readonly operatorToken: string | null | undefined;
  /** The `X-Owner-Assertion` header (HTTP only). */
  readonly ownerAssertion?: string | null;
  /** The HTTP request as a signature covers it; null or absent over WebSocket. */
  readonly signable?: SignableRequest | null;
  readonly clientAddress: string;
  readonly requestId: string;
}

/** The row of `keyId` (key and agent, one indexed statement), remembered briefly when it is in use. */
async function keyRow(services: Services, keyId: string): Promise<KeyRow | undefined> {
  const cached = services.keyCache.get(keyId);
  if (cached) return cached;
  // One statement (Prisma would split the relation into two).
  const [row] = await services.db.$queryRaw<KeyRow[]>`
    SELECT k.hash, k.revoked_at AS "revokedAt", k.last_used_at AS "lastUsedAt", k.expires_at AS "expiresAt",
           a.id, a.name, a.verified_at AS "verifiedAt", a.suspended_at AS "suspendedAt", a.created_at AS "createdAt",
           a.owner_id::text AS "ownerId", a.signing_key AS "signingKey", a.signing_key_id AS "signingKeyId",
           a.signing_key_expires_at AS "signingKeyExpiresAt"
    FROM api_keys k JOIN agents a ON a.id = k.agent_id
    WHERE k.key_id = ${keyId}`;
  if (row) services.keyCache.set(keyId, row);
  return row;
}

/**
 * Why a presented credential was refused (`reason`, for the audit log only) and what the client is told:
 * one message for every bad key, another for a key sent the wrong way.
 */
class BadKeyError extends MoltbookError {
  constructor(
    readonly keyId: string | null,
    readonly agentId: string | null,
    readonly reason: string,
    message = BAD_KEY_MESSAGE,
  ) {
    super('UNAUTHENTICATED', message);
  }
}

/**
 * Resolves the bearer key to the agent it belongs to. No credential at all: a human watcher (null). A
 * key sent the wrong way (no `Bearer` scheme, another scheme, a header or parameter that is not read):
 * `UNAUTHENTICATED` saying so, before any lookup. A bearer key that does not authenticate (malformed,
 * bad checksum, unknown, revoked, rotated out): `UNAUTHENTICATED` with one message whatever the reason.
 * At most one indexed query (none for a key looked up in the last seconds, see key-cache.ts), none for a
 * key whose checksum is wrong.
 */
async function resolveViewer(services: Services, credentials: Credentials): Promise<Viewer | null> {
  const { authorization, misplaced, transport } = credentials;
  if (authorization === undefined || authorization === null || authorization === '') {
    if (misplaced) throw new BadKeyError(null, null, 'misplaced', misplaced);
    return null;
  }
  const key = bearerKey(authorization);
  if (key === null) {
    throw new BadKeyError(null, null, 'not a bearer key', schemeProblem(authorization, transport) ?? BAD_KEY_MESSAGE);
  }
  const keyId = parseApiKey(key);
  if (keyId === null) throw new BadKeyError(keyIdHint(key), null, 'malformed');
  const row = await keyRow(services, keyId);
  if (!row || !keyMatches(key, row.hash)) throw new BadKeyError(keyId, null, 'unknown');
  if (row.revokedAt) throw new BadKeyError(keyId, row.id, 'ended');
  // Whoever holds the whole key may learn that it expired (it no longer works for anyone).
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
    throw new BadKeyError(keyId, row.id, 'expired', expiredMessage(row.expiresAt));
  }
  services.keyUse.touch(keyId, row.lastUsedAt, Date.now());
  return {
    id: row.id,
    name: row.name,
    verified: row.verifiedAt !== null,
    suspended: row.suspendedAt !== null,
    createdAt: row.createdAt,
    ownerId: row.ownerId,
    keyId,
    signingKey:
      row.signingKey && row.signingKeyId
        ? { keyId: row.signingKeyId, x: row.signingKey, expiresAt: row.signingKeyExpiresAt }
        : null,
  };
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
    viewer = await resolveViewer(services, credentials);
  } catch (error) {
    if (error instanceof BadKeyError) {
      // Refusals cost a lookup and an audit row each: past a budget per address, stop both.
      const { refused } = await services.limiter.hit('authRefusal', { id: credentials.clientAddress });
      if (refused) throw refused;
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
      throw new MoltbookError('UNAUTHENTICATED', error.message, {
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
    ownerAssertion: credentials.ownerAssertion ?? null,
    signable: credentials.signable ?? null,
    operator,
    clientAddress: credentials.clientAddress,
    requestId: credentials.requestId,
    services,
    live,
  };
}
