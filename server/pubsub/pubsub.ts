/**
 * Publishing and subscribing to live events, typed by the topic map (topics.ts), over a {@link Broker}.
 * An event goes to the channels of its scopes; a listener listens to one channel. The pub/sub counts
 * its listeners per channel: the first one subscribes this instance to the channel, the last one to
 * leave unsubscribes it. Coalesced topics are batched twice: what this instance publishes, per channel,
 * and what each channel delivers to this instance's listeners, so that a listener gets at most one
 * batch per window whichever instances published.
 *
 * Publish only after the transaction that made the change has committed; a failed publish is logged and
 * never fails the write: this instance's listeners still get the event, other instances' subscribers
 * catch up with `after`.
 */
import type { Logger } from '../infra/log.js';
import type { Metrics } from '../infra/metrics.js';
import type { Broker } from './broker.js';
import { Coalescer, type CoalesceRule } from './coalescer.js';
import { channelOf, TOPICS, type Deliveries, type Topic, type Topics } from './topics.js';

type Listener<T extends Topic> = (delivery: Deliveries[T]) => void;

/** What a topic's declaration says at run time (see topics.ts). */
interface Routing<E> {
  scopes(event: E): readonly string[];
  coalesce?: CoalesceRule<E>;
}

const routing = <T extends Topic>(topic: T) => TOPICS[topic] as unknown as Routing<Topics[T]>;

/** Longest wait for the broker's acknowledgement while it is away: a replay then goes ahead without it. */
const READY_TIMEOUT_MS = 2000;

/** One listener on one channel. */
export interface Subscription {
  /**
   * Resolves once events published from now on reach the listener (once the broker acknowledged the
   * channel, or after 2 s while it is away). Replays wait for it before reading the database, so that
   * no event falls between the read and the live stream.
   */
  readonly ready: Promise<void>;
  /** Stops the listener (at once: nothing more reaches it). */
  close(): void;
}

interface Channel {
  readonly listeners: Set<Listener<Topic>>;
  /** The broker's acknowledgement of this instance's subscription (never rejects). */
  acknowledged: Promise<void>;
  /** The batches of a coalesced topic's entries, on their way to the listeners. */
  readonly incoming: Coalescer<unknown> | null;
}

export class PubSub {
  private readonly channels = new Map<string, Channel>();
  /** What this instance publishes on coalesced topics, batched per channel. */
  private readonly outgoing = new Map<string, Coalescer<unknown>>();

  /** @param coalesceMs the window of coalesced topics: at most one batch per channel per window */
  constructor(
    private readonly broker: Broker,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly coalesceMs: number,
  ) {}

  /**
   * Sends `event` to its channels' listeners, on every instance sharing the broker. Never rejects; resolves
   * once the broker took the event (Redis has handed it to every listening instance), or at once for a
   * coalesced topic, whose batch leaves later.
   */
  async publish<T extends Topic>(topic: T, event: Topics[T]): Promise<void> {
    this.metrics.eventPublished(topic);
    const { scopes, coalesce } = routing(topic);
    const sent: Promise<void>[] = [];
    for (const scope of scopes(event)) {
      const channel = channelOf(topic, scope);
      if (coalesce) this.batcher(channel, coalesce).push(event);
      else sent.push(this.send(channel, event));
    }
    await Promise.all(sent);
  }

  /** Calls `listener` with each delivery on the channel of `topic` for `scope`, until closed. */
  subscribe<T extends Topic>(topic: T, scope: string, listener: Listener<T>): Subscription {
    const name = channelOf(topic, scope);
    const channel = this.channels.get(name) ?? this.open(name, routing(topic).coalesce);
    const own = listener as Listener<Topic>;
    channel.listeners.add(own);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, READY_TIMEOUT_MS).unref()));
    return {
      ready: Promise.race([channel.acknowledged, timeout]).finally(() => clearTimeout(timer)),
      close: () => {
        if (!channel.listeners.delete(own) || channel.listeners.size > 0) return;
        this.channels.delete(name);
        channel.incoming?.dispose();
        this.broker.unsubscribe(name).catch((error: unknown) => this.log.warn({ err: error }, 'unsubscribe failed'));
      },
    };
  }

  /** Stops listening to the broker. */
  async close(): Promise<void> {
    for (const channel of this.channels.values()) channel.incoming?.dispose();
    for (const batcher of this.outgoing.values()) batcher.dispose();
    this.channels.clear();
    this.outgoing.clear();
    await this.broker.close();
  }

  /** Subscribes this instance to the channel `name`. */
  private open(name: string, coalesce: CoalesceRule<unknown> | undefined): Channel {
    const channel: Channel = {
      listeners: new Set(),
      acknowledged: Promise.resolve(),
      incoming: coalesce ? new Coalescer(this.coalesceMs, coalesce, (batch) => this.deliver(channel, batch)) : null,
    };
    this.channels.set(name, channel);
    channel.acknowledged = this.broker
      .subscribe(name, (message) => this.receive(channel, message))
      .catch((error: unknown) =>
        this.log.warn({ err: error, channel: name }, 'subscribing to the broker failed; it is retried on reconnect'),
      );
    return channel;
  }

  private batcher(name: string, coalesce: CoalesceRule<unknown>): Coalescer<unknown> {
    let batcher = this.outgoing.get(name);
    if (!batcher) {
      const idle = () => this.outgoing.get(name) === batcher && this.outgoing.delete(name);
      batcher = new Coalescer(this.coalesceMs, coalesce, (batch) => this.send(name, batch), idle);
      this.outgoing.set(name, batcher);
    }
    return batcher;
  }

  private send(name: string, message: unknown): Promise<void> {
    return this.broker.publish(name, message).catch((error: unknown) => {
      this.log.warn({ err: error instanceof Error ? error.message : error, channel: name }, 'publish failed');
      const channel = this.channels.get(name);
      if (channel) this.receive(channel, message);
    });
  }

  private receive(channel: Channel, message: unknown): void {
    if (!channel.incoming) return this.deliver(channel, message);
    if (Array.isArray(message)) for (const entry of message as unknown[]) channel.incoming.push(entry);
  }

  private deliver(channel: Channel, delivery: unknown): void {
    for (const listener of channel.listeners) {
      try {
        listener(delivery as Deliveries[Topic]);
      } catch (error) {
        this.log.error({ err: error }, 'a listener failed on an event');
      }
    }
  }
}
