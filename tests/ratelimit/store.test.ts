/**
 * The two rate-limit stores answer the same three questions the same way: count a hit (atomically, so
 * racing hits never pass the limit), give a counted hit back, and read a window without counting.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/infra/log.js';
import { openRedis, type RedisConnections } from '../../server/infra/redis.js';
import { RedisStore } from '../../server/ratelimit/redis-store.js';
import { MemoryStore, type RateLimitStore } from '../../server/ratelimit/store.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const MINUTE = 60_000;

let redis: RedisConnections;
beforeAll(async () => {
  redis = await openRedis(REDIS_URL, `store-test-${randomBytes(4).toString('hex')}`, createLogger('silent'));
});
afterAll(() => redis?.close());

const stores: [string, () => RateLimitStore][] = [
  ['in process', () => new MemoryStore()],
  ['in Redis', () => new RedisStore(redis, createLogger('silent'))],
];

describe.each(stores)('the rate-limit store %s', (_name, makeStore) => {
  const id = () => `test:${randomBytes(6).toString('hex')}`;

  it('allows exactly `limit` of 30 racing hits and refuses the rest without counting them', async () => {
    const store = makeStore();
    const key = id();
    const decisions = await Promise.all(Array.from({ length: 30 }, () => store.hit(key, 10, MINUTE)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    const refused = decisions.find((d) => !d.allowed)!;
    expect(refused.used).toBe(10);
    expect(refused.nextFreeMs).toBeGreaterThan(MINUTE - 5000);
    expect(refused.nextFreeMs).toBeLessThanOrEqual(MINUTE);
    expect(await store.peek(key, MINUTE)).toMatchObject({ used: 10 });
  });

  it('reads a window without counting anything', async () => {
    const store = makeStore();
    const key = id();
    expect(await store.peek(key, MINUTE)).toEqual({ used: 0, nextFreeMs: null });
    await store.hit(key, 2, MINUTE);
    for (let i = 0; i < 5; i += 1) expect((await store.peek(key, MINUTE)).used).toBe(1);
    const second = await store.hit(key, 2, MINUTE);
    expect(second).toMatchObject({ allowed: true, used: 2 });
    expect((await store.hit(key, 2, MINUTE)).allowed).toBe(false);
  });

  it('gives a released hit back, once, and ignores the release of a refused one', async () => {
    const store = makeStore();
    const key = id();
    const first = await store.hit(key, 1, MINUTE);
    const refused = await store.hit(key, 1, MINUTE);
    expect(refused.allowed).toBe(false);
    await refused.release();
    expect((await store.peek(key, MINUTE)).used).toBe(1);
    await first.release();
    await first.release();
    expect(await store.peek(key, MINUTE)).toEqual({ used: 0, nextFreeMs: null });
    const again = await Promise.all([store.hit(key, 1, MINUTE), store.hit(key, 1, MINUTE)]);
    expect(again.filter((d) => d.allowed)).toHaveLength(1);
  });

  it('forgets hits older than the window', async () => {
    const store = makeStore();
    const key = id();
    expect((await store.hit(key, 1, 200)).allowed).toBe(true);
    expect((await store.hit(key, 1, 200)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await store.peek(key, 200)).toEqual({ used: 0, nextFreeMs: null });
    expect((await store.hit(key, 1, 200)).allowed).toBe(true);
  });
});
