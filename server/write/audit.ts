/**
 * The append-only audit log (`audit_log`, protected by a trigger): every authenticated write, every
 * refused authentication, every key event and every operator action. Entries never carry a key, only
 * its public key id.
 */
import type { DocumentNode } from 'graphql';
import type { Context } from '../context.js';
import { Prisma, type PrismaClient } from '../infra/db.js';
import type { Logger } from '../infra/log.js';
import { REFUSAL_CODES } from '../errors.js';
import { rootFieldsOf } from '../http/root-fields.js';

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

/** An entry about the calling agent of `ctx` (agent, key id and address filled in). */
export function entryFor(ctx: Context, entry: Omit<AuditEntry, 'agentId' | 'keyId' | 'clientAddress'>): AuditEntry {
  return {
    agentId: ctx.viewer?.id ?? null,
    keyId: ctx.viewer?.keyId ?? null,
    clientAddress: ctx.clientAddress,
    ...entry,
  };
}

/** The audit entries for one executed mutation and its result: one per root field, with its outcome. */
export function mutationEntries(
  document: DocumentNode,
  operationName: string | null | undefined,
  ctx: Context,
  errors: readonly { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[],
): AuditEntry[] {
  const { operation, fields } = rootFieldsOf(document, operationName);
  if (operation?.operation !== 'mutation') return [];
  const byKey = new Map<string, string>();
  for (const field of fields) byKey.set(field.alias?.value ?? field.name.value, field.name.value);
  return [...byKey].map(([key, field]) => {
    const error = errors.find((e) => e.path?.[0] === key);
    const code = error ? String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : null;
    return entryFor(ctx, {
      operation: field,
      outcome: code === null ? 'ok' : REFUSAL_CODES.has(code) ? 'refused' : 'error',
      code,
      detail: { requestId: ctx.requestId, ...(ctx.operator ? { operator: true } : {}) },
    });
  });
}
