/**
 * The transport under the pub/sub: a broker carries JSON-safe messages on named channels to the
 * instances subscribed to them, this one included. Subscriptions are dynamic: the pub/sub (pubsub.ts)
 * counts its listeners per channel, subscribes this instance to a channel when the first arrives and
 * unsubscribes it when the last leaves, so an instance hears only the channels its clients watch. Two
 * implementations: in process (the embedded default, one instance) and Redis (`redis-broker.ts`).
 * Another broker (NATS, a managed service) is one more implementation of this interface.
 */

export type MessageHandler = (message: unknown) => void;

export interface Broker {
  /** Sends `message` to every instance subscribed to `channel`. Rejects when the broker cannot take it. */
  publish(channel: string, message: unknown): Promise<void>;
  /**
   * Subscribes this instance to `channel`, whose messages go to `onMessage` (one handler per channel:
   * the pub/sub calls this once per channel until it unsubscribes). Resolves once the broker
   * acknowledged: a message published after that reaches `onMessage`.
   */
  subscribe(channel: string, onMessage: MessageHandler): Promise<void>;
  /** Unsubscribes this instance from `channel`; its messages stop at once. */
  unsubscribe(channel: string): Promise<void>;
  /** Stops delivering anything. */
  close(): Promise<void>;
}

/** Delivery inside this process, synchronously: the embedded default. */
export class MemoryBroker implements Broker {
  private readonly handlers = new Map<string, MessageHandler>();

  async publish(channel: string, message: unknown): Promise<void> {
    this.handlers.get(channel)?.(message);
  }

  async subscribe(channel: string, onMessage: MessageHandler): Promise<void> {
    this.handlers.set(channel, onMessage);
  }

  async unsubscribe(channel: string): Promise<void> {
    this.handlers.delete(channel);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
