/**
 * N WebSocket subscribers (run inside a swarm process, see swarm.ts). Each records, for every `next`
 * message, the event's id (the `id` of the object under the subscription's root field) and when it
 * arrived, so that latencies are measured from when each event was sent, and lost and duplicate
 * deliveries are counted.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { percentile, sleep } from './stats.js';

/** A GraphQL operation to subscribe with. */
export interface Operation {
  query: string;
  variables?: Record<string, unknown>;
}

/** What the subscribers received for a set of events. */
export interface DeliverySummary {
  expected: number;
  received: number;
  lost: number;
  duplicates: number;
  /** Messages that were not an event (e.g. a subscription `error`), and the first of them. */
  unexpected: number;
  firstUnexpected: string;
  /** When the last delivery arrived (ms since the epoch). */
  lastAt: number;
  /** Latencies from each event's send time to its arrival at each subscriber, in ms. */
  p50: number;
  p99: number;
  max: number;
}

const ID_MARKER = '":{"id":"';

/** The event id of a `next` message: the `id` of the object under the root field; null if none. */
function eventId(text: string): string | null {
  const data = text.indexOf('"data":{"');
  const start = data < 0 ? -1 : text.indexOf(ID_MARKER, data);
  if (start < 0) return null;
  const from = start + ID_MARKER.length;
  return text.slice(from, text.indexOf('"', from));
}

export class Subscribers {
  private readonly sockets: WebSocket[] = [];
  /** Per socket: the event ids received (to find duplicates). */
  private seen: Set<string>[] = [];
  /** Event id -> arrival times (ms since the epoch), one per delivery. */
  private arrivals = new Map<string, number[]>();
  private received = 0;
  private duplicates = 0;
  private unexpected = 0;
  private firstUnexpected = '';
  private lastAt = 0;
  /** The text of one event message as received (the raw baseline sends the same bytes). */
  sample = '';
  private readonly waiters = new Set<() => void>();

  /**
   * Opens `count` sockets to `url`. With `operations`, socket i speaks graphql-transport-ws and subscribes
   * with `operations[i % operations.length]`; resolves once every socket is acknowledged.
   */
  async open(url: string, count: number, operations: Operation[] = []): Promise<void> {
    const batch = 250;
    for (let start = 0; start < count; start += batch) {
      const opening: Promise<void>[] = [];
      for (let i = start; i < Math.min(count, start + batch); i += 1)
        opening.push(this.openOne(url, operations.length ? operations[i % operations.length] : undefined));
      await Promise.all(opening);
    }
  }

  private openOne(url: string, operation: Operation | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const ws = operation ? new WebSocket(url, 'graphql-transport-ws') : new WebSocket(url);
      this.sockets.push(ws);
      const seen = new Set<string>();
      this.seen.push(seen);
      ws.on('error', reject);
      ws.on('open', () => {
        if (!operation) return resolve();
        ws.send(JSON.stringify({ type: 'connection_init' }));
      });
      ws.on('message', (data) => {
        const now = Date.now();
        const text = String(data);
        if (text.startsWith('{"type":"connection_ack"')) {
          ws.send(JSON.stringify({ id: randomUUID(), type: 'subscribe', payload: operation }));
          return resolve();
        }
        // Cheaper than JSON.parse, so that the load generator is not what is measured.
        const id = eventId(text);
        if (!id) {
          this.unexpected += 1;
          this.firstUnexpected ||= text.slice(0, 300);
          return;
        }
        this.sample ||= text;
        if (seen.has(id)) this.duplicates += 1;
        seen.add(id);
        this.received += 1;
        this.lastAt = now;
        const times = this.arrivals.get(id);
        if (times) times.push(now);
        else this.arrivals.set(id, [now]);
        for (const check of [...this.waiters]) check();
      });
    });
  }

  /** Forgets what was received (between rounds). */
  reset(): void {
    this.arrivals = new Map();
    this.received = 0;
    this.duplicates = 0;
    this.unexpected = 0;
    this.firstUnexpected = '';
    for (const seen of this.seen) seen.clear();
  }

  /** Resolves with the deliveries so far once `count` arrived, or after `timeoutMs` (then fewer arrived). */
  until(count: number, timeoutMs: number): Promise<number> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.received < count) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(this.received);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(this.received);
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** The deliveries of the events in `sentAt` (event id -> ms since the epoch when it was sent). */
  summary(expected: number, sentAt: Record<string, number>): DeliverySummary {
    const latencies: number[] = [];
    for (const [id, times] of this.arrivals) {
      const sent = sentAt[id];
      if (sent !== undefined) for (const t of times) latencies.push(t - sent);
    }
    return {
      expected,
      received: this.received,
      lost: Math.max(0, expected - (this.received - this.duplicates)),
      duplicates: this.duplicates,
      unexpected: this.unexpected,
      firstUnexpected: this.firstUnexpected,
      lastAt: this.lastAt,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
    };
  }

  /** Closes every socket. */
  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.length = 0;
    this.seen = [];
    this.reset();
    await sleep(200);
  }
}
