/**
 * A bounded, push-driven async iterator: the source stream a live subscription field returns. Unlike an
 * async generator, `return()` ends it at once even while a consumer waits, so that nothing leaks when a
 * client goes away.
 */

/** Thrown to the consumer when more than `limit` items wait unread. */
export class FeedOverflowError extends Error {
  override name = 'FeedOverflowError';
}

export class Feed<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private head = 0;
  private waiting: { resolve(r: IteratorResult<T>): void; reject(e: unknown): void } | null = null;
  private failure: unknown = null;
  private finished = false;
  private readonly onEnd: Array<() => void> = [];

  /** @param limit items kept unread before the feed fails with {@link FeedOverflowError} */
  constructor(private readonly limit = 1000) {}

  /** Number of items waiting to be read. */
  get size(): number {
    return this.items.length - this.head;
  }

  get ended(): boolean {
    return this.finished;
  }

  /** Hands `item` to the consumer; returns false once the feed has ended. */
  push(item: T): boolean {
    if (this.finished) return false;
    if (this.waiting) {
      const waiting = this.waiting;
      this.waiting = null;
      waiting.resolve({ value: item, done: false });
      return true;
    }
    if (this.size >= this.limit) {
      this.fail(new FeedOverflowError(`More than ${this.limit} events waited unread.`));
      return false;
    }
    this.items.push(item);
    return true;
  }

  /** Ends the feed with `error`: the consumer's next read rejects with it. */
  fail(error: unknown): void {
    if (this.finished) return;
    this.failure = error;
    this.items = [];
    this.head = 0;
    if (this.waiting) {
      const waiting = this.waiting;
      this.waiting = null;
      waiting.reject(error);
      this.failure = null;
    }
    this.close();
  }

  /** Calls `callback` once when the feed ends (by `return()`, `fail()` or `end()`). */
  onClose(callback: () => void): void {
    if (this.finished) callback();
    else this.onEnd.push(callback);
  }

  /** Ends the feed normally after the items already pushed. */
  end(): void {
    if (this.finished) return;
    if (this.waiting) {
      const waiting = this.waiting;
      this.waiting = null;
      waiting.resolve({ value: undefined, done: true });
    }
    this.close();
  }

  private close(): void {
    this.finished = true;
    for (const callback of this.onEnd.splice(0)) callback();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) {
      const value = this.items[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.failure !== null) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.items = [];
    this.head = 0;
    this.failure = null;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
