/**
 * Publishing and subscribing to live events. One typed map of topics to payloads; payloads are small and
 * JSON-safe (ids and what changed) because Redis carries JSON. Publish only after the transaction that
 * made the change has committed; a failed publish is logged and never fails the write.
 *
 * With `REDIS_URL`, every event goes through Redis (one channel per topic, namespaced by `redisPrefix`), so
 * that it reaches every instance sharing the Redis, this one included, exactly once per instance. Without
 * it, events are delivered in process. Redis pub/sub is at-most-once: while Redis is away, events are lost
 * for other instances (this instance still gets its own); clients catch up with `after`, the database
 * being the truth.
 */
import type { Redis } from 'ioredis';
import { eventPublished } from '../infra/metrics.js';
import { log } from '../infra/log.js';
import { redis, redisPrefix, redisSubscriber } from '../infra/redis.js';

/** Every topic and the payload it carries. */
export interface Topics {
  /** A post was created (global feed and its submolt). */
  'post:created': { postId: string; submoltName: string; createdAt: string };
  /** A post's score, comment count, text or deletion changed. */
  'post:updated': { postId: string };
  /** A comment was added to a post's thread. */
  'comment:added': { commentId: string; postId: string; createdAt: string };
}
export type Topic = keyof Topics;

const TOPICS: readonly Topic[] = ['post:created', 'post:updated', 'comment:added'];

type Listener<T extends Topic> = (payload: Topics[T]) => void;
const listeners = new Map<Topic, Set<Listener<Topic>>>();

function deliver(topic: Topic, payload: Topics[Topic]): void {
  for (const listener of listeners.get(topic) ?? []) {
    try {
      listener(payload);
    } catch (error) {
      log.error({ err: error, topic }, 'subscriber failed on an event');
    }
  }
}

/** The subscriber connection the Redis bridge is attached to, and its SUBSCRIBE having been acknowledged. */
let bridged: { client: Redis; ready: Promise<void> } | null = null;

/**
 * Attaches this process to the Redis channels of every topic (once per subscriber connection). ioredis
 * re-subscribes by itself after a reconnect (`autoResubscribe`).
 */
function bridge(): Promise<void> {
  const client = redisSubscriber;
  if (!client) return Promise.resolve();
  if (bridged?.client === client) return bridged.ready;
  const prefix = redisPrefix;
  const byChannel = new Map(TOPICS.map((topic) => [prefix + topic, topic]));
  client.on('message', (channel: string, message: string) => {
    const topic = byChannel.get(channel);
    if (!topic) return;
    let payload: Topics[Topic];
    try {
      payload = JSON.parse(message) as Topics[Topic];
    } catch {
      log.warn({ channel }, 'ignored a malformed event');
      return;
    }
    deliver(topic, payload);
  });
  const ready = client.subscribe(...byChannel.keys()).then(
    () => undefined,
    (error: unknown) => log.warn({ err: error }, 'redis subscribe failed; it is retried on reconnect'),
  );
  bridged = { client, ready };
  return ready;
}

/** Longest wait for the channels' SUBSCRIBE while Redis is away: a replay then goes ahead without it. */
const READY_TIMEOUT_MS = 2000;

/**
 * Resolves once events published from now on will reach this process's listeners (with Redis: once the
 * channels' SUBSCRIBE is acknowledged, or after 2 s while Redis is away). Replays wait for it before
 * reading the database, so that no event falls between the read and the live stream.
 */
export function pubsubReady(): Promise<void> {
  const ready = bridge();
  if (!bridged) return ready;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, READY_TIMEOUT_MS).unref()));
  return Promise.race([ready, timeout]).finally(() => clearTimeout(timer));
}

/** Delivers `payload` to every subscriber of `topic`, on every instance sharing the Redis. Never throws. */
export function publish<T extends Topic>(topic: T, payload: Topics[T]): void {
  eventPublished(topic);
  const client = redis;
  if (!client) {
    deliver(topic, payload);
    return;
  }
  void bridge();
  client.publish(redisPrefix + topic, JSON.stringify(payload)).catch((error: unknown) => {
    // Redis is away: this instance's subscribers still get the event; other instances' catch up with `after`.
    log.warn({ err: error instanceof Error ? error.message : error, topic }, 'publish to redis failed');
    deliver(topic, payload);
  });
}

/** Calls `listener` for each event on `topic` until the returned function is called. */
export function subscribe<T extends Topic>(topic: T, listener: Listener<T>): () => void {
  void bridge();
  let set = listeners.get(topic);
  if (!set) listeners.set(topic, (set = new Set()));
  set.add(listener as Listener<Topic>);
  return () => {
    set.delete(listener as Listener<Topic>);
  };
}
