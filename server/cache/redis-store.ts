/**
 * The response cache's shared tier in Redis, for every instance of a deployment: an answer is one key
 * with a TTL (holding the answer, the entities it shows and when it expires), and each entity (`Post`,
 * `Post:<id>`, `Agent:<id>`...) is a set of the answers that show it, kept no longer than its newest
 * answer. Storing and invalidating are one Lua script each, so one round trip. Redis errors never fail
 * a request: a lookup that fails is a miss, a store that fails is skipped, an invalidation that fails is
 * logged (the TTL still bounds what is served).
 *
 * Not `@envelop/response-cache-redis`: its entity sets never expire (Redis memory grows for ever), its
 * keys ignore the deployment's prefix, and invalidating a type runs `KEYS`, which blocks Redis.
 */
import type { CacheEntityRecord } from '@envelop/response-cache';
import type { ExecutionResult } from 'graphql';
import type { Logger } from '../infra/log.js';
import type { RedisConnections } from '../infra/redis.js';

// KEYS[1] = the answer, KEYS[2..] = the sets of the entities it shows; ARGV = JSON, TTL in ms.
const STORE = `
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
for i = 2, #KEYS do
  redis.call('SADD', KEYS[i], KEYS[1])
  if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
`;

// KEYS = entity sets: deletes every answer they list, then the sets.
const INVALIDATE = `
for i = 1, #KEYS do
  local answers = redis.call('SMEMBERS', KEYS[i])
  for j = 1, #answers, 500 do
    redis.call('DEL', unpack(answers, j, math.min(j + 499, #answers)))
  end
  redis.call('DEL', KEYS[i])
end
`;

interface ScriptedRedis {
  moltbookCacheStore(...args: (string | number)[]): Promise<unknown>;
  moltbookCacheInvalidate(...args: (string | number)[]): Promise<unknown>;
}

/** An answer as stored: the result, the entities it shows, and when it expires (epoch ms). */
export interface StoredAnswer {
  result: ExecutionResult;
  entities: CacheEntityRecord[];
  expiresAt: number;
}

export class RedisResponseStore {
  private readonly scripts: ScriptedRedis;
  private warned = false;

  constructor(
    private readonly redis: RedisConnections,
    private readonly log: Logger,
  ) {
    // defineCommand sends EVALSHA and loads the script on first use (and again after a Redis restart).
    redis.commands.defineCommand('moltbookCacheStore', { lua: STORE });
    redis.commands.defineCommand('moltbookCacheInvalidate', { lua: INVALIDATE });
    this.scripts = redis.commands as unknown as ScriptedRedis;
  }

  async get(id: string): Promise<StoredAnswer | null> {
    try {
      const text = await this.redis.commands.get(this.answerKey(id));
      return text === null ? null : (JSON.parse(text) as StoredAnswer);
    } catch (error) {
      this.warn(error);
      return null;
    }
  }

  async set(id: string, answer: StoredAnswer): Promise<void> {
    const ttl = Math.ceil(answer.expiresAt - Date.now());
    if (ttl <= 0) return;
    const keys = [this.answerKey(id), ...new Set(answer.entities.flatMap((e) => this.entityKeys(e)))];
    try {
      await this.scripts.moltbookCacheStore(keys.length, ...keys, JSON.stringify(answer), ttl);
    } catch (error) {
      this.warn(error);
    }
  }

  async invalidate(entities: Iterable<CacheEntityRecord>): Promise<void> {
    const keys = [...entities].map((e) => this.entityKey(e));
    if (keys.length === 0) return;
    try {
      await this.scripts.moltbookCacheInvalidate(keys.length, ...keys);
    } catch (error) {
      this.warn(error);
    }
  }

  private answerKey(id: string): string {
    return `${this.redis.prefix}rc:a:${id}`;
  }

  /** The set of an entity (`Post:<id>`), or of every answer showing its type (`Post`). */
  private entityKey({ typename, id }: CacheEntityRecord): string {
    return `${this.redis.prefix}rc:e:${id === undefined ? typename : `${typename}:${id}`}`;
  }

  /** An answer showing `Post:<id>` is listed under it and under `Post`, as the in-process cache does. */
  private entityKeys(entity: CacheEntityRecord): string[] {
    const byType = this.entityKey({ typename: entity.typename });
    return entity.id === undefined ? [byType] : [byType, this.entityKey(entity)];
  }

  private warn(error: unknown): void {
    // Once per outage: a Redis that is away would otherwise log on every request.
    if (this.warned) return;
    this.warned = true;
    this.log.warn({ err: (error as Error).message }, 'response cache: Redis unavailable, answering without it');
    setTimeout(() => (this.warned = false), 60_000).unref();
  }
}
