/**
 * Rate-limit windows in Redis, atomic in one Lua script, so that every instance shares one count. If
 * Redis is unreachable, the in-process window takes over for that call: a Redis outage neither blocks
 * writes nor removes the limits.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../infra/log.js';
import type { RedisConnections } from '../infra/redis.js';
import { MemoryStore, type RateDecision, type RateLimitStore } from './store.js';

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

export class RedisStore implements RateLimitStore {
  private readonly fallback = new MemoryStore();

  constructor(
    private readonly redis: RedisConnections,
    private readonly log: Logger,
  ) {}

  async hit(id: string, limit: number, windowMs: number): Promise<RateDecision> {
    try {
      const member = `${Date.now()}-${randomBytes(6).toString('hex')}`;
      const key = `${this.redis.prefix}rl:${id}`;
      const [allowed, retryMs, remaining] = (await this.redis.commands.eval(
        SLIDING_WINDOW,
        1,
        key,
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
      this.log.warn(
        { err: (error as Error).message, id: id.split(':')[0] },
        'rate limit falling back to in-process window',
      );
      return this.fallback.hitNow(id, limit, windowMs, Date.now());
    }
  }
}
