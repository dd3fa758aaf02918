/** The parent side of a swarm process (swarm-process.ts): N WebSocket subscribers on the load generator's CPU. */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { LOAD_CPU } from './pinning.js';
import { spawnScript, stopProcess } from './processes.js';
import type { DeliverySummary, Operation } from './subscribers.js';

/** Longest wait for any call, so that the benchmark never hangs on a swarm. */
const CALL_TIMEOUT_MS = 180_000;

export class Swarm {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
      const call = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id!);
      if (message.error) call.reject(new Error(`swarm: ${message.error}`));
      else call.resolve(message.result);
    });
    child.on('exit', (code) => {
      for (const call of this.pending.values()) call.reject(new Error(`swarm exited with ${code}`));
      this.pending.clear();
    });
  }

  /** Starts a swarm process pinned to the load generator's CPU. */
  static async start(): Promise<Swarm> {
    const child = spawnScript('bench/swarm-process.ts', {}, { cpu: LOAD_CPU, ipc: true });
    child.stderr!.on('data', (d) => process.stderr.write(d));
    await once(child, 'message');
    return new Swarm(child);
  }

  private call<T>(method: string, ...args: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`swarm: ${method} took more than ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value as T)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      this.child.send({ id, method, args });
    });
  }

  /** The process id (to read its CPU). */
  get pid(): number {
    return this.child.pid!;
  }

  /** Opens `count` sockets; with `operations`, socket i subscribes with `operations[i % length]`. */
  open(url: string, count: number, operations?: Operation[]): Promise<void> {
    return this.call('open', url, count, operations ?? []);
  }

  /** Forgets what was received. */
  reset(): Promise<void> {
    return this.call('reset');
  }

  /** Waits until `count` deliveries arrived or `timeoutMs` passed; resolves with the deliveries so far. */
  until(count: number, timeoutMs: number): Promise<number> {
    return this.call('until', count, timeoutMs);
  }

  /** The deliveries of the events in `sentAt` (event id -> when it was sent, ms since the epoch). */
  summary(expected: number, sentAt: ReadonlyMap<string, number>): Promise<DeliverySummary> {
    return this.call('summary', expected, Object.fromEntries(sentAt));
  }

  /** The text of one event message received. */
  sample(): Promise<string> {
    return this.call('sample');
  }

  /** Closes every socket (the process stays). */
  close(): Promise<void> {
    return this.call('close');
  }

  /** Ends the process. */
  async stop(): Promise<void> {
    await stopProcess(this.child);
  }
}
