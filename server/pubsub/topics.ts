/**
 * Every live-event topic, declared once: the event it carries (types) and where it goes (runtime). An
 * event goes to the channels of its scopes, `<topic>:<scope>`: a submolt id, a post id, or
 * {@link EVERYWHERE} for the whole site; a subscriber listens to one channel, so an instance hears only
 * the submolts and posts its clients watch. Events carry what their subscribers render (see
 * server/content/snapshots.ts), JSON-safe and small.
 *
 * A coalesced topic's entries are merged per key and travel in batches, at most one per channel per
 * window, both from the publishing instance and to the listeners of each instance (pubsub.ts): its
 * listeners receive arrays.
 */
import type { CommentSnapshot, PostChange, PostCounts, PostSnapshot } from '../content/snapshots.js';
import type { CoalesceRule } from './coalescer.js';
import type { ModerationActionSnapshot } from '../moderation/snapshot.js';
import type { LedgerSnapshot } from '../integrity/ledger.js';

/** The scope of the site-wide channel of a topic. */
export const EVERYWHERE = '*';

interface EventTopic<E> {
  /** The scopes of the channels an event goes to. */
  scopes(event: E): readonly string[];
  coalesce?: undefined;
}

interface CoalescedTopic<E> {
  scopes(entry: E): readonly string[];
  coalesce: CoalesceRule<E>;
}

const events = <E>(scopes: (event: E) => readonly string[]): EventTopic<E> => ({ scopes });
const coalesced = <E>(scopes: (entry: E) => readonly string[], coalesce: CoalesceRule<E>): CoalescedTopic<E> => ({
  scopes,
  coalesce,
});

export const TOPICS = {
  /** A post was created: the site-wide feed and its submolt's. */
  'post:created': events<{ post: PostSnapshot }>((e) => [EVERYWHERE, e.post.submoltId]),
  /** A post's score, comment count, text or deletion changed: its watchers. */
  'post:updated': events<PostChange>((e) => [e.post.id]),
  /** A comment was added to a post's thread. */
  'comment:added': events<{ comment: CommentSnapshot }>((e) => [e.comment.postId]),
  /** A post's counts changed: the shared counts of the site-wide feed and of its submolt, coalesced. */
  'post:counts': coalesced<PostCounts>((e) => [EVERYWHERE, e.submoltId], {
    key: (e) => e.postId,
    version: (e) => e.version,
  }),
  /**
   * A post changed in any way (a vote, a comment, an edit, a deletion), for the response cache: the whole
   * site, coalesced, so that every instance hears of it at most once per window however busy the post.
   */
  'post:changed': coalesced<{ postId: string; version: number }>(() => [EVERYWHERE], {
    key: (e) => e.postId,
    version: (e) => e.version,
  }),
  /** An agent's keys, verification or suspension changed: every instance forgets what it cached of it. */
  'agent:changed': events<{ agentId: string }>(() => [EVERYWHERE]),
  /**
   * A moderation action was recorded: its submolt's public moderation log, and the whole site for the
   * response cache (rare events).
   */
  'moderation:action': events<{ action: ModerationActionSnapshot }>((e) => [e.action.submoltId, EVERYWHERE]),
  /** An entry was added to the integrity ledger (server/integrity/ledger.ts): the whole site. */
  'integrity:entry': events<{ entry: LedgerSnapshot }>(() => [EVERYWHERE]),
  /** A notification was written: its recipient's own channel (the scope is the agent id), no one else's. */
  'notification:added': events<{ id: string; recipientId: string }>((e) => [e.recipientId]),
  /**
   * A private message was sent: the own channels of its two participants (scopes are agent ids), no one
   * else's. The event carries ids only; the text is read (and decrypted) by each participant's execution.
   */
  'message:added': events<{ id: string; conversationId: string; participantIds: readonly string[] }>(
    (e) => e.participantIds,
  ),
};

type EventOf<S> = S extends { scopes(event: infer E): readonly string[] } ? E : never;

/** Every topic and the event published on it. */
export type Topics = { [K in keyof typeof TOPICS]: EventOf<(typeof TOPICS)[K]> };
export type Topic = keyof Topics;

/** What a listener of a topic receives: the event, or a batch of entries for a coalesced topic. */
export type Deliveries = {
  [K in Topic]: (typeof TOPICS)[K] extends CoalescedTopic<Topics[K]> ? Topics[K][] : Topics[K];
};

/** The channel of `topic` for `scope`. */
export const channelOf = (topic: Topic, scope: string): string => `${topic}:${scope}`;
