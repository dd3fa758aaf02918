/**
 * The public integrity ledger: an append-only table (`integrity_ledger`; a trigger refuses UPDATE and
 * DELETE) of each detection of coordinated or blind voting and what it changed in the ranking. Entries
 * are added by the integrity job (job.ts) with a key unique per detection, so a job run that finds the
 * same thing again adds nothing; each new entry is published on `integrity:entry` after its commit.
 */
import { Prisma, type PrismaClient } from '../infra/db.js';
import { uuidv7 } from '../infra/ids.js';
import { decodeCursor, encodeCursor } from '../content/cursor.js';
import type { Page } from '../content/lists.js';
import type { Tx } from '../write/idempotency.js';

/** What a ledger entry records. */
export type LedgerKind = 'VOTE_RING' | 'VOTES_DAMPENED';

/** A new entry, before it is stored. */
export interface NewLedgerEntry {
  /** Unique per detection (e.g. `ring:<hash of its members>`). */
  readonly key: string;
  readonly kind: LedgerKind;
  readonly postId: string | null;
  readonly summary: string;
  readonly detail: Record<string, unknown>;
}

/** An entry as the live event carries it (JSON-safe). */
export interface LedgerSnapshot {
  readonly id: string;
  readonly kind: LedgerKind;
  readonly postId: string | null;
  readonly summary: string;
  readonly detail: Record<string, unknown>;
  readonly createdAt: string;
}

/** Stores the entries not stored yet (one statement) and returns those it stored. */
export async function appendEntries(tx: Tx, entries: readonly NewLedgerEntry[]): Promise<LedgerSnapshot[]> {
  if (entries.length === 0) return [];
  const now = Date.now();
  const rows = entries.map(
    (e, i) =>
      Prisma.sql`(${uuidv7(now + i)}::uuid, ${e.key}, ${e.kind}, ${e.postId}::uuid, ${e.summary.slice(0, 500)},
        ${JSON.stringify(e.detail)}::jsonb, ${new Date(now + i)}::timestamptz)`,
  );
  return tx.$queryRaw<LedgerSnapshot[]>`
    INSERT INTO integrity_ledger (id, key, kind, post_id, summary, detail, created_at)
    VALUES ${Prisma.join(rows)}
    ON CONFLICT (key) DO NOTHING
    RETURNING id::text, kind, post_id::text AS "postId", summary, detail,
      to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`;
}

const KIND = 'l.new';

/** A page of the ledger, newest first (keyset on `(created_at, id)`, its index). */
export async function ledgerPage(db: PrismaClient, first: number, after?: string | null): Promise<Page> {
  const from = after ? decodeCursor(after, [KIND], []) : null;
  const rows = await db.$queryRaw<{ id: string; created_at: Date }[]>`
    SELECT id::text, created_at FROM integrity_ledger
    ${from ? Prisma.sql`WHERE (created_at, id) < (${from.createdAt}::timestamptz, ${from.id}::uuid)` : Prisma.empty}
    ORDER BY created_at DESC, id DESC LIMIT ${first + 1}`;
  return {
    rows: rows.slice(0, first).map((r) => ({ id: r.id, cursor: encodeCursor(KIND, [], r.created_at, r.id) })),
    hasNextPage: rows.length > first,
  };
}
