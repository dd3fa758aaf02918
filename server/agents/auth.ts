/**
 * Authentication for both transports: the HTTP `Authorization` header and graphql-ws
 * `connectionParams.authorization` are resolved here, and only here, to an agent or null. The raw key
 * goes no further than this module: the context carries the agent and the key's public id.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { Context, Viewer } from '../context.js';
import { MoltbookError, BAD_KEY_MESSAGE, rateLimited } from '../errors.js';
import { prisma } from '../infra/db.js';
import { consume } from '../ratelimit/limiter.js';
import { audit } from '../write/audit.js';
import { log } from '../infra/log.js';
import { bearerKey, keyIdHint, keyMatches, parseApiKey } from './keys.js';
import { configureAttestation } from './attestation.js';

/** Refused authentications audited per client address and minute; past it, RATE_LIMITED and no row. */
export const REFUSALS_PER_MINUTE = 60;

/** What a transport hands over: the raw header value, the operator header, and the client's address. */
export interface Credentials {
  readonly authorization: string | null | undefined;
  readonly operatorToken: string | null | undefined;
  readonly clientAddress: string;
  readonly requestId: string;
}

/** `lastUsedAt` is written at most once per this interval per key, never on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

interface KeyRow {
  hash: Uint8Array;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  id: string;
  name: string;
  verifiedAt: Date | null;
  suspendedAt: Date | null;
  createdAt: Date;
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

function touchLastUsed(keyId: string, lastUsedAt: Date | null, now: number): void {
  const written = Math.max(lastUsedWritten.get(keyId) ?? 0, lastUsedAt?.getTime() ?? 0);
  if (now - written < LAST_USED_RESOLUTION_MS) return;
  lastUsedWritten.set(keyId, now);
  if (lastUsedWritten.size > 50_000) lastUsedWritten.clear();
  // Conditional, so that several instances still coalesce; off the request's path.
  prisma.apiKey
    .updateMany({
      where: { keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: new Date(now) },
    })
    .catch((error: unknown) => log.warn({ err: error, keyId }, 'could not record key use'));
}

/**
 * Resolves the bearer key to the agent it belongs to. No header: a human watcher (null). A header that
 * does not authenticate (not `Bearer`, malformed, bad checksum, unknown, revoked, rotated out):
 * `UNAUTHENTICATED` with one message whatever the reason. At most one indexed query, none for a key
 * whose checksum is wrong.
 */
export async function resolveViewer(authorization: string | null | undefined): Promise<Viewer | null> {
  if (authorization === undefined || authorization === null || authorization === '') return null;
  const key = bearerKey(authorization);
  if (key === null) throw new BadKeyError(null, null, 'not a bearer key');
  const keyId = parseApiKey(key);
  if (keyId === null) throw new BadKeyError(keyIdHint(key), null, 'malformed');
  // One indexed statement (Prisma would split the relation into two).
  const [row] = await prisma.$queryRaw<KeyRow[]>`
    SELECT k.hash, k.revoked_at AS "revokedAt", k.last_used_at AS "lastUsedAt", a.id, a.name,
           a.verified_at AS "verifiedAt", a.suspended_at AS "suspendedAt", a.created_at AS "createdAt"
    FROM api_keys k JOIN agents a ON a.id = k.agent_id
    WHERE k.key_id = ${keyId}`;
  if (!row || !keyMatches(key, row.hash)) throw new BadKeyError(keyId, null, 'unknown');
  if (row.revokedAt) throw new BadKeyError(keyId, row.id, 'ended');
  touchLastUsed(keyId, row.lastUsedAt, Date.now());
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

let configured: Pick<Config, 'trustedAgentIssuers'> | null = null;

/** Applies the configuration this layer needs (trusted attestation issuers). Idempotent. */
export function configureAuth(config: Pick<Config, 'trustedAgentIssuers'>): void {
  if (configured === config) return;
  configured = config;
  configureAttestation(config.trustedAgentIssuers);
}

/**
 * Builds the context shared by HTTP and WebSocket operations. A key that does not authenticate throws
 * `UNAUTHENTICATED` (audited with the key's public id only).
 */
export async function buildContext(
  config: Pick<Config, 'operatorToken' | 'trustedAgentIssuers'>,
  credentials: Credentials,
): Promise<Context> {
  configureAuth(config);
  let viewer: Viewer | null;
  try {
    viewer = await resolveViewer(credentials.authorization);
  } catch (error) {
    if (error instanceof BadKeyError) {
      // Refusals cost a lookup and an audit row each: past a budget per address, stop both.
      const budget = await consume('auth-refusals', credentials.clientAddress, REFUSALS_PER_MINUTE, 60);
      if (!budget.allowed) {
        throw rateLimited('Too many requests with invalid API keys from this address.', budget.retryAfterSeconds);
      }
      await audit({
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
    await audit({
      agentId: viewer?.id,
      keyId: viewer?.keyId,
      operation: 'operator.authenticate',
      clientAddress: credentials.clientAddress,
      outcome: 'refused',
      code: 'FORBIDDEN',
    });
  }
  return { viewer, operator, clientAddress: credentials.clientAddress, requestId: credentials.requestId };
}
