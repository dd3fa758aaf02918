/**
 * Live subscription fields and the transports that run them. A field opts into shared execution in one
 * visible way: its `subscribe` returns `live(ctx, spec)`, describing its event stream as a
 * {@link LiveSpec} (topic, filter, replay from the database, identity for de-duplication).
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
import type { Topic, Topics } from '../pubsub/topics.js';
import { Feed, FeedOverflowError } from './feed.js';

/** Events a subscriber may have unread before its subscription ends with an error. */
export const MAX_UNREAD_EVENTS = 1000;

export interface LiveSpec<T extends Topic = Topic> {
  readonly topic: T;
  /** Whether an event of the topic belongs to this subscription (its submolt, its post). */
  matches(payload: Topics[T]): boolean;
  /** Identity of an event, to drop a live event already sent by the replay. */
  key(payload: Topics[T]): string;
  /** Pages of the events after the client's `after`, oldest first, read from the database. */
  replay?: () => AsyncIterable<Topics[T][]>;
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
export function live<T extends Topic>(ctx: LiveContext, spec: LiveSpec<T>): AsyncIterable<Topics[T]> {
  const claim = ctx.live;
  if (!claim || claim.taken) return ctx.services.liveStreams.open(spec);
  const feed = new Feed<Topics[T]>(MAX_UNREAD_EVENTS);
  claim.spec = spec as unknown as LiveSpec;
  claim.feed = feed as Feed<unknown>;
  return feed;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The subscribers' own streams (SSE) of one app, ended together at shutdown. */
export class LiveStreams {
  private readonly streams = new Set<Feed<unknown>>();

  constructor(private readonly pubsub: PubSub) {}

  /** One subscriber's own stream: replay since `after` (live events buffered meanwhile), then live. */
  open<T extends Topic>(spec: LiveSpec<T>): Feed<Topics[T]> {
    const feed = new Feed<Topics[T]>(MAX_UNREAD_EVENTS);
    let buffered: Topics[T][] | null = spec.replay ? [] : null;
    const replayed = new Set<string>();
    const off = this.pubsub.subscribe(spec.topic, (payload) => {
      if (!spec.matches(payload)) return;
      if (buffered) {
        if (buffered.length < MAX_UNREAD_EVENTS) buffered.push(payload);
        else feed.fail(new FeedOverflowError('Too many events arrived during the replay.'));
        return;
      }
      if (replayed.size === 0 || !replayed.has(spec.key(payload))) feed.push(payload);
    });
    this.streams.add(feed as Feed<unknown>);
    feed.onClose(() => {
      off();
      this.streams.delete(feed as Feed<unknown>);
    });
    if (spec.replay) {
      const replay = spec.replay;
      void (async () => {
        await this.pubsub.ready();
        for await (const page of replay()) {
          for (const payload of page) {
            replayed.add(spec.key(payload));
            if (!feed.push(payload)) return;
          }
          while (feed.size > MAX_UNREAD_EVENTS / 2 && !feed.ended) await pause(10);
        }
        const pending = buffered ?? [];
        buffered = null;
        for (const payload of pending) if (!replayed.has(spec.key(payload))) feed.push(payload);
      })().catch((error: unknown) => feed.fail(error));
    }
    return feed;
  }

  /** Ends every stream (SSE responses then complete); used at shutdown. */
  endAll(): void {
    for (const feed of [...this.streams]) feed.end();
  }
}
