/**
 * Execute-once fan-out. Subscribers of the same live operation (same document, operation name,
 * variables apart from `after`, and viewer) form a group. The group runs the operation once per event
 * through the yoga pipeline, serializes the result once, and sends the same text to every member with
 * the member's operation id spliced in. A member that asked for `after` first receives its own replay;
 * the group's live events that arrive meanwhile are buffered and de-duplicated against the replay.
 * Messages are written as WebSocket frames without joining their parts (frames.ts).
 */
import type { ExecutionResult } from 'graphql';
import type { Services } from '../services.js';
import type { Subscription } from '../pubsub/pubsub.js';
import type { Deliveries } from '../pubsub/topics.js';
import type { Feed } from './feed.js';
import { SharedNext } from './frames.js';
import { inOrder, MAX_UNREAD_EVENTS, type LiveSpec } from './live.js';

/** The side of a connection the hub talks to, for one operation. */
export interface Outlet {
  /**
   * Sends one `next` message, `prefix` (the operation's {@link nextPrefix}) then `next`'s shared end.
   * False when the connection is gone or was cut off as too slow.
   */
  sendNext(prefix: Buffer, next: SharedNext): boolean;
  /** Resolves when the connection's send buffer is low enough to send more. */
  drained(): Promise<void>;
  /** Ends the operation with an `error` message. */
  fail(message: string, code: string): void;
}

/** A live operation's source (the feed graphql-js reads) and its executed results. */
export interface LiveSource {
  feed: Feed<unknown>;
  results: AsyncIterator<ExecutionResult>;
}

/** The text of a `next` message up to its payload, for operation `id`. */
export const nextPrefix = (id: string) => `{"id":${JSON.stringify(id)},"type":"next","payload":`;

/** What the hub uses of the app's services. */
export type HubServices = Pick<Services, 'pubsub' | 'metrics' | 'log'>;

export class Member {
  private readonly prefix: Buffer;
  /** Live events buffered while the replay runs: [event key, result]. */
  private buffered: Array<[string, SharedNext]> | null;
  private readonly replayed = new Set<string>();
  left = false;

  constructor(
    id: string,
    readonly outlet: Outlet,
    replaying: boolean,
    private readonly services: HubServices,
    /** Resolves once the group hears its channel (see `Subscription.ready`). */
    private readonly ready: Promise<void>,
  ) {
    this.prefix = Buffer.from(nextPrefix(id));
    this.buffered = replaying ? [] : null;
  }

  /** Sends a live event (or buffers it during the replay); true when it went to the socket now. */
  deliver(key: string, next: SharedNext): boolean {
    if (this.left) return false;
    if (this.buffered) {
      if (this.buffered.length < MAX_UNREAD_EVENTS) this.buffered.push([key, next]);
      else this.outlet.fail('Too many events arrived during the replay; resubscribe with `after`.', 'RATE_LIMITED');
      return false;
    }
    if (this.replayed.size > 0 && this.replayed.has(key)) return false;
    return this.outlet.sendNext(this.prefix, next);
  }

  /**
   * Sends the replay through the member's own source, then what was buffered meanwhile; `label` names
   * the operation in the delivery count.
   */
  async catchUp(spec: LiveSpec, own: LiveSource, label: string): Promise<void> {
    try {
      await this.ready;
      for await (const page of spec.replay!()) {
        for (const event of page) {
          if (this.left) return;
          own.feed.push(event);
          const result = await own.results.next();
          if (result.done || this.left) return;
          this.replayed.add(spec.key(event as never));
          if (!this.outlet.sendNext(this.prefix, new SharedNext(result.value))) return;
          this.services.metrics.eventDelivered(label);
        }
        await this.outlet.drained();
      }
    } finally {
      void own.results.return?.();
    }
    const pending = this.buffered ?? [];
    this.buffered = null;
    let sent = 0;
    for (const [key, next] of pending) if (this.deliver(key, next)) sent += 1;
    if (sent > 0) this.services.metrics.eventDelivered(label, sent);
  }
}

class Group {
  readonly members = new Set<Member>();
  closed = false;
  /** Delivery of the previous event: events execute concurrently but are delivered in order. */
  private tail: Promise<void> = Promise.resolve();
  /** Events executing or waiting for their turn to be delivered. */
  private inFlight = 0;
  private readonly subscription: Subscription;

  constructor(
    private readonly spec: LiveSpec,
    /** The operation's name in metrics. */
    readonly label: string,
    private readonly source: LiveSource,
    private readonly services: HubServices,
    private readonly onEmpty: () => void,
  ) {
    const fresh = inOrder(spec);
    this.subscription = services.pubsub.subscribe(spec.topic, spec.scope, (payload: Deliveries[typeof spec.topic]) => {
      if (this.closed || !fresh(payload)) return;
      if (this.inFlight >= MAX_UNREAD_EVENTS) return this.end(new Error('live events arrive faster than they execute'));
      if (!source.feed.push(payload)) return;
      this.inFlight += 1;
      // The feed holds the event, so this read takes it at once and starts its execution now.
      const executed = source.results.next();
      const key = spec.key(payload);
      this.tail = this.tail.then(() => executed.then((result) => this.deliver(key, result)));
      this.tail.catch((error: unknown) => this.end(error));
    });
  }

  /** Resolves once the group hears its channel. */
  get ready(): Promise<void> {
    return this.subscription.ready;
  }

  private deliver(key: string, result: IteratorResult<ExecutionResult>): void {
    this.inFlight -= 1;
    if (this.closed) return;
    if (result.done) return this.end(null);
    const next = new SharedNext(result.value);
    let sent = 0;
    for (const member of this.members) if (member.deliver(key, next)) sent += 1;
    if (sent > 0) this.services.metrics.eventDelivered(this.label, sent);
  }

  private end(error: unknown): void {
    if (this.closed) return;
    if (error) this.services.log.warn({ err: error }, 'live group ended');
    for (const member of this.members) {
      member.outlet.fail('The live stream ended; resubscribe with `after`.', 'INTERNAL_SERVER_ERROR');
    }
    this.close();
  }

  leave(member: Member): void {
    if (member.left) return;
    member.left = true;
    this.services.metrics.subscriptionEnded();
    this.members.delete(member);
    if (this.members.size === 0) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.subscription.close();
    this.source.feed.end();
    void this.source.results.return?.();
    this.onEmpty();
  }
}

/**
 * The function that takes `member` out of `group`, made outside `join`: a closure made there would keep
 * all of `join`'s scope alive for as long as the subscription lasts (its group key, and through
 * `createSource` the subscriber's whole execution context).
 */
const leaving = (group: Group, member: Member) => () => group.leave(member);

export class FanoutHub {
  private readonly groups = new Map<string, Promise<Group>>();

  constructor(private readonly services: HubServices) {}

  /** Number of groups (distinct live operations) being executed. */
  get size(): number {
    return this.groups.size;
  }

  /**
   * Adds a subscriber to the group of `key`, creating the group from `createSource` when it is the first.
   * Returns the member and the function that takes it out. `label` names the operation in metrics.
   */
  async join(
    key: string,
    spec: LiveSpec,
    label: string,
    id: string,
    outlet: Outlet,
    createSource: () => Promise<LiveSource>,
  ): Promise<{ member: Member; leave: () => void }> {
    let group: Group;
    do {
      let pending = this.groups.get(key);
      if (!pending) {
        const created: Promise<Group> = createSource().then(async (source) => {
          const onEmpty = () => this.groups.get(key) === created && this.groups.delete(key);
          const group = new Group(spec, label, source, this.services, onEmpty);
          // Counted as started once it hears its channel: an event published after that reaches it.
          await group.ready;
          return group;
        });
        this.groups.set(key, (pending = created));
        created.catch(() => this.groups.get(key) === created && this.groups.delete(key));
      }
      group = await pending;
    } while (group.closed);
    const member = new Member(id, outlet, spec.replay !== undefined, this.services, group.ready);
    group.members.add(member);
    this.services.metrics.subscriptionStarted();
    return { member, leave: leaving(group, member) };
  }

  /** Ends every group (at shutdown). */
  async dispose(): Promise<void> {
    const groups = await Promise.allSettled([...this.groups.values()]);
    for (const group of groups) if (group.status === 'fulfilled') group.value.close();
    this.groups.clear();
  }
}
