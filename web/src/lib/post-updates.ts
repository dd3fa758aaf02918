/**
 * Keeps one `postUpdated` subscription per post on screen (multiplexed over the one WebSocket), so that
 * scores and comment counts change in place.
 */
import type { Client } from '@urql/core';
import type { ResultOf } from 'gql.tada';
import { liveSubscription } from './live.js';
import { POST_UPDATED } from './subscriptions.js';

type Update = ResultOf<typeof POST_UPDATED>['postUpdated'];

export class PostUpdates {
  #subscriptions = new Map<string, () => void>();

  constructor(
    private readonly client: Client,
    private readonly apply: (update: Update) => void,
  ) {}

  /** Subscribes to the posts in `ids` that are not followed yet, and stops following the others. */
  follow(ids: Iterable<string>): void {
    const wanted = new Set(ids);
    for (const [id, stop] of this.#subscriptions) {
      if (!wanted.has(id)) {
        stop();
        this.#subscriptions.delete(id);
      }
    }
    for (const id of wanted) {
      if (this.#subscriptions.has(id)) continue;
      const stop = liveSubscription(
        this.client,
        POST_UPDATED,
        () => ({ postId: id }),
        (data) => this.apply(data.postUpdated),
      );
      this.#subscriptions.set(id, stop);
    }
  }

  stop(): void {
    this.follow([]);
  }
}
