/**
 * The Redis broker: channels namespaced by the connections' prefix, messages as JSON. On Redis 7 and
 * later it uses sharded pub/sub (SPUBLISH, SSUBSCRIBE): a message reaches only the instances
 * subscribed to its channel, and on a Redis Cluster it stays on the shard that owns the channel
 * instead of crossing the whole cluster bus. Older servers get classic channels (PUBLISH, SUBSCRIBE),
 * with the same semantics on one server. Redis pub/sub is at-most-once: while Redis is away, events are
 * lost for other instances; clients catch up with `after`, the database being the truth. ioredis
 * re-subscribes every channel (sharded or not) by itself after a reconnect.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../infra/log.js';
import type { RedisConnections } from '../infra/redis.js';
import type { Broker, MessageHandler } from './broker.js';

/** True when the server knows SPUBLISH (Redis 7.0+). */
async function hasShardedPubSub(commands: Redis): Promise<boolean> {
  const [info] = (await commands.call('COMMAND', 'INFO', 'SPUBLISH')) as unknown[];
  return Array.isArray(info);
}

export class RedisBroker implements Broker {
  private readonly handlers = new Map<string, MessageHandler>();

  private constructor(
    private readonly redis: RedisConnections,
    private readonly log: Logger,
    /** Sharded pub/sub (SPUBLISH, SSUBSCRIBE), else classic channels. */
    readonly sharded: boolean,
  ) {
    redis.subscriber.on(sharded ? 'smessage' : 'message', (channel: string, text: string) =>
      this.receive(channel, text),
    );
  }

  /**
   * A broker on `redis`, sharded when the server supports it (every instance of a deployment decides
   * the same way against the same Redis); `sharded` forces the choice.
   */
  static async open(redis: RedisConnections, log: Logger, sharded?: boolean): Promise<RedisBroker> {
    return new RedisBroker(redis, log, sharded ?? (await hasShardedPubSub(redis.commands)));
  }

  async publish(channel: string, message: unknown): Promise<void> {
    const name = this.redis.prefix + channel;
    const text = JSON.stringify(message);
    await (this.sharded ? this.redis.commands.spublish(name, text) : this.redis.commands.publish(name, text));
  }

  async subscribe(channel: string, onMessage: MessageHandler): Promise<void> {
    this.handlers.set(channel, onMessage);
    const name = this.redis.prefix + channel;
    await (this.sharded ? this.redis.subscriber.ssubscribe(name) : this.redis.subscriber.subscribe(name));
  }

  async unsubscribe(channel: string): Promise<void> {
    this.handlers.delete(channel);
    const name = this.redis.prefix + channel;
    await (this.sharded ? this.redis.subscriber.sunsubscribe(name) : this.redis.subscriber.unsubscribe(name));
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }

  private receive(raw: string, text: string): void {
    const { prefix } = this.redis;
    if (!raw.startsWith(prefix)) return;
    const channel = raw.slice(prefix.length);
    const handler = this.handlers.get(channel);
    if (!handler) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.log.warn({ channel }, 'ignored a malformed event');
      return;
    }
    handler(message);
  }
}
