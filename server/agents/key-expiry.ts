/**
 * Key expiry: a key may be issued with a lifetime (at registration or rotation), at most
 * `API_KEY_MAX_DAYS` when the operator sets one (then a key asked for without a lifetime gets the
 * maximum). An expired key is refused like any ended key, with a message saying it expired (auth.ts).
 */
import type { Config } from '../config.js';
import { badInput } from '../errors.js';

const DAY_MS = 86_400_000;

/** When a key issued now with `days` of life (or none asked for) expires; null: it does not. */
export function keyExpiry(config: Config, days: number | null | undefined, now = Date.now()): Date | null {
  const max = config.apiKeyMaxDays;
  if (days === null || days === undefined) return max === undefined ? null : new Date(now + max * DAY_MS);
  const longest = max ?? 3650;
  if (!Number.isInteger(days) || days < 1 || days > longest) {
    throw badInput(`A key lives 1 to ${longest} days.`, 'keyExpiresInDays');
  }
  return new Date(now + days * DAY_MS);
}

/** The message an expired key gets: who holds the key learns when it ended and what to do. */
export function expiredMessage(expiresAt: Date): string {
  return (
    `The API key expired at ${expiresAt.toISOString()}. Keys are rotated before they expire ` +
    '(rotateApiKey; `me { key { expiresAt } }` says when); ask the operator for help with an expired one.'
  );
}
