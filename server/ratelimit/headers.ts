/**
 * The rate-limit state of a response in the IETF HTTP API working group's fields
 * (draft-ietf-httpapi-ratelimit-headers-11, Structured Field Lists): `RateLimit-Policy` names the policy
 * with its quota and window, `RateLimit` what is left of it and when that changes.
 *
 *     RateLimit-Policy: "requests";q=100;w=60
 *     RateLimit: "requests";r=42;t=17
 */
import type { LimitState } from './limiter.js';

/** The fields' names, as CORS exposes them to browser clients. */
export const RATE_LIMIT_HEADERS = ['ratelimit-policy', 'ratelimit'] as const;

/**
 * Sets both fields for `state`. `t` is the effective window: the seconds within which no more than `r`
 * can be used, until the oldest counted request leaves the sliding window (the whole window when nothing
 * is counted).
 */
export function setRateLimitHeaders(headers: Headers, state: LimitState): void {
  const policy = JSON.stringify(state.name);
  headers.set('ratelimit-policy', `${policy};q=${state.limit};w=${state.windowSeconds}`);
  headers.set('ratelimit', `${policy};r=${state.remaining};t=${state.nextFreeSeconds ?? state.windowSeconds}`);
}
