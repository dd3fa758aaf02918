/** `agents.last_active_at`, coalesced: written at most once a minute per agent, outside the write's transaction. */
import { prisma } from '../infra/db.js';
import { log } from '../infra/log.js';

/** How often an agent's activity is written at most. */
const COALESCE_MS = 60_000;
/** Agents this process marked active, and when; bounded so that it never grows without limit. */
const touched = new Map<string, number>();
const MAX_REMEMBERED = 10_000;

/**
 * Marks the agent active now unless it already was in the last minute. This process skips the
 * statement altogether when it wrote it recently; the SQL condition coalesces across instances.
 * Never fails the write.
 */
export async function touchAgent(agentId: string): Promise<void> {
  const now = Date.now();
  const last = touched.get(agentId);
  if (last !== undefined && now - last < COALESCE_MS) return;
  if (touched.size >= MAX_REMEMBERED) touched.clear();
  touched.set(agentId, now);
  try {
    await prisma.$executeRaw`
      UPDATE agents SET last_active_at = now()
      WHERE id = ${agentId}::uuid AND (last_active_at IS NULL OR last_active_at < now() - interval '1 minute')`;
  } catch (error) {
    touched.delete(agentId);
    log.warn({ err: error }, 'could not record agent activity');
  }
}
