/**
 * Publishing and subscribing to live events, typed by the topic map (topics.ts), over a {@link Broker}.
 * Publish only after the transaction that made the change has committed; a failed publish is logged and
 * never fails the write: this instance's subscribers still get the event, other instances' catch up
 * with `after`.
 */
import type { Logger } from '../infra/log.js';
import type { Metrics } from '../infra/metrics.js';
import type { Broker } from './broker.js';
import { TOPIC_NAMES, type Topic, type Topics } from './topics.js';

type Listener<T extends Topic> = (payload: Topics[T]) => void;

/** Longest wait for the broker's acknowledgement while it is away: a replay then goes ahead without it. */
const READY_TIMEOUT_MS = 2000;

export class PubSub {
  private readonly listeners = new Map<Topic, Set<Listener<Topic>>>();
  private listening: Promise<void> | null = null;

  constructor(
    private readonly broker: Broker,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {}

  /**
   * Delivers `payload` to every subscriber of `topic`, on every instance sharing the broker. Never
   * rejects; resolves once the broker took the event (Redis has handed it to every listening instance).
   */
  publish<T extends Topic>(topic: T, payload: Topics[T]): Promise<void> {
    this.metrics.eventPublished(topic);
    void this.listen();
    return this.broker.publish(topic, payload).catch((error: unknown) => {
      this.log.warn({ err: error instanceof Error ? error.message : error, topic }, 'publish to the broker failed');
      this.deliver(topic, payload);
    });
  }

  /** Calls `listener` for each event on `topic` until the returned function is called. */
  subscribe<T extends Topic>(topic: T, listener: Listener<T>): () => void {
    void this.listen();
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener as Listener<Topic>);
    return () => {
      set.delete(listener as Listener<Topic>);
    };
  }

  /**
   * Resolves once events published from now on will reach this instance's listeners (once the broker
   * acknowledged the subscription, or after 2 s while it is away). Replays wait for it before reading the
   * database, so that no event falls between the read and the live stream.
   */
  ready(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, READY_TIMEOUT_MS).unref()));
    return Promise.race([this.listen(), timeout]).finally(() => clearTimeout(timer));
  }

  /** Stops listening to the broker. */
  async close(): Promise<void> {
    this.listeners.clear();
    await this.broker.close();
  }

  /** Listens to every topic once, at first use. */
  private listen(): Promise<void> {
    this.listening ??= this.broker
      .listen(TOPIC_NAMES, (channel, message) => this.deliver(channel as Topic, message as Topics[Topic]))
      .catch((error: unknown) =>
        this.log.warn({ err: error }, 'subscribing to the broker failed; it is retried on reconnect'),
      );
    return this.listening;
  }

  private deliver(topic: Topic, payload: Topics[Topic]): void {
    for (const listener of this.listeners.get(topic) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        this.log.error({ err: error, topic }, 'subscriber failed on an event');
      }
    }
  }
}
