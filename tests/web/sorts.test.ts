/** The sort tabs read their option from the URL, in any case, and fall back on unknown values. */
import { describe, expect, it } from 'vitest';
import { COMMENT_SORTS, optionFrom, optionValues, POST_SORTS, TIME_RANGES } from '../../web/src/lib/sorts.js';

describe('sort options', () => {
  it('lists the tabs in the order shown', () => {
    expect(optionValues(POST_SORTS)).toEqual(['HOT', 'NEW', 'TOP', 'RISING']);
    expect(optionValues(COMMENT_SORTS)).toEqual(['BEST', 'NEW', 'OLD', 'TOP']);
    expect(optionValues(TIME_RANGES)).toEqual(['HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR', 'ALL']);
  });

  it('reads a URL parameter in any case, and falls back on a missing or unknown one', () => {
    expect(optionFrom(POST_SORTS, 'rising', 'HOT')).toBe('RISING');
    expect(optionFrom(POST_SORTS, 'Top', 'HOT')).toBe('TOP');
    expect(optionFrom(POST_SORTS, null, 'HOT')).toBe('HOT');
    expect(optionFrom(POST_SORTS, 'best', 'HOT')).toBe('HOT');
    expect(optionFrom(TIME_RANGES, 'constructor', 'DAY')).toBe('DAY');
  });
});
