/**
 * Idempotent writes. A write with an `idempotencyKey` first inserts `(agent, key, request hash)` into
 * `idempotency_records` inside the same transaction as the write itself. The primary key serializes
 * concurrent retries: the second insert waits for the first transaction, then either finds the record
 * (and replays its result) or, if the first rolled back, proceeds as the first. So:
 *
 * - the same key and the same input return the first result and write nothing new;
 * - the same key with a different input (or another operation) is `CONFLICT`;
 * - a failed write leaves no record, so it can be retried with the same key;
 * - a key is remembered for {@link IDEMPOTENCY_WINDOW_HOURS} hours (as Stripe does); the caller's expired
 *   records are dropped by its next keyed write;
 * - a write with a rate-limit rule (`options.limit`) counts against it when it commits, and a replay
 *   counts nothing.
 */
import { createHash } from 'node:crypto';
import type { Context } from '../context.js';
import { badInput, conflict, unauthenticated } from '../errors.js';
import type { Prisma } from '../infra/db.js';
import type { RuleName } from '../ratelimit/rules.js';

/** A transaction client, as `prisma.$transaction(async (tx) => ...)` passes it. */
export type Tx = Prisma.TransactionClient;

/** Transaction options for content writes: waits long enough for a busy pool under a vote storm. */
export const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 } as const;

/** How long a key is remembered. */
export const IDEMPOTENCY_WINDOW_HOURS = 24;

/** The longest idempotency key accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** Checks an idempotency key: 1-200 printable ASCII characters. */
export function checkIdempotencyKey(key: string | null | undefined): string | undefined {
  if (key === null || key === undefined) return undefined;
  if (!/^[\x21-\x7e]+$/.test(key) || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw badInput(
      `The idempotencyKey must be 1-${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters.`,
      'idempotencyKey',
    );
  }
  return key;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value ?? null;
}

/** SHA-256 of the operation name and its input in canonical form (keys sorted, undefined dropped). */
export function requestHash(operation: string, input: Record<string, unknown>): Buffer {
  const { idempotencyKey: _key, ...rest } = input;
  return createHash('sha256')
    .update(JSON.stringify([operation, canonical(rest)]))
    .digest();
}

export interface WriteOutcome {
  /** The id of the entity the write produced or changed (the first call's, on a replay). */
  id: string;
  /** True when this call replayed an earlier one and wrote nothing. */
  replayed: boolean;
}

export interface WriteOptions {
  /**
   * `write` sends exactly one SQL statement, which PostgreSQL runs atomically on its own. Without a key
   * (and without a `limit`) it then runs outside an explicit transaction, saving the BEGIN and COMMIT
   * round trips; with a key it still joins the record's transaction.
   */
  singleStatement?: boolean;
  /**
   * The rate-limit rule this write counts against, for the calling agent: only a write that commits
   * counts (see `RateLimiter.spendOnCommit`, and {@link reservedWrite} for one statement without a key);
   * a replay counts nothing.
   */
  limit?: RuleName;
}

/**
 * Runs `write` for the calling agent of `ctx` in a transaction, made idempotent by `input.idempotencyKey`
 * when one is given. `write` returns the id of the entity to answer with.
 */
export async function idempotentWrite(
  ctx: Context,
  operation: string,
  input: Record<string, unknown> & { idempotencyKey?: string | null },
  write: (tx: Tx) => Promise<string>,
  options: WriteOptions = {},
): Promise<WriteOutcome> {
  const viewer = ctx.viewer;
  if (!viewer) throw unauthenticated();
  const { limit, singleStatement = false } = options;
  if (!limit) return recordedWrite(ctx, viewer.id, operation, input, write, singleStatement);
  if (singleStatement && !input.idempotencyKey) return reservedWrite(ctx, limit, write);
  // Counted last, inside the write's transaction: a write refused for its input never gets this far.
  return ctx.services.limiter.spendOnCommit(limit, viewer, (spend) =>
    recordedWrite(
      ctx,
      viewer.id,
      operation,
      input,
      async (tx) => {
        const id = await write(tx);
        await spend();
        return id;
      },
      false,
    ),
  );
}

/**
 * A limited write of one statement, without a key, in that one statement: the slot is reserved first
 * (atomically, so racing writes cannot both pass) and given back when the statement fails. A write the
 * limit refuses is tried in a transaction that is rolled back, so that a write refused for another
 * reason too (an unknown submolt) says so rather than `RATE_LIMITED`, as every limited write does.
 */
async function reservedWrite(ctx: Context, limit: RuleName, write: (tx: Tx) => Promise<string>): Promise<WriteOutcome> {
  const { limiter, db } = ctx.services;
  const hit = await limiter.hitWithOwner(limit, ctx.viewer!);
  const refused = hit.refused;
  if (refused) {
    await db.$transaction(async (tx) => {
      await write(tx);
      throw refused;
    }, TX_OPTIONS);
  }
  try {
    return { id: await write(db), replayed: false };
  } catch (error) {
    await hit.release();
    throw error;
  }
}

/** {@link idempotentWrite} once the rate limit is taken care of. */
async function recordedWrite(
  ctx: Context,
  agentId: string,
  operation: string,
  input: Record<string, unknown> & { idempotencyKey?: string | null },
  write: (tx: Tx) => Promise<string>,
  singleStatement: boolean,
): Promise<WriteOutcome> {
  const { db } = ctx.services;
  const key = input.idempotencyKey ?? null;
  if (key === null) {
    const id = singleStatement ? await write(db) : await db.$transaction(write, TX_OPTIONS);
    return { id, replayed: false };
  }
  const hash = requestHash(operation, input);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`
      DELETE FROM idempotency_records
      WHERE agent_id = ${agentId}::uuid AND created_at < now() - make_interval(hours => ${IDEMPOTENCY_WINDOW_HOURS})`;
    const inserted = await tx.$executeRaw`
      INSERT INTO idempotency_records (agent_id, key, operation, request_hash)
      VALUES (${agentId}::uuid, ${key}, ${operation}, ${hash})
      ON CONFLICT (agent_id, key) DO NOTHING`;
    if (inserted === 0) {
      const previous = await tx.idempotencyRecord.findUniqueOrThrow({ where: { agentId_key: { agentId, key } } });
      if (previous.operation !== operation || !Buffer.from(previous.requestHash).equals(hash)) {
        throw conflict(`The idempotency key "${key}" was already used for a different request.`);
      }
      if (!previous.resultId) throw conflict(`The request with idempotency key "${key}" is still running.`);
      return { id: previous.resultId, replayed: true };
    }
    const id = await write(tx);
    await tx.idempotencyRecord.update({
      where: { agentId_key: { agentId, key } },
      data: { resultId: id, completedAt: new Date() },
    });
    return { id, replayed: false };
  }, TX_OPTIONS);
}
