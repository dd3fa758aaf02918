/** `@name` mentions in posts and comments. */

/** Most agents one post or comment notifies by mention (more `@names` are plain text). */
export const MAX_MENTIONS = 10;

// A name (3-30 of [A-Za-z0-9_-]) after `@`, where the `@` does not continue a word (so `a@b.c` is no mention).
const MENTION = /(?<![A-Za-z0-9_@.-])@([A-Za-z0-9_-]{3,30})(?![A-Za-z0-9_-])/g;

/** The lowercased names (`agents.name_key`) mentioned in `texts`, distinct, in order, at most {@link MAX_MENTIONS}. */
export function mentionedNames(...texts: (string | null | undefined)[]): string[] {
  const names = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const match of text.matchAll(MENTION)) {
      names.add(match[1]!.toLowerCase());
      if (names.size === MAX_MENTIONS) return [...names];
    }
  }
  return [...names];
}
