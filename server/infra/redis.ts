/**
 * The Redis connections, when `REDIS_URL` is set: one for commands and publishing, one held in
 * subscriber mode. Commands fail fast while Redis is away (no offline queue), so that a Redis outage
 * never stalls a write; ioredis reconnects and resubscribes by itself when Redis comes back.
 */
import { Redis } from 'ioredis';
import { log } from './log.js';

export let redis: Redis | null = null;
/**
 * Prefix of every Redis channel and key. Instances on the same database share it (one deployment, one
 * live feed); deployments on different databases sharing a Redis never see each other's events.
 */
export let redisPrefix = 'moltbook:';
export let redisSubscriber: Redis | null = null;

function open(url: string, role: string): Redis {
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

/** Opens both connections; rejects when Redis cannot be reached at start. */
export async function connectRedis(url: string, namespace: string): Promise<void> {
  redisPrefix = `moltbook:${namespace}:`;
  redis = open(url, 'commands');
  redisSubscriber = open(url, 'subscriber');
  await Promise.all([redis.connect(), redisSubscriber.connect()]);
}

/** True when both connections are ready (false on the embedded default, which has none). */
export function redisReady(): boolean {
  return redis?.status === 'ready' && redisSubscriber?.status === 'ready';
}

export async function disconnectRedis(): Promise<void> {
  const clients = [redis, redisSubscriber].filter((c): c is Redis => c !== null);
  redis = null;
  redisSubscriber = null;
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
}
