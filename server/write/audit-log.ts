/**
 * The append-only audit log (`audit_log`, protected by a trigger): every authenticated write, every
 * refused authentication, every key event and every operator action. Entries never carry a key, only
 * its public key id.
 */
import { Prisma, type PrismaClient } from '../infra/db.js';
import type { Logger } from '../infra/log.js';

export interface AuditEntry {
  agentId?: string | null;
  keyId?: string | null;
  operation: string;
  clientAddress?: string | null;
  outcome: 'ok' | 'refused' | 'error';
  code?: string | null;
  detail?: Record<string, unknown>;
}

function toRow(entry: AuditEntry): Prisma.Sql {
  const detail = entry.detail ? JSON.stringify(entry.detail) : null;
  return Prisma.sql`(${entry.agentId ?? null}::uuid, ${entry.keyId ?? null}::varchar, ${entry.operation.slice(0, 64)}::varchar,
    ${entry.clientAddress?.slice(0, 64) ?? null}::varchar, ${entry.outcome}::varchar, ${entry.code ?? null}::varchar,
    ${detail}::jsonb)`;
}

/** The columns of an entry, in the order of {@link toRow}. */
const COLUMNS = Prisma.sql`audit_log (agent_id, key_id, operation, client_address, outcome, code, detail)`;

/**
 * An `INSERT` of `entry` that writes only when `when` holds, for a write to run in its own statement (a
 * data-modifying `WITH` clause): its success is recorded in the same round trip, and atomically with it.
 * Tell the log with {@link AuditLog.recordedInStatement} once the statement succeeded.
 */
export function auditInsertSql(entry: AuditEntry, when: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`INSERT INTO ${COLUMNS} SELECT * FROM (VALUES ${toRow(entry)}) AS entry WHERE ${when}`;
}

export class AuditLog {
  /** Per operation (its context): the root fields whose success a write recorded in its own statement. */
  private readonly recorded = new WeakMap<object, Map<string, number>>();

  constructor(
    private readonly db: PrismaClient,
    private readonly log: Logger,
  ) {}

  /**
   * Appends entries (insert only, one statement however many: a mutation with several root fields writes
   * one round trip). Never throws: a failing audit write is logged, not surfaced.
   */
  async append(...entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.db.$executeRaw`
        INSERT INTO ${COLUMNS} VALUES ${Prisma.join(entries.map(toRow))}`;
    } catch (error) {
      this.log.error({ err: error, operations: entries.map((e) => e.operation) }, 'audit write failed');
    }
  }

  /** Notes that the operation of `ctx` recorded the success of its root field `operation` itself. */
  recordedInStatement(ctx: object, operation: string): void {
    let fields = this.recorded.get(ctx);
    if (!fields) this.recorded.set(ctx, (fields = new Map()));
    fields.set(operation, (fields.get(operation) ?? 0) + 1);
  }

  /** `entries` of the operation of `ctx` less the successes its writes already recorded. */
  unrecorded(ctx: object, entries: AuditEntry[]): AuditEntry[] {
    const fields = this.recorded.get(ctx);
    if (!fields) return entries;
    return entries.filter((entry) => {
      const left = entry.outcome === 'ok' ? (fields.get(entry.operation) ?? 0) : 0;
      if (left > 0) fields.set(entry.operation, left - 1);
      return left === 0;
    });
  }
}
