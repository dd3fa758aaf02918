/**
 * Where rate-limit windows are counted. A sliding window log per id: it does not allow the double bursts
 * a fixed window allows at its edges. In process (the embedded default) here; shared by every instance
 * in Redis (`redis-store.ts`). Both answer the same three questions the same way.
 */

/** A window as it stands. */
export interface WindowState {
  /** Hits counted in the window (this one included, for an allowed hit). */
  used: number;
  /** Milliseconds until the oldest counted hit leaves the window; null when none is counted. */
  nextFreeMs: number | null;
}

export interface RateDecision extends WindowState {
  allowed: boolean;
  /**
   * Takes an allowed hit back out of the window (a write that did not commit), once; does nothing for a
   * refused one, which was never counted.
   */
  release(): Promise<void>;
}

export interface RateLimitStore {
  /**
   * Counts one hit on `id` against `limit` per `windowMs` (sliding), atomically: of racing hits, at most
   * `limit` are allowed. A refused hit is not counted, so a client that waits `nextFreeMs` gets through.
   */
  hit(id: string, limit: number, windowMs: number): Promise<RateDecision>;
  /** The window of `id` without counting anything. */
  peek(id: string, windowMs: number): Promise<WindowState>;
}

/** Windows kept in this process's memory, bounded by recent activity. */
export class MemoryStore implements RateLimitStore {
  private readonly windows = new Map<string, { hits: number[]; windowMs: number }>();
  private lastSweep = 0;

  async hit(id: string, limit: number, windowMs: number): Promise<RateDecision> {
    return this.hitNow(id, limit, windowMs, Date.now());
  }

  async peek(id: string, windowMs: number): Promise<WindowState> {
    return this.peekNow(id, windowMs, Date.now());
  }

  /** The same as {@link hit}, synchronously (the Redis store's fallback while Redis is away). */
  hitNow(id: string, limit: number, windowMs: number, now: number): RateDecision {
    this.sweep(now);
    const hits = this.live(id, windowMs, now);
    this.windows.set(id, { hits, windowMs });
    const allowed = hits.length < limit;
    if (allowed) hits.push(now);
    let released = !allowed;
    const release = async () => {
      if (!released) this.remove(id, now);
      released = true;
    };
    return { allowed, release, used: hits.length, nextFreeMs: hits[0]! + windowMs - now };
  }

  /** The same as {@link peek}, synchronously. */
  peekNow(id: string, windowMs: number, now: number): WindowState {
    const hits = this.live(id, windowMs, now);
    return { used: hits.length, nextFreeMs: hits.length ? hits[0]! + windowMs - now : null };
  }

  /** The hits of `id` still inside the window, oldest first. */
  private live(id: string, windowMs: number, now: number): number[] {
    return (this.windows.get(id)?.hits ?? []).filter((at) => at > now - windowMs);
  }

  /** Removes one hit made at `at`: hits are plain times, so any of equal time is the same hit. */
  private remove(id: string, at: number): void {
    const hits = this.windows.get(id)?.hits;
    const index = hits?.indexOf(at) ?? -1;
    if (index >= 0) hits!.splice(index, 1);
  }

  /** Forgets idle windows so that the map stays bounded by recent activity. */
  private sweep(now: number): void {
    if (now - this.lastSweep <= 60_000 && this.windows.size <= 100_000) return;
    this.lastSweep = now;
    for (const [key, w] of this.windows) if ((w.hits.at(-1) ?? 0) <= now - w.windowMs) this.windows.delete(key);
  }
}
