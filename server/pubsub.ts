/**
 * Publishing and subscribing to live events. One typed map of topics to payloads; payloads are small and
 * JSON-safe (ids and what changed) because Redis carries JSON. Publish only after the transaction that
 * made the change has committed; a failed publish is logged and never fails the write.
 */
import { log } from './log.js';

/** Every topic and the payload it carries. */
export interface Topics {
  /** A post was created (global feed and its submolt). */
  'post:created': { postId: string; submoltName: string; createdAt: string };
  /** A post's score, comment count, text or deletion changed. */
  'post:updated': { postId: string };
  /** A comment was added to a post's thread. */
  'comment:added': { commentId: string; postId: string; createdAt: string };
}
export type Topic = keyof Topics;

type Listener<T extends Topic> = (payload: Topics[T]) => void;
const listeners = new Map<Topic, Set<Listener<Topic>>>();

/** Delivers `payload` to every subscriber of `topic` (on every instance, once Redis is wired). */
export function publish<T extends Topic>(topic: T, payload: Topics[T]): void {
  try {
    for (const listener of listeners.get(topic) ?? []) listener(payload);
  } catch (error) {
    log.error({ err: error, topic }, 'publish failed');
  }
}

/** Calls `listener` for each event on `topic` until the returned function is called. */
export function subscribe<T extends Topic>(topic: T, listener: Listener<T>): () => void {
  let set = listeners.get(topic);
  if (!set) listeners.set(topic, (set = new Set()));
  set.add(listener as Listener<Topic>);
  return () => set.delete(listener as Listener<Topic>);
}
