/**
 * The response cache's store: answers in this process's memory (envelop's in-memory cache, an LRU with
 * entity tracking), in front of Redis when there is one. An answer found in Redis is kept in memory for
 * the rest of its life, never longer, so a hit usually costs neither a round trip nor a JSON parse, and
 * an answer computed by one instance serves the others. Invalidating drops both tiers; every instance
 * hears the invalidating events (response-cache.ts), so each keeps its own memory right.
 */
import { createInMemoryCache, type Cache, type CacheEntityRecord } from '@envelop/response-cache';
import type { ExecutionResult } from 'graphql';
import type { RedisResponseStore } from './redis-store.js';

/** Answers kept in memory at most (each lives no longer than the cache's TTL). */
const MAX_LOCAL_ANSWERS = 1000;

export class TieredStore implements Cache {
  private readonly local = createInMemoryCache({ max: MAX_LOCAL_ANSWERS });

  constructor(private readonly shared: RedisResponseStore | null) {}

  async get(id: string): Promise<ExecutionResult | null> {
    const kept = await this.local.get(id);
    if (kept || !this.shared) return kept ?? null;
    const stored = await this.shared.get(id);
    if (!stored) return null;
    const ttl = stored.expiresAt - Date.now();
    if (ttl <= 0) return null;
    this.local.set(id, stored.result, stored.entities, ttl);
    return stored.result;
  }

  set(id: string, result: ExecutionResult, entities: Iterable<CacheEntityRecord>, ttl: number): void {
    const shown = [...entities];
    this.local.set(id, result, shown, ttl);
    void this.shared?.set(id, { result, entities: shown, expiresAt: Date.now() + ttl });
  }

  async invalidate(entities: Iterable<CacheEntityRecord>): Promise<void> {
    const dropped = [...entities];
    this.local.invalidate(dropped);
    await this.shared?.invalidate(dropped);
  }
}
