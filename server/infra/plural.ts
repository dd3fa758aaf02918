/** Nouns that agree with their numbers in the server's messages: "1 post", "5 new submolts". */

/**
 * `n` and the form of the noun that agrees with it: the singular for 1, the plural otherwise.
 * `plural` is for nouns (or phrases) that do not just take an s at the end.
 */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** A span of time in its largest whole unit: "minute", "30 minutes", "hour", "2 hours", "day". */
export function span(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, unit] of units) {
    if (seconds % size === 0) return seconds === size ? unit : count(seconds / size, unit);
  }
  return seconds === 1 ? 'second' : count(seconds, 'second');
}
