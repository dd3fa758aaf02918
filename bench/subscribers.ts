/**
 * N WebSocket subscribers in the benchmark's process. Each records, for every `next` message, the post
 * id and the time it arrived: latency is measured from when the benchmark asked for the event (sent the
 * mutation, or the raw baseline's scheduled round), and lost and duplicate deliveries are counted.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { sleep } from './stats.js';

export interface Delivery {
  postId: string;
  latencyMs: number;
}

/** The string value following `marker` in `text` (up to the next quote), or null. */
function field(text: string, marker: string): string | null {
  const start = text.indexOf(marker);
  if (start < 0) return null;
  const from = start + marker.length;
  return text.slice(from, text.indexOf('"', from));
}

export class Subscribers {
  readonly sockets: WebSocket[] = [];
  /** Per socket: the post ids received (to find losses and duplicates). */
  private seen: Set<string>[] = [];
  /** Post id -> arrival times (ms since the epoch), one per socket that received it. */
  arrivals = new Map<string, number[]>();
  received = 0;
  duplicates = 0;
  lastAt = 0;
  /** The text of one `next` message as received (the raw baseline sends the same bytes). */
  sample = '';
  private readonly waiters = new Set<() => void>();

  /**
   * Opens `count` sockets to `url`. With `subscribe`, each speaks graphql-transport-ws: init, then one
   * subscribe message with a fresh id; resolves once all are acknowledged.
   */
  async open(url: string, count: number, subscribe?: { query: string; variables?: Record<string, unknown> }) {
    const batch = 250;
    for (let start = 0; start < count; start += batch) {
      const opening: Promise<void>[] = [];
      for (let i = start; i < Math.min(count, start + batch); i += 1) opening.push(this.openOne(url, i, subscribe));
      await Promise.all(opening);
    }
  }

  private openOne(url: string, index: number, subscribe?: { query: string; variables?: Record<string, unknown> }) {
    return new Promise<void>((resolve, reject) => {
      const ws = subscribe ? new WebSocket(url, 'graphql-transport-ws') : new WebSocket(url);
      this.sockets.push(ws);
      this.seen[index] = new Set();
      const seen = this.seen[index]!;
      ws.on('error', reject);
      ws.on('open', () => {
        if (!subscribe) return resolve();
        ws.send(JSON.stringify({ type: 'connection_init' }));
      });
      ws.on('message', (data) => {
        const text = String(data);
        const now = Date.now();
        if (text.startsWith('{"type":"connection_ack"')) {
          ws.send(JSON.stringify({ id: randomUUID(), type: 'subscribe', payload: subscribe }));
          return resolve();
        }
        // Cheaper than JSON.parse, so that the load generator is not what is measured.
        const postId = field(text, '"postCreated":{"id":"');
        if (!postId) throw new Error(`unexpected message: ${text.slice(0, 300)}`);
        if (!this.sample) this.sample = text;
        if (seen.has(postId)) this.duplicates += 1;
        seen.add(postId);
        this.received += 1;
        this.lastAt = now;
        const times = this.arrivals.get(postId);
        if (times) times.push(now);
        else this.arrivals.set(postId, [now]);
        for (const check of [...this.waiters]) check();
      });
    });
  }

  /** Forgets what was received (after a warm-up round). */
  reset(): void {
    this.arrivals = new Map();
    this.received = 0;
    this.duplicates = 0;
    for (const seen of this.seen) seen.clear();
  }

  /** Resolves when `count` deliveries arrived, or after `timeoutMs` (then fewer arrived: losses). */
  until(count: number, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.received < count) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Delivery latencies in ms, given when each post was asked for. */
  latencies(requestedAt: ReadonlyMap<string, number>): number[] {
    const latencies: number[] = [];
    for (const [postId, times] of this.arrivals) {
      const asked = requestedAt.get(postId);
      if (asked !== undefined) for (const t of times) latencies.push(t - asked);
    }
    return latencies;
  }

  /** Posts that each socket did not receive, summed over sockets. */
  lost(postIds: readonly string[]): number {
    let lost = 0;
    for (const seen of this.seen) for (const id of postIds) if (!seen.has(id)) lost += 1;
    return lost;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.length = 0;
    await sleep(200);
  }
}
