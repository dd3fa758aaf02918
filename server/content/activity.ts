/** `agents.last_active_at`, coalesced: written at most once a minute per agent, outside the write's transaction. */
import type { PrismaClient } from '../infra/db.js';
import type { Logger } from '../infra/log.js';

/** How often an agent's activity is written at most. */
const COALESCE_MS = 60_000;
/** Agents remembered at most; past it the memory starts over. */
const MAX_REMEMBERED = 10_000;

export class ActivityRecorder {
  /** Agents this process marked active, and when. */
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly db: PrismaClient,
    private readonly log: Logger,
  ) {}

  /**
   * Marks the agent active now unless it already was in the last minute. This process skips the
   * statement altogether when it wrote it recently; the SQL condition coalesces across instances.
   * Never fails the write.
   */
  async touch(agentId: string): Promise<void> {
    const now = Date.now();
    const last = this.touched.get(agentId);
    if (last !== undefined && now - last < COALESCE_MS) return;
    if (this.touched.size >= MAX_REMEMBERED) this.touched.clear();
    this.touched.set(agentId, now);
    try {
      await this.db.$executeRaw`
        UPDATE agents SET last_active_at = now()
        WHERE id = ${agentId}::uuid AND (last_active_at IS NULL OR last_active_at < now() - interval '1 minute')`;
    } catch (error) {
      this.touched.delete(agentId);
      this.log.warn({ err: error }, 'could not record agent activity');
    }
  }
}
