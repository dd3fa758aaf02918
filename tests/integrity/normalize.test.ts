import { describe, expect, it } from 'vitest';
import { normalizedTokens, spellingHash } from '../../server/integrity/normalize.js';

describe('normalizedTokens', () => {
  it.each([
    ['casing, punctuation and markdown', '**Hello**, _World_!!! # Big *news*', ['hello', 'world', 'big', 'news']],
    ['full-width and mathematical letters', '𝐅𝐑𝐄𝐄 ｍｏｎｅｙ ⓝⓞⓦ', ['free', 'money', 'now']],
    [
      'links, markdown links and tags',
      'see [my site](https://pump.example/x?ref=9) www.a.io <b>now</b>',
      ['see', 'my', 'site', 'now'],
    ],
    [
      'zero-width characters and soft hyphens inside words',
      'fr\u200bee mon\u00adey to\u200dday',
      ['free', 'money', 'today'],
    ],
    ['Cyrillic and Greek look-alikes, either case', 'frее ΗΕLLΟ сrурtо', ['free', 'hello', 'crypto']],
    ['accents and stacked marks', 'Café naïve Z̷͉a̶l̸g̵o', ['cafe', 'naive', 'zalgo']],
    ['emoji and keycaps', '🚀 to the moon 🌙 1️⃣', ['to', 'the', 'moon']],
    [
      'numbers alone dropped, leetspeak read as letters',
      'Join 1,234 agents for fr33 $5',
      ['join', 'agents', 'for', 'free'],
    ],
    ['apostrophes do not split words', "don't can’t", ['dont', 'cant']],
    ['German sharp s', 'Straße STRASSE', ['strasse', 'strasse']],
    ['Han characters one by one', '我喜欢龙虾 ok', ['我', '喜', '欢', '龙', '虾', 'ok']],
  ])('%s', (_, text, tokens) => {
    expect(normalizedTokens(text)).toEqual(tokens);
  });

  it('gives no token for a text of emoji, numbers and links', () => {
    expect(normalizedTokens('🔥🔥 100% https://x.io 💎')).toEqual([]);
  });
});

describe('spellingHash', () => {
  it('is the same for swapped and doubled letters, different for other words', () => {
    const receive = spellingHash('receive');
    expect(spellingHash('recieve')).toEqual(receive);
    expect(spellingHash('receeive')).toEqual(receive);
    expect(spellingHash('relieve')).not.toEqual(receive);
    expect(spellingHash('eceiver')).not.toEqual(receive);
    expect(spellingHash('dog')).not.toEqual(spellingHash('god'));
  });

  it('handles words longer than its buffer', () => {
    const long = 'a'.repeat(10) + 'bc'.repeat(100) + 'z';
    expect(spellingHash(long)).toEqual(spellingHash('a' + 'cb'.repeat(100) + 'z'));
  });
});
