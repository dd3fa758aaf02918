/**
 * Coalescing of frequent changes to the same thing (a post's counts under a storm of votes): entries
 * are merged per key, the newest version winning, and handed on as one batch at most once per window.
 * The first entry after a quiet window goes out at once, so a lone change is not delayed; the entries
 * that follow within the window wait for its end. Versions already handed on are remembered for a
 * while, so an entry that arrives late (another instance published it a moment later) never replaces a
 * newer one.
 */

/** How a coalesced topic tells its entries apart and orders them. */
export interface CoalesceRule<E> {
  /** What the entry is about (a post id): one entry per key per batch. */
  key(entry: E): string;
  /** Orders the entries of one key: the higher wins. */
  version(entry: E): number;
}

/** How long a version handed on is remembered (two generations of this age are kept). */
const MEMORY_MS = 60_000;

export class Coalescer<E> {
  private pending = new Map<string, E>();
  private recent = new Map<string, number>();
  private older = new Map<string, number>();
  private rotatedAt = Date.now();
  private timer: NodeJS.Timeout | null = null;

  /**
   * @param windowMs the shortest time between two batches
   * @param flush receives each batch
   * @param onIdle called when a whole window passed without an entry
   */
  constructor(
    private readonly windowMs: number,
    private readonly rule: CoalesceRule<E>,
    private readonly flush: (batch: E[]) => void,
    private readonly onIdle: () => void = () => undefined,
  ) {}

  /** Adds an entry: handed on now after a quiet window, else at the end of the current one. */
  push(entry: E): void {
    const key = this.rule.key(entry);
    const version = this.rule.version(entry);
    if (version <= (this.recent.get(key) ?? this.older.get(key) ?? -Infinity)) return;
    this.recent.set(key, version);
    this.pending.set(key, entry);
    if (!this.timer) this.tick();
  }

  /** Drops what is pending and stops. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  private readonly tick = (): void => {
    this.timer = null;
    if (this.pending.size === 0) {
      this.recent.clear();
      this.older.clear();
      return this.onIdle();
    }
    const batch = [...this.pending.values()];
    this.pending.clear();
    if (Date.now() - this.rotatedAt > MEMORY_MS) {
      this.older = this.recent;
      this.recent = new Map();
      this.rotatedAt = Date.now();
    }
    this.timer = setTimeout(this.tick, this.windowMs);
    this.timer.unref();
    this.flush(batch);
  };
}
