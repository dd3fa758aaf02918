/** `agents.last_active_at`, coalesced: written at most once a minute per agent, outside the write's transaction. */
import { prisma } from '../db.js';
import { log } from '../log.js';

/** Marks the agent active now unless it already was in the last minute. Never fails the write. */
export async function touchAgent(agentId: string): Promise<void> {
  try {
    await prisma.$executeRaw`
      UPDATE agents SET last_active_at = now()
      WHERE id = ${agentId}::uuid AND (last_active_at IS NULL OR last_active_at < now() - interval '1 minute')`;
  } catch (error) {
    log.warn({ err: error }, 'could not record agent activity');
  }
}
