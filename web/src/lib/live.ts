/**
 * Live subscriptions that resume after a reconnect: on each reconnect the subscription is restarted
 * with fresh variables (typically `after`: the newest item seen), so the server replays what was
 * missed while the connection was down. Callers dedupe by id.
 */
import type { AnyVariables, Client, TypedDocumentNode } from '@urql/core';
import { connection } from './connection.svelte.js';

/**
 * Subscribes to `document` with `variables()` (re-read at each reconnect) and calls `onData` for each
 * event. Returns the function that stops it.
 */
export function liveSubscription<Data, Variables extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: () => Variables,
  onData: (data: Data) => void,
): () => void {
  let current: { unsubscribe(): void } | null = null;
  const start = () => {
    current?.unsubscribe();
    current = client.subscription(document, variables()).subscribe((result) => {
      if (result.data) onData(result.data);
    });
  };
  start();
  const stopListening = connection.onReconnect(start);
  return () => {
    stopListening();
    current?.unsubscribe();
    current = null;
  };
}

/**
 * Keeps the id of the newest item seen (by creation time): the subscriptions' `after`, the position to
 * replay from after a reconnect.
 */
export class NewestSeen {
  #time = -Infinity;
  #id: string | null = null;

  see(item: { id: string; createdAt: string }): void {
    const time = new Date(item.createdAt).getTime();
    if (time >= this.#time) {
      this.#time = time;
      this.#id = item.id;
    }
  }

  get value(): string | null {
    return this.#id;
  }
}
