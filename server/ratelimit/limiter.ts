/**
 * Rate limiting: a sliding window log per `bucket:key`, atomic in Redis (one Lua script) when
 * `REDIS_URL` is set, so that every instance shares one count; in process otherwise. A sliding window
 * does not allow the double bursts a fixed window allows at its edges. `RATE_LIMITS=off` lifts every
 * limit. If Redis is unreachable, the in-process window takes over for that call, so a Redis outage
 * neither blocks writes nor removes the limits.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { log } from '../infra/log.js';
import { redis, redisPrefix } from '../infra/redis.js';

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

// KEYS[1] = the window's sorted set; ARGV = window ms, limit, unique member. Uses the Redis clock, so
// instances with skewed clocks still agree. Returns { allowed, retryAfterMs, remaining }.
const SLIDING_WINDOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0, limit - count - 1}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tonumber(oldest[2]) + window - now, 0}
`;

const windows = new Map<string, { hits: number[]; windowMs: number }>();
let lastSweep = 0;

function consumeLocal(id: string, limit: number, windowMs: number, now: number): RateDecision {
  if (now - lastSweep > 60_000 || windows.size > 100_000) {
    // Forget idle windows so that the map stays bounded by recent activity.
    lastSweep = now;
    for (const [key, w] of windows) if ((w.hits.at(-1) ?? 0) <= now - w.windowMs) windows.delete(key);
  }
  const hits = (windows.get(id)?.hits ?? []).filter((at) => at > now - windowMs);
  if (hits.length < limit) {
    hits.push(now);
    windows.set(id, { hits, windowMs });
    return { allowed: true, retryAfterSeconds: 0, remaining: limit - hits.length };
  }
  windows.set(id, { hits, windowMs });
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((hits[0]! + windowMs - now) / 1000)),
    remaining: 0,
  };
}

/**
 * Counts one hit on `bucket:key` against `limit` per `windowSeconds` (sliding). A refused hit is not
 * counted, so a client that waits `retryAfterSeconds` gets through.
 */
export async function consume(
  bucket: string,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<RateDecision> {
  if (!enabled) return { allowed: true, retryAfterSeconds: 0, remaining: limit };
  const id = `${bucket}:${key}`;
  const windowMs = windowSeconds * 1000;
  if (redis) {
    try {
      const member = `${Date.now()}-${randomBytes(6).toString('hex')}`;
      const [allowed, retryMs, remaining] = (await redis.eval(
        SLIDING_WINDOW,
        1,
        `${redisPrefix}rl:${id}`,
        windowMs,
        limit,
        member,
      )) as [number, number, number];
      return {
        allowed: allowed === 1,
        retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(retryMs / 1000)),
        remaining,
      };
    } catch (error) {
      log.warn({ err: (error as Error).message, bucket }, 'rate limit falling back to in-process window');
    }
  }
  return consumeLocal(id, limit, windowMs, Date.now());
}
