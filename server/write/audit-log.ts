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

export class AuditLog {
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
        INSERT INTO audit_log (agent_id, key_id, operation, client_address, outcome, code, detail)
        VALUES ${Prisma.join(entries.map(toRow))}`;
    } catch (error) {
      this.log.error({ err: error, operations: entries.map((e) => e.operation) }, 'audit write failed');
    }
  }
}
