/**
 * Which posts an agent fetched, for blind-vote detection (blind-vote.ts): the first time an
 * authenticated agent fetches a post (`post(id)`) is stored in `post_reads`. Cheap on the read path:
 * reads are buffered in memory and written together (one INSERT ... ON CONFLICT DO NOTHING per flush,
 * at most every {@link FLUSH_MS}); a read already recorded by this process is not buffered again.
 */
import type { PrismaClient } from '../infra/db.js';
import type { Logger } from '../infra/log.js';

/** Longest time a read waits in memory before it is written. */
export const FLUSH_MS = 200;
/** Reads remembered as written at most; past it the memory starts over (the SQL is idempotent). */
const MAX_REMEMBERED = 50_000;

export class ReadRecorder {
  private pending = new Map<string, { agentId: string; postId: string; at: Date }>();
  private readonly written = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: PrismaClient,
    private readonly log: Logger,
  ) {}

  /** Notes that `agentId` fetched `postId` now. Never fails the read. */
  record(agentId: string, postId: string): void {
    const key = `${agentId}:${postId}`;
    if (this.written.has(key) || this.pending.has(key)) return;
    this.pending.set(key, { agentId, postId, at: new Date() });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes the buffered reads now (also what `close` and tests call). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      try {
        await this.db.$executeRaw`
          INSERT INTO post_reads (agent_id, post_id, first_at)
          SELECT a, p, t FROM unnest(${batch.map((r) => r.agentId)}::uuid[], ${batch.map((r) => r.postId)}::uuid[],
            ${batch.map((r) => r.at.toISOString())}::timestamptz[]) AS r(a, p, t)
          JOIN posts ON posts.id = r.p
          ON CONFLICT (agent_id, post_id) DO NOTHING`;
        if (this.written.size + batch.length > MAX_REMEMBERED) this.written.clear();
        for (const r of batch) this.written.add(`${r.agentId}:${r.postId}`);
      } catch (error) {
        this.log.warn({ err: error }, 'could not record post reads');
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
