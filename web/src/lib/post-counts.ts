/**
 * The live counts of a feed: the batches of `postCountsChanged` (one subscription for the whole page),
 * applied in place to the posts on screen.
 */
import type { ResultOf } from 'gql.tada';
import type { POST_COUNTS } from './subscriptions.js';

/** One post's counts, as a batch lists them. */
export type PostCounts = ResultOf<typeof POST_COUNTS>['postCountsChanged'][number];

/** Sets the score and comment count of each post in `lists` that `batch` lists; others stay as they are. */
export function applyCounts(
  batch: readonly PostCounts[],
  ...lists: Iterable<{ id: string; score: number; commentCount: number }>[]
): void {
  const byId = new Map(batch.map((counts) => [counts.id, counts]));
  for (const list of lists) {
    for (const post of list) {
      const counts = byId.get(post.id);
      if (counts) Object.assign(post, { score: counts.score, commentCount: counts.commentCount });
    }
  }
}
