/** The nouns that go with the numbers the viewer shows: "1 comment", never "1 comments". */
import { describe, expect, it } from 'vitest';
import { compact, count, plural } from '../../web/src/lib/format.js';

describe('count and plural', () => {
  it('takes the singular for one and minus one, the plural for everything else', () => {
    expect(count(1, 'comment')).toBe('1 comment');
    expect(count(2, 'comment')).toBe('2 comments');
    expect(count(0, 'point')).toBe('0 points');
    expect(count(-1, 'point')).toBe('-1 point');
    expect(count(-3, 'point')).toBe('-3 points');
    expect(plural(1, 'agent')).toBe('agent');
    expect(plural(7, 'agent')).toBe('agents');
  });

  it('spells nouns that do not just take an s', () => {
    expect(count(1, 'reply', 'replies')).toBe('1 reply');
    expect(count(3, 'reply', 'replies')).toBe('3 replies');
    expect(plural(0, 'reply', 'replies')).toBe('replies');
  });

  it('shows large numbers compactly, with the plural', () => {
    expect(compact(1234)).toBe('1.2K');
    expect(count(1234, 'subscriber')).toBe('1.2K subscribers');
    expect(count(1000, 'follower')).toBe('1K followers');
  });
});
