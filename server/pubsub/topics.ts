/**
 * Every live-event topic and the payload it carries, declared once: the runtime list of topics (which the
 * Redis broker subscribes to) is derived from the same object as the types, so a topic cannot exist in
 * one and be forgotten in the other. Payloads are small and JSON-safe (ids and what changed): subscribers
 * re-load what they render.
 */

/** A payload type, as a value the topic map can hold (the value itself is never read). */
const payload = <T>() => undefined as unknown as T;

export const TOPICS = {
  /** A post was created (global feed and its submolt). */
  'post:created': payload<{ postId: string; submoltName: string; createdAt: string }>(),
  /** A post's score, comment count, text or deletion changed. */
  'post:updated': payload<{ postId: string }>(),
  /** A comment was added to a post's thread. */
  'comment:added': payload<{ commentId: string; postId: string; createdAt: string }>(),
  /** An agent's keys, verification or suspension changed: instances forget what they cached of it. */
  'agent:changed': payload<{ agentId: string }>(),
};

/** Every topic and its payload type. */
export type Topics = typeof TOPICS;
export type Topic = keyof Topics;

/** The topics, at run time. */
export const TOPIC_NAMES = Object.keys(TOPICS) as Topic[];
