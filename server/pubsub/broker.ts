/**
 * The transport under the pub/sub: a broker carries JSON-safe messages on named channels to every
 * instance that listens, this one included. Two implementations: in process (the embedded default, one
 * instance) and Redis (`redis-broker.ts`, every instance sharing the Redis). Another broker (NATS, a
 * managed service) is one more implementation of this interface.
 */

export type MessageHandler = (channel: string, message: unknown) => void;

export interface Broker {
  /** Sends `message` to every instance listening on `channel`. Rejects when the broker cannot take it. */
  publish(channel: string, message: unknown): Promise<void>;
  /**
   * Delivers messages on `channels` to `onMessage` from now on; resolves once the broker acknowledged the
   * subscription (an event published after that reaches this instance).
   */
  listen(channels: readonly string[], onMessage: MessageHandler): Promise<void>;
  /** Stops listening. */
  close(): Promise<void>;
}

/** Delivery inside this process, synchronously: the embedded default. */
export class MemoryBroker implements Broker {
  private readonly handlers = new Map<string, Set<MessageHandler>>();

  async publish(channel: string, message: unknown): Promise<void> {
    for (const handler of this.handlers.get(channel) ?? []) handler(channel, message);
  }

  async listen(channels: readonly string[], onMessage: MessageHandler): Promise<void> {
    for (const channel of channels) {
      let set = this.handlers.get(channel);
      if (!set) this.handlers.set(channel, (set = new Set()));
      set.add(onMessage);
    }
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
