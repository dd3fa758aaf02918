/**
 * Rate-limit windows in Redis, each question atomic in one Lua script, so that every instance shares one
 * count. If Redis is unreachable, the in-process window takes over for that call: a Redis outage neither
 * blocks writes nor removes the limits.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../infra/log.js';
import type { RedisConnections } from '../infra/redis.js';
import { MemoryStore, type RateDecision, type RateLimitStore, type WindowState } from './store.js';

// Both scripts use the Redis clock, so instances with skewed clocks still agree; scores are milliseconds.
// The window of KEYS[1] holds the hits scored after now - window (ARGV[1]).
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
`;

// { used, ms until the oldest hit leaves the window (-1: none) } of the window as it stands.
const STATE = `
local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], now - window + 1, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
local nextFree = -1
if oldest[2] then nextFree = tonumber(oldest[2]) + window - now end
`;

// ARGV[2] = limit, ARGV[3] = a unique member for this hit. Returns { allowed, used, nextFree }.
const HIT = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
local allowed = 0
if used < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  used = used + 1
  allowed = 1
end
${STATE}
return {allowed, used, nextFree}
`;

// Reads only: counting nothing, removing nothing. Returns { used, nextFree }.
const PEEK = `${NOW}
local used = redis.call('ZCOUNT', KEYS[1], now - window + 1, '+inf')
${STATE}
return {used, nextFree}
`;

const FALLING_BACK = 'falling back to in-process window';

export class RedisStore implements RateLimitStore {
  private readonly fallback = new MemoryStore();

  constructor(
    private readonly redis: RedisConnections,
    private readonly log: Logger,
  ) {}

  async hit(id: string, limit: number, windowMs: number): Promise<RateDecision> {
    const key = this.key(id);
    const member = `${Date.now()}-${randomBytes(6).toString('hex')}`;
    try {
      const [allowed, used, nextFree] = (await this.redis.commands.eval(
        HIT,
        1,
        key,
        windowMs,
        limit,
        member,
      )) as number[];
      const release = async () => {
        if (allowed !== 1) return;
        await this.redis.commands.zrem(key, member).catch((error: Error) => this.warn(error, id, 'could not release'));
      };
      return { allowed: allowed === 1, used: used!, nextFreeMs: nextFree! < 0 ? null : nextFree!, release };
    } catch (error) {
      this.warn(error as Error, id, FALLING_BACK);
      return this.fallback.hitNow(id, limit, windowMs, Date.now());
    }
  }

  async peek(id: string, windowMs: number): Promise<WindowState> {
    try {
      const [used, nextFree] = (await this.redis.commands.eval(PEEK, 1, this.key(id), windowMs)) as number[];
      return { used: used!, nextFreeMs: nextFree! < 0 ? null : nextFree! };
    } catch (error) {
      this.warn(error as Error, id, FALLING_BACK);
      return this.fallback.peekNow(id, windowMs, Date.now());
    }
  }

  private key(id: string): string {
    return `${this.redis.prefix}rl:${id}`;
  }

  /** Logs a Redis failure with the rule's name only (the rest of the id names an agent or an address). */
  private warn(error: Error, id: string, what: string): void {
    this.log.warn({ err: error.message, rule: id.split(':')[0] }, `rate limit ${what}`);
  }
}
