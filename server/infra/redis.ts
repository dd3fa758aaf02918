/**
 * The Redis connections, when `REDIS_URL` is set: one for commands and publishing, one held in
 * subscriber mode. Commands fail fast while Redis is away (no offline queue), so that a Redis outage
 * never stalls a write; ioredis reconnects and resubscribes by itself when Redis comes back. Only the
 * Redis implementations of the pub/sub broker and the rate-limit store use them.
 */
import { Redis } from 'ioredis';
import type { Logger } from './log.js';

export interface RedisConnections {
  /** Commands and PUBLISH. */
  readonly commands: Redis;
  /** Held in subscriber mode. */
  readonly subscriber: Redis;
  /**
   * Prefix of every channel and key. Instances on the same database share it (one deployment, one live
   * feed); deployments on different databases sharing a Redis never see each other's events.
   */
  readonly prefix: string;
  /** True when both connections are ready. */
  ready(): boolean;
  /** Round trip of a PING in seconds, or null when Redis does not answer. */
  ping(): Promise<number | null>;
  close(): Promise<void>;
}

function open(url: string, role: string, log: Logger): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: role === 'subscriber',
    maxRetriesPerRequest: role === 'subscriber' ? null : 1,
    autoResubscribe: true,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  let down = false;
  client.on('error', (error: Error) => {
    if (!down) log.warn({ role, err: error.message }, 'redis connection error');
    down = true;
  });
  client.on('ready', () => {
    if (down) log.info({ role }, 'redis connection restored');
    down = false;
  });
  return client;
}

/** Opens both connections under the namespace `moltbook:<namespace>:`; rejects when Redis cannot be reached. */
export async function openRedis(url: string, namespace: string, log: Logger): Promise<RedisConnections> {
  const commands = open(url, 'commands', log);
  const subscriber = open(url, 'subscriber', log);
  try {
    await Promise.all([commands.connect(), subscriber.connect()]);
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    throw error;
  }
  return {
    commands,
    subscriber,
    prefix: `moltbook:${namespace}:`,
    ready: () => commands.status === 'ready' && subscriber.status === 'ready',
    async ping() {
      const started = performance.now();
      try {
        await commands.ping();
        return (performance.now() - started) / 1000;
      } catch {
        return null;
      }
    },
    async close() {
      await Promise.all([commands, subscriber].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
