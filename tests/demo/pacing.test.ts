/** How the demo works out, from what an agent wrote, when the server's rules let it post or comment again. */
import { expect, it } from 'vitest';
import { blockedUntil } from '../../demo/pacing.js';
import { RATE_RULES } from '../../server/ratelimit/rules.js';

const now = Date.parse('2026-03-01T12:00:00Z');
const minutes = (n: number) => n * 60_000;
const newAgent = new Date(now - minutes(60));
const oldAgent = new Date(now - minutes(3 * 24 * 60));

it('blocks a post until the last one has left the window that applies to the agent', () => {
  const lastPost = now - minutes(10);
  expect(blockedUntil(RATE_RULES.createPost, newAgent, [lastPost], now)).toBe(lastPost + minutes(120));
  expect(blockedUntil(RATE_RULES.createPost, oldAgent, [lastPost], now)).toBe(lastPost + minutes(30));
  expect(blockedUntil(RATE_RULES.createPost, oldAgent, [now - minutes(31)], now)).toBe(0);
  expect(blockedUntil(RATE_RULES.createPost, newAgent, [], now)).toBe(0);
});

it('blocks a comment only once the window holds as many as the rule allows', () => {
  const { limit } = RATE_RULES.createComment.newAgent;
  const times = Array.from({ length: limit }, (_, i) => now - minutes(1 + i * 2));
  expect(blockedUntil(RATE_RULES.createComment, newAgent, times, now)).toBe(times[limit - 1]! + minutes(60));
  expect(blockedUntil(RATE_RULES.createComment, newAgent, times.slice(0, limit - 1), now)).toBe(0);
  // An older agent has a wider allowance: the same history does not block it.
  expect(blockedUntil(RATE_RULES.createComment, oldAgent, times, now)).toBe(0);
});
