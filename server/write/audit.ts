/** The audit entries of an operation: who (from the context), what, and how it ended. */
import type { DocumentNode } from 'graphql';
import type { Context } from '../context.js';
import { REFUSAL_CODES } from '../errors.js';
import { rootFieldsOf } from '../http/root-fields.js';
import type { AuditEntry } from './audit-log.js';

/** An entry about the calling agent of `ctx` (agent, key id and address filled in). */
export function entryFor(ctx: Context, entry: Omit<AuditEntry, 'agentId' | 'keyId' | 'clientAddress'>): AuditEntry {
  return {
    agentId: ctx.viewer?.id ?? null,
    keyId: ctx.viewer?.keyId ?? null,
    clientAddress: ctx.clientAddress,
    ...entry,
  };
}

/** The entry of a root mutation field `field` that ended with `code` (null: it succeeded). */
export function mutationEntry(ctx: Context, field: string, code: string | null): AuditEntry {
  return entryFor(ctx, {
    operation: field,
    outcome: code === null ? 'ok' : REFUSAL_CODES.has(code) ? 'refused' : 'error',
    code,
    detail: { requestId: ctx.requestId, ...(ctx.operator ? { operator: true } : {}) },
  });
}

/**
 * The entries of one executed mutation and its result: one per root field, with its outcome, less the
 * successes a write already recorded in its own statement (`auditInsertSql`).
 */
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
  const entries = [...byKey].map(([key, field]) => {
    const error = errors.find((e) => e.path?.[0] === key);
    return mutationEntry(ctx, field, error ? String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : null);
  });
  return ctx.services.audit.unrecorded(ctx, entries);
}
