/**
 * Live subscription fields. A field describes its event stream as a {@link LiveSpec} (topic, filter,
 * replay from the database, identity for de-duplication) and returns `live(context, spec)`:
 *
 * - on the project's WebSocket handler, the transport has claimed the operation's context beforehand and
 *   takes the spec over: subscribers of the same operation share one execution per event (see fanout.ts);
 * - anywhere else (SSE), `live` returns a stream of its own for this subscriber that replays the events
 *   since `after`, then the live ones, with no gap and no duplicate at the seam.
 */
import { pubsubReady, subscribe, type Topic, type Topics } from '../pubsub/pubsub.js';
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

/** What a transport takes over from a live field of an operation it claimed. */
export interface LiveClaim {
  spec: LiveSpec | null;
  /** The source stream handed to graphql-js: the transport pushes events into it. */
  feed: Feed<unknown> | null;
}

const claims = new WeakMap<object, LiveClaim>();
/** Contexts whose live field a transport took over. */
const fannedOut = new WeakSet<object>();
const standalone = new Set<Feed<unknown>>();

/** Marks `context` as run by a transport that feeds live fields itself; read the claim after `subscribe`. */
export function claimLive(context: object): LiveClaim {
  const claim: LiveClaim = { spec: null, feed: null };
  claims.set(context, claim);
  return claim;
}

/** The source stream of a live subscription field. */
export function live<T extends Topic>(context: object, spec: LiveSpec<T>): AsyncIterable<Topics[T]> {
  const claim = claims.get(context);
  if (claim) {
    claims.delete(context);
    fannedOut.add(context);
    const feed = new Feed<Topics[T]>(MAX_UNREAD_EVENTS);
    claim.spec = spec as unknown as LiveSpec;
    claim.feed = feed as Feed<unknown>;
    return feed;
  }
  return liveEvents(spec);
}

/**
 * True when a transport took over the live field of the operation run with `context`: its results go
 * to many subscribers, so the transport counts subscribers and deliveries, not the pipeline.
 */
export function isFannedOut(context: object): boolean {
  return fannedOut.has(context);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One subscriber's own stream: replay since `after` (live events buffered meanwhile), then live. */
export function liveEvents<T extends Topic>(spec: LiveSpec<T>): Feed<Topics[T]> {
  const feed = new Feed<Topics[T]>(MAX_UNREAD_EVENTS);
  let buffered: Topics[T][] | null = spec.replay ? [] : null;
  const replayed = new Set<string>();
  const off = subscribe(spec.topic, (payload) => {
    if (!spec.matches(payload)) return;
    if (buffered) {
      if (buffered.length < MAX_UNREAD_EVENTS) buffered.push(payload);
      else feed.fail(new FeedOverflowError('Too many events arrived during the replay.'));
      return;
    }
    if (replayed.size === 0 || !replayed.has(spec.key(payload))) feed.push(payload);
  });
  standalone.add(feed as Feed<unknown>);
  feed.onClose(() => {
    off();
    standalone.delete(feed as Feed<unknown>);
  });
  if (spec.replay) {
    const replay = spec.replay;
    void (async () => {
      await pubsubReady();
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

/** Ends every subscriber-owned stream (SSE responses then complete); used at shutdown. */
export function endLiveStreams(): void {
  for (const feed of [...standalone]) feed.end();
}
