/**
 * The response cache of anonymous reads: a store (Redis, shared by every instance, or in process), a
 * bound on how old an answer may be, and invalidation by the live events. Every instance listens to the
 * site-wide channels of two topics (see pubsub/topics.ts), so invalidation works across instances
 * whichever store is used:
 *
 * - `post:created`: every cached answer that lists posts (or showed an empty list of them);
 * - `post:changed` (votes, comments, edits, deletions; coalesced, at most one batch per window from each
 *   instance): every cached answer showing those posts;
 * - `moderation:action`: every cached answer showing the submolt (its log, moderators, pinned posts).
 *
 * A post moving into a page that did not show it (its rank changed), and changes no event reports
 * (stats, a new submolt in the list), are served at most `ttlMs` late. The yoga plugin that reads and
 * fills the cache is http/response-cache.ts.
 */
import type { Cache, CacheEntityRecord } from '@envelop/response-cache';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { ExecutionResult } from 'graphql';
import type { Metrics } from '../infra/metrics.js';
import type { PubSub, Subscription } from '../pubsub/pubsub.js';
import { EVERYWHERE } from '../pubsub/topics.js';

/** Entities of answers that list posts: `PostEdge` stands for an empty `edges` list, `Post` for the rest. */
const POST_LISTS: CacheEntityRecord[] = [{ typename: 'Post' }, { typename: 'PostEdge' }];

const onePost = (postId: string): CacheEntityRecord[] => [{ typename: 'Post', id: encodeGlobalID('Post', postId) }];

export class ResponseCache {
  /** The store as the execution plugin sees it: lookups counted as hits and misses. */
  readonly store: Cache;
  private readonly subscriptions: Subscription[];

  constructor(
    private readonly answers: Cache,
    /** Longest life of an answer, in ms. */
    readonly ttlMs: number,
    pubsub: PubSub,
    private readonly metrics: Metrics,
  ) {
    const store = answers;
    this.store = {
      get: async (id) => {
        const found = await store.get(id);
        metrics.countResponseCache(found != null);
        return found;
      },
      set: (id, data, entities, ttl) => store.set(id, data, entities, ttl),
      invalidate: (entities) => store.invalidate(entities),
    };
    const invalidate = (entities: CacheEntityRecord[]) => void store.invalidate(entities);
    this.subscriptions = [
      pubsub.subscribe('post:created', EVERYWHERE, () => invalidate(POST_LISTS)),
      pubsub.subscribe('post:changed', EVERYWHERE, (batch) => invalidate(batch.flatMap((e) => onePost(e.postId)))),
      pubsub.subscribe('moderation:action', EVERYWHERE, ({ action }) =>
        invalidate([{ typename: 'Submolt', id: encodeGlobalID('Submolt', action.submoltId) }]),
      ),
    ];
  }

  /**
   * The answer kept under `id`, for a lookup before execution: a hit is counted when it is served
   * ({@link served}); a miss is not, since the operation then executes and looks again.
   */
  async find(id: string): Promise<ExecutionResult | null> {
    return (await this.answers.get(id)) ?? null;
  }

  /** Counts an answer served by a lookup before execution. */
  served(): void {
    this.metrics.countResponseCache(true);
  }

  /** Stops listening to the events. */
  close(): void {
    for (const subscription of this.subscriptions) subscription.close();
  }
}
