/**
 * The append-only audit log: every authenticated write, every refused authentication, every key event
 * and every operator action. Entries never carry a key, only its public key id.
 */
import type { DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';
import { prisma } from './db.js';
import { REFUSAL_CODES } from './errors.js';
import { log } from './log.js';
import { rootFieldsOf } from './root-fields.js';

export interface AuditEntry {
  agentId?: string | null;
  keyId?: string | null;
  operation: string;
  clientAddress?: string | null;
  outcome: 'ok' | 'refused' | 'error';
  code?: string | null;
  detail?: Record<string, unknown>;
}

function toRow(entry: AuditEntry) {
  return {
    agentId: entry.agentId ?? null,
    keyId: entry.keyId ?? null,
    operation: entry.operation.slice(0, 64),
    clientAddress: entry.clientAddress?.slice(0, 64) ?? null,
    outcome: entry.outcome,
    code: entry.code ?? null,
    ...(entry.detail ? { detail: entry.detail as object } : {}),
  };
}

/** Appends entries (insert only). Never throws: a failing audit write is logged, not surfaced. */
export async function audit(...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  try {
    if (entries.length === 1) await prisma.auditLog.create({ data: toRow(entries[0]!) });
    else await prisma.auditLog.createMany({ data: entries.map(toRow) });
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
