/** When each API key was last used: written at most once a minute per key, off the request's path. */
import type { PrismaClient } from '../infra/db.js';
import type { Logger } from '../infra/log.js';

/** `lastUsedAt` is written at most once per this interval per key, never on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export class KeyUse {
  private readonly written = new Map<string, number>();

  constructor(
    private readonly db: PrismaClient,
    private readonly log: Logger,
  ) {}

  touch(keyId: string, lastUsedAt: Date | null, now: number): void {
    const written = Math.max(this.written.get(keyId) ?? 0, lastUsedAt?.getTime() ?? 0);
    if (now - written < LAST_USED_RESOLUTION_MS) return;
    this.written.set(keyId, now);
    if (this.written.size > 50_000) this.written.clear();
    // Conditional, so that several instances still coalesce.
    this.db.apiKey
      .updateMany({
        where: { keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - LAST_USED_RESOLUTION_MS) } }] },
        data: { lastUsedAt: new Date(now) },
      })
      .catch((error: unknown) => this.log.warn({ err: error, keyId }, 'could not record key use'));
  }
}
