/**
 * Text normalisation for near-duplicate detection: turns a post or comment into the word tokens its
 * fingerprint is built from, so that the small edits spammers make to dodge exact matching (casing,
 * punctuation, emoji, zero-width characters, look-alike letters, accents, numbers, links, markdown)
 * produce the same tokens.
 *
 * Steps, in order:
 * 1. Unicode NFKC: full-width, ligatures, circled and mathematical letters (`𝐅𝐑𝐄𝐄`) become plain ones.
 * 2. Cyrillic and Greek letters that look Latin become that Latin letter (a small table of the ones
 *    seen in practice, in the spirit of Unicode's confusable skeletons); before lower-casing, because
 *    Greek `Η` passes for `H` but its lower case `η` for `n`. Genuine Greek or Cyrillic text is mapped
 *    the same way every time, so it still compares correctly with itself.
 * 3. Case folding (lower case, `ß` as `ss`, final sigma as sigma).
 * 4. Links and HTML tags are removed (a spammer's copies often differ only by a referral link).
 * 5. Decomposition and removal of combining marks: accents, Zalgo stacks, emoji variation selectors.
 * 6. Invisible format characters (zero-width space and joiners, soft hyphen, bidi marks) and
 *    apostrophes are removed without a gap, so `fr\u200Bee` is `free` and `don't` is `dont`.
 * 7. Tokens are runs of letters and digits; everything else (punctuation, markdown syntax, emoji) is a
 *    separator. Han, kana and Thai, written without spaces, give one token per character.
 * 8. Numbers alone are dropped (copies vary counts and prices); digits inside words are read as the
 *    letters they imitate (`fr33` is `free`).
 */
import { hashCodes, type U64 } from './hash64.js';

/** Matched after lower-casing (a case-insensitive Unicode regex is several times slower). */
const URL_OR_TAG = /\b(?:https?:\/\/|www\.)\S+|<\/?[a-z][^<>]*>/gu;
/** Removed without leaving a gap: invisible format characters and apostrophes. */
const GAPLESS = /[\p{Cf}'’ʼ`´]/gu;
const MARKS = /\p{M}+/gu;
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu;
/** A run of letters and digits with at least one letter: numbers alone are not tokens. */
const TOKEN = /[\p{L}\p{N}]*\p{L}[\p{L}\p{N}]*/gu;
const DIGIT = /[0-9]/;
const DIGITS = /[0-9]/g;

/** Pairs of a look-alike letter and the Latin letter it passes for. */
const LOOKALIKE_PAIRS =
  'аaвbеeёeкkмmнhоoрpсcтtуyхxѕsіiїiјjһhԁdԛqԝwӏlьbАAВBЕEЁEКKМMНHОOРPСCТTХXЅSІIЇIЈJ' +
  'αaβbεeηnιiκkνvοoρpτtυuχxϲcΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧXɑaɡgıiȷjℓl';
const LOOKALIKES = new Map(
  Array.from({ length: LOOKALIKE_PAIRS.length / 2 }, (_, i) => [LOOKALIKE_PAIRS[2 * i]!, LOOKALIKE_PAIRS[2 * i + 1]!]),
);
const LOOKALIKE = new RegExp(`[${[...LOOKALIKES.keys()].join('')}]`, 'gu');

/** Digits that stand for letters inside words (leetspeak). */
const LEET: Readonly<Record<string, string>> = { 0: 'o', 1: 'i', 3: 'e', 4: 'a', 5: 's', 7: 't', 8: 'b' };

/** The normalised word tokens of `text`, in order (see the module comment for the rules). */
export function normalizedTokens(text: string): string[] {
  const folded = text
    .normalize('NFKC')
    .replace(LOOKALIKE, (c) => LOOKALIKES.get(c) ?? c)
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ς/g, 'σ')
    .replace(URL_OR_TAG, ' ')
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(GAPLESS, '')
    .replace(UNSPACED_SCRIPT, ' $& ');
  // Most tokens have no digit; testing first avoids a replace call per token (six times faster).
  return (folded.match(TOKEN) ?? []).map((t) => (DIGIT.test(t) ? t.replace(DIGITS, (d) => LEET[d] ?? '') : t));
}

/** Reused by every call (hashing is synchronous), so that a token costs no allocation. */
let scratch = new Uint16Array(64);

/**
 * The hash of a token's spelling key, the same for the common one-keystroke typos: doubled letters are
 * collapsed and the inner letters sorted (first and last kept), so `recieve`, `receive` and `receeive`
 * share it. A dropped or wrong letter still changes it. Hashed without building the key as a string,
 * which would cost three times as much.
 */
export function spellingHash(token: string): U64 {
  if (scratch.length < token.length) scratch = new Uint16Array(token.length * 2);
  let n = 0;
  for (let i = 0; i < token.length; i += 1) {
    const code = token.charCodeAt(i);
    if (n === 0 || scratch[n - 1] !== code) scratch[n++] = code;
  }
  // Insertion sort of the inner letters: words are short.
  for (let i = 2; i < n - 1; i += 1) {
    const code = scratch[i]!;
    let j = i - 1;
    for (; j >= 1 && scratch[j]! > code; j -= 1) scratch[j + 1] = scratch[j]!;
    scratch[j + 1] = code;
  }
  return hashCodes(scratch, n);
}
