/**
 * Live subscription fields and the transports that run them. A field opts into shared execution in one
 * visible way: its `subscribe` returns `live(ctx, spec)`, describing its event stream as a
 * {@link LiveSpec} (topic and channel, replay from the database, identity for de-duplication, order).
 *
 * - A transport that shares executions (the WebSocket fan-out, fanout.ts) puts a {@link LiveClaim} on the
 *   operation's context (`ctx.live`) before subscribing; `live` hands the spec over through it, and
 *   subscribers of the same operation then share one execution per event.
 * - Anywhere else (SSE, `ctx.live` null), `live` returns a stream of this subscriber's own that replays
 *   the events since `after`, then the live ones, with no gap and no duplicate at the seam.
 *
 * A subscription field whose `subscribe` is anything else (an async generator, such as `heartbeat`)
 * cannot be shared: every transport runs it once per subscriber.
 */
import type { PubSub } from '../pubsub/pubsub.js';
import type { Deliveries, Topic } from '../pubsub/topics.js';
import { Feed, FeedOverflowError } from './feed.js';

/** Events a subscriber may have unread before its subscription ends with an error. */
export const MAX_UNREAD_EVENTS = 1000;

export interface LiveSpec<T extends Topic = Topic> {
  readonly topic: T;
  /** The channel's scope: `EVERYWHERE`, a submolt id or a post id (see topics.ts). */
  readonly scope: string;
  /** Identity of a delivery, to drop a live one already sent by the replay. */
  key(delivery: Deliveries[T]): string;
  /**
   * For deliveries that carry state (a post after a change): its version. One that is not newer than
   * the last one delivered arrived out of order, and is dropped.
   */
  version?(delivery: Deliveries[T]): number;
  /** Pages of the events after the client's `after`, oldest first, read from the database. */
  replay?: () => AsyncIterable<Deliveries[T][]>;
}

/** A filter that lets a subscriber's deliveries through in version order (all of them without versions). */
export function inOrder<T extends Topic>(spec: LiveSpec<T>): (delivery: Deliveries[T]) => boolean {
  const { version } = spec;
  if (!version) return () => true;
  let last = -Infinity;
  return (delivery) => {
    const current = version(delivery);
    if (current <= last) return false;
    last = current;
    return true;
  };
}

/**
 * What a sharing transport takes over from the live field of an operation: the field's spec, and the
 * source stream handed to graphql-js, into which the transport pushes events.
 */
export class LiveClaim {
  spec: LiveSpec | null = null;
  feed: Feed<unknown> | null = null;

  /** True once a live field took the claim: its results go to many subscribers. */
  get taken(): boolean {
    return this.spec !== null;
  }
}

/** What `live` needs from the GraphQL context. */
export interface LiveContext {
  readonly live: LiveClaim | null;
  readonly services: { readonly liveStreams: LiveStreams };
}

/** The source stream of a live subscription field (see the module comment). */
export async function live<T extends Topic>(
  ctx: LiveContext,
  spec: LiveSpec<T>,
): Promise<AsyncIterable<Deliveries[T]>> {
  const claim = ctx.live;
  if (!claim || claim.taken) return ctx.services.liveStreams.open(spec);
  const feed = new Feed<Deliveries[T]>(MAX_UNREAD_EVENTS);
  claim.spec = spec as unknown as LiveSpec;
  claim.feed = feed as Feed<unknown>;
  return feed;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The subscribers' own streams (SSE) of one app, ended together at shutdown. */
export class LiveStreams {
  private readonly streams = new Set<Feed<unknown>>();

  constructor(private readonly pubsub: PubSub) {}

  /**
   * One subscriber's own stream: replay since `after` (live events buffered meanwhile), then live.
   * Resolves once the stream hears its channel.
   */
  async open<T extends Topic>(spec: LiveSpec<T>): Promise<Feed<Deliveries[T]>> {
    const feed = new Feed<Deliveries[T]>(MAX_UNREAD_EVENTS);
    let buffered: Deliveries[T][] | null = spec.replay ? [] : null;
    const replayed = new Set<string>();
    const fresh = inOrder(spec);
    const subscription = this.pubsub.subscribe(spec.topic, spec.scope, (delivery) => {
      if (!fresh(delivery)) return;
      if (buffered) {
        if (buffered.length < MAX_UNREAD_EVENTS) buffered.push(delivery);
        else feed.fail(new FeedOverflowError('Too many events arrived during the replay.'));
        return;
      }
      if (replayed.size === 0 || !replayed.has(spec.key(delivery))) feed.push(delivery);
    });
    this.streams.add(feed as Feed<unknown>);
    feed.onClose(() => {
      subscription.close();
      this.streams.delete(feed as Feed<unknown>);
    });
    await subscription.ready;
    if (spec.replay) {
      const replay = spec.replay;
      void (async () => {
        for await (const page of replay()) {
          for (const delivery of page) {
            replayed.add(spec.key(delivery));
            if (!feed.push(delivery)) return;
          }
          while (feed.size > MAX_UNREAD_EVENTS / 2 && !feed.ended) await pause(10);
        }
        const pending = buffered ?? [];
        buffered = null;
        for (const delivery of pending) if (!replayed.has(spec.key(delivery))) feed.push(delivery);
      })().catch((error: unknown) => feed.fail(error));
    }
    return feed;
  }

  /** Ends every stream (SSE responses then complete); used at shutdown. */
  endAll(): void {
    for (const feed of [...this.streams]) feed.end();
  }
}
