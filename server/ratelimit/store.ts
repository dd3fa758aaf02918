/**
 * Where rate-limit windows are counted. A sliding window log per id: it does not allow the double bursts
 * a fixed window allows at its edges. In process (the embedded default) here; shared by every instance
 * in Redis (`redis-store.ts`).
 */

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the next attempt can succeed (0 when allowed). */
  retryAfterSeconds: number;
  /** Hits left in the window after this one. */
  remaining: number;
}

export interface RateLimitStore {
  /**
   * Counts one hit on `id` against `limit` per `windowMs` (sliding). A refused hit is not counted, so a
   * client that waits `retryAfterSeconds` gets through.
   */
  hit(id: string, limit: number, windowMs: number): Promise<RateDecision>;
}

/** Windows kept in this process's memory, bounded by recent activity. */
export class MemoryStore implements RateLimitStore {
  private readonly windows = new Map<string, { hits: number[]; windowMs: number }>();
  private lastSweep = 0;

  async hit(id: string, limit: number, windowMs: number): Promise<RateDecision> {
    return this.hitNow(id, limit, windowMs, Date.now());
  }

  /** The same, synchronously (the Redis store's fallback while Redis is away). */
  hitNow(id: string, limit: number, windowMs: number, now: number): RateDecision {
    if (now - this.lastSweep > 60_000 || this.windows.size > 100_000) {
      // Forget idle windows so that the map stays bounded by recent activity.
      this.lastSweep = now;
      for (const [key, w] of this.windows) if ((w.hits.at(-1) ?? 0) <= now - w.windowMs) this.windows.delete(key);
    }
    const hits = (this.windows.get(id)?.hits ?? []).filter((at) => at > now - windowMs);
    this.windows.set(id, { hits, windowMs });
    if (hits.length < limit) {
      hits.push(now);
      return { allowed: true, retryAfterSeconds: 0, remaining: limit - hits.length };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((hits[0]! + windowMs - now) / 1000)),
      remaining: 0,
    };
  }
}
