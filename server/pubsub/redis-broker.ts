/**
 * The Redis broker: one channel per topic, namespaced by the connections' prefix, messages as JSON. Redis
 * pub/sub is at-most-once: while Redis is away, events are lost for other instances; clients catch up
 * with `after`, the database being the truth. ioredis re-subscribes by itself after a reconnect.
 */
import type { Logger } from '../infra/log.js';
import type { RedisConnections } from '../infra/redis.js';
import type { Broker, MessageHandler } from './broker.js';

export class RedisBroker implements Broker {
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private attached = false;

  constructor(
    private readonly redis: RedisConnections,
    private readonly log: Logger,
  ) {}

  async publish(channel: string, message: unknown): Promise<void> {
    await this.redis.commands.publish(this.redis.prefix + channel, JSON.stringify(message));
  }

  async listen(channels: readonly string[], onMessage: MessageHandler): Promise<void> {
    this.attach();
    for (const channel of channels) {
      let set = this.handlers.get(channel);
      if (!set) this.handlers.set(channel, (set = new Set()));
      set.add(onMessage);
    }
    await this.redis.subscriber.subscribe(...channels.map((c) => this.redis.prefix + c));
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }

  private attach(): void {
    if (this.attached) return;
    this.attached = true;
    const { prefix } = this.redis;
    this.redis.subscriber.on('message', (raw: string, text: string) => {
      if (!raw.startsWith(prefix)) return;
      const channel = raw.slice(prefix.length);
      const handlers = this.handlers.get(channel);
      if (!handlers) return;
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        this.log.warn({ channel }, 'ignored a malformed event');
        return;
      }
      for (const handler of handlers) handler(channel, message);
    });
  }
}
