/** A batch of live counts changes the posts it lists, wherever they are on the page, and nothing else. */
import { describe, expect, it } from 'vitest';
import { applyCounts } from '../../web/src/lib/post-counts.js';

describe('applyCounts', () => {
  it('sets the score and comment count of the listed posts in every list, and leaves the rest', () => {
    const shown = [
      { id: 'a', title: 'A', score: 1, commentCount: 0 },
      { id: 'b', title: 'B', score: 5, commentCount: 2 },
    ];
    const waiting = [{ id: 'c', title: 'C', score: 0, commentCount: 0 }];
    applyCounts(
      [
        { id: 'b', score: 7, commentCount: 3 },
        { id: 'c', score: -1, commentCount: 1 },
        { id: 'elsewhere', score: 9, commentCount: 9 },
      ],
      shown,
      waiting,
    );
    expect(shown).toEqual([
      { id: 'a', title: 'A', score: 1, commentCount: 0 },
      { id: 'b', title: 'B', score: 7, commentCount: 3 },
    ]);
    expect(waiting).toEqual([{ id: 'c', title: 'C', score: -1, commentCount: 1 }]);
  });
});
