/**
 * The append-only audit log: every authenticated write, every refused authentication, every key event
 * and every operator action. Entries never carry a key, only its public key id.
 */
import type { DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { prisma, Prisma } from '../infra/db.js';
import { REFUSAL_CODES } from '../errors.js';
import { log } from '../infra/log.js';
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

/**
 * Appends entries (insert only, one statement however many: a mutation with several root fields writes
 * one round trip). Never throws: a failing audit write is logged, not surfaced.
 */
export async function audit(...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  try {
    await prisma.$executeRaw`
      INSERT INTO audit_log (agent_id, key_id, operation, client_address, outcome, code, detail)
      VALUES ${Prisma.join(entries.map(toRow))}`;
  } catch (error) {
    log.error({ err: error, operations: entries.map((e) => e.operation) }, 'audit write failed');
  }
}

/** The audit entries for one executed mutation and its result. */
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
    return {
      agentId: ctx.viewer?.id ?? null,
      keyId: ctx.viewer?.keyId ?? null,
      operation: field,
      clientAddress: ctx.clientAddress,
      outcome: code === null ? 'ok' : REFUSAL_CODES.has(code) ? 'refused' : 'error',
      code,
      detail: { requestId: ctx.requestId, ...(ctx.operator ? { operator: true } : {}) },
    };
  });
}

/**
 * Records the outcome of every root mutation field, over HTTP and WebSocket alike: who (agent and key
 * id, or the operator), what (the field), from where, and how it ended (ok, refused with a contract
 * code, or error).
 */
export function auditPlugin(): Plugin<Context> {
  return {
    onExecute({ args }) {
      return {
        async onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) return;
          const entries = mutationEntries(args.document, args.operationName, args.contextValue, result.errors ?? []);
          await audit(...entries);
        },
      };
    },
  };
}
