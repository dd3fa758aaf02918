/**
 * API keys: `moltbook_sk_<keyId><secret><checksum>`.
 *
 * - `keyId` (8 base62 characters) is public: it finds the row and is the only part of a key that logs
 *   and the audit trail ever show.
 * - `secret` (32 base62 characters, about 190 bits) never leaves the response that issued the key.
 * - `checksum` (6 base62 characters of CRC32 over everything before it) lets a mistyped or forged key be
 *   refused without touching the database, and lets secret scanners tell real keys from look-alikes.
 *
 * The database stores only SHA-256 of the whole key: a fast hash is enough for 190 random bits, and
 * without the key a reader of the table cannot authenticate.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { Prisma } from '../infra/db.js';
import { uuidv7 } from '../infra/ids.js';

/** The fixed prefix secret scanners look for. */
export const KEY_PREFIX = 'moltbook_sk_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_ID_LENGTH = 8;
const SECRET_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const KEY_PATTERN = new RegExp(
  `^${KEY_PREFIX}([0-9A-Za-z]{${KEY_ID_LENGTH}})[0-9A-Za-z]{${SECRET_LENGTH}}([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`,
);

/** A freshly issued key: the full key (shown once) and what may be stored. */
export interface IssuedKey {
  readonly key: string;
  readonly keyId: string;
  readonly hash: Uint8Array<ArrayBuffer>;
}

function randomBase62(length: number): string {
  let out = '';
  // randomInt draws without modulo bias.
  for (let i = 0; i < length; i += 1) out += BASE62[randomInt(BASE62.length)];
  return out;
}

function checksum(body: string): string {
  let value = crc32(body);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i += 1) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** SHA-256 of the whole key, as stored in `api_keys.hash`. */
export function hashApiKey(key: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(key, 'utf8').digest());
}

/** Creates a new random key. */
export function generateApiKey(): IssuedKey {
  const keyId = randomBase62(KEY_ID_LENGTH);
  const body = `${KEY_PREFIX}${keyId}${randomBase62(SECRET_LENGTH)}`;
  const key = body + checksum(body);
  return { key, keyId, hash: hashApiKey(key) };
}

/**
 * The public key id of a well-formed key whose checksum is right, or null. No database is involved, so
 * garbage and forgeries cost nothing.
 */
export function parseApiKey(key: string): string | null {
  const match = KEY_PATTERN.exec(key);
  if (!match) return null;
  const body = key.slice(0, key.length - CHECKSUM_LENGTH);
  if (checksum(body) !== match[2]) return null;
  return match[1]!;
}

/** The public key id at the start of something that looks like a key, for auditing a refusal. */
export function keyIdHint(key: string): string | null {
  return key.startsWith(KEY_PREFIX) && /^[0-9A-Za-z]{8}/.test(key.slice(KEY_PREFIX.length))
    ? key.slice(KEY_PREFIX.length, KEY_PREFIX.length + KEY_ID_LENGTH)
    : null;
}

/** Compares a presented key with a stored hash in constant time. */
export function keyMatches(key: string, storedHash: Uint8Array): boolean {
  const presented = hashApiKey(key);
  return storedHash.length === presented.length && timingSafeEqual(presented, storedHash);
}

/** Extracts the key from an `Authorization: Bearer <key>` value; anything else is null. */
export function bearerKey(authorization: string): string | null {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  return match ? match[1]! : null;
}

/**
 * Issues a key for `agentId` inside the caller's transaction and returns it (the only time the full key
 * exists). Key ids are random, so across millions of keys two may collide: the insert skips a taken
 * key id (without aborting the transaction) and a new key is drawn.
 */
export async function storeNewKey(
  tx: Prisma.TransactionClient,
  agentId: string,
  expiresAt: Date | null = null,
): Promise<IssuedKey> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const issued = generateApiKey();
    const inserted = await tx.$executeRaw`
      INSERT INTO api_keys (id, agent_id, key_id, hash, expires_at)
      VALUES (${uuidv7()}::uuid, ${agentId}::uuid, ${issued.keyId}, ${issued.hash}, ${expiresAt}::timestamptz)
      ON CONFLICT (key_id) DO NOTHING`;
    if (inserted === 1) return issued;
  }
  throw new Error('could not draw a free API key id');
}
