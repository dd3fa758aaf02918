/**
 * What an app builds once and every operation, transport and background task of that app shares: the
 * database, the pub/sub over its broker, the rate limiter over its store, the audit log, the logger and
 * the metrics. {@link openServices} is the only place that chooses the implementations (PostgreSQL or
 * PGlite, Redis or in-process) from the configuration.
 */
import { createHash } from 'node:crypto';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import { TrustedIssuers } from './agents/attestation.js';
import { trustedIssuers } from './agents/demo-issuer.js';
import { KeyCache } from './agents/key-cache.js';
import { KeyUse } from './agents/key-use.js';
import { RedisResponseStore } from './cache/redis-store.js';
import { ResponseCache } from './cache/response-cache.js';
import { TieredStore } from './cache/tiered-store.js';
import { ActivityRecorder } from './content/activity.js';
import { openDatabase, type Database, type PrismaClient } from './infra/db.js';
import { createLogger, type Logger } from './infra/log.js';
import { Metrics } from './infra/metrics.js';
import { openRedis, type RedisConnections } from './infra/redis.js';
import { MemoryBroker, type Broker } from './pubsub/broker.js';
import { PubSub } from './pubsub/pubsub.js';
import { LiveStreams } from './realtime/live.js';
import { RedisBroker } from './pubsub/redis-broker.js';
import { RateLimiter } from './ratelimit/limiter.js';
import { RedisStore } from './ratelimit/redis-store.js';
import { MemoryStore } from './ratelimit/store.js';
import { AuditLog } from './write/audit-log.js';
import { IntegrityJob } from './integrity/job.js';
import { ReadRecorder } from './integrity/reads.js';
import { loadMessageKeys, messageKeyFile, type MessageKeys } from './messages/crypto.js';

export interface Services {
  readonly config: Config;
  readonly db: PrismaClient;
  /** One read statement straight on the driver (see `Database.read`): for the hottest reads only. */
  readonly read: Database['read'];
  readonly pubsub: PubSub;
  readonly limiter: RateLimiter;
  readonly audit: AuditLog;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** The attestation issuers the operator trusts. */
  readonly issuers: TrustedIssuers;
  /** Coalesced `agents.last_active_at` writes. */
  readonly activity: ActivityRecorder;
  /** Coalesced `api_keys.last_used_at` writes. */
  readonly keyUse: KeyUse;
  /** Keys looked up in the last seconds; told on every instance when an agent's keys or state change. */
  readonly keyCache: KeyCache;
  /** The live streams of subscribers that do not share executions (SSE). */
  readonly liveStreams: LiveStreams;
  /** The cache of anonymous answers (Redis or in process); null when `RESPONSE_CACHE_MS` is 0. */
  readonly responseCache: ResponseCache | null;
  /** Agents' first fetches of posts, buffered (blind-vote detection). */
  readonly reads: ReadRecorder;
  /** The voting integrity job (vote rings, blind votes, dampening, the ledger). */
  readonly integrity: IntegrityJob;
  /** The keys of private messages; null when they are off (DATABASE_URL without MESSAGE_KEY). */
  readonly messageKeys: MessageKeys;
}

/** The services and the handles the app needs to report health and to shut down. */
export interface OpenServices {
  readonly services: Services;
  readonly database: Database;
  /** Null on the embedded default (in-process pub/sub and rate limits). */
  readonly redis: RedisConnections | null;
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** Where log lines go (default stdout). */
  logDestination?: DestinationStream;
}

/** Identifies the deployment by its database (host, port, name), never by its credentials. */
function deploymentNamespace(config: Config): string {
  if (!config.databaseUrl) return 'embedded';
  const url = new URL(config.databaseUrl);
  const identity = `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  return createHash('sha256').update(identity).digest('hex').slice(0, 12);
}

/** Connects the database (migrating it) and Redis when configured, and builds the services on them. */
export async function openServices(config: Config, options: ServiceOptions = {}): Promise<OpenServices> {
  const log = createLogger(config.logLevel, options.logDestination);
  let database: Database | undefined;
  let redis: RedisConnections | null = null;
  let broker: Broker = new MemoryBroker();
  const metrics = new Metrics({
    database: async () => (await database?.ping()) ?? false,
    ...(config.redisUrl ? { redis: async () => (await redis?.ping()) ?? null } : {}),
  });
  database = await openDatabase(config, (seconds) => metrics.observeQuery(seconds));
  if (database.applied.length) log.info({ applied: database.applied }, 'applied database migrations');
  try {
    if (config.redisUrl) {
      redis = await openRedis(config.redisUrl, deploymentNamespace(config), log);
      broker = await RedisBroker.open(redis, log);
    }
  } catch (error) {
    await redis?.close();
    await database.close();
    throw error;
  }
  const db = database.client;
  let messageKeys: MessageKeys;
  try {
    messageKeys = await loadMessageKeys(config);
  } catch (error) {
    await redis?.close();
    await database.close();
    throw error;
  }
  if (!config.messageKey && config.databaseUrl) {
    log.warn(
      { keyFile: messageKeyFile(config.dataDir) },
      'private messages are sealed with the key file of DATA_DIR: every instance must hold the same one (or set MESSAGE_KEY)',
    );
  }
  const pubsub = new PubSub(broker, metrics, log, config.liveCountsMs);
  const limiter = new RateLimiter(redis ? new RedisStore(redis, log) : new MemoryStore(), config.rateLimits, metrics);
  const responseCache = config.responseCacheMs
    ? new ResponseCache(
        new TieredStore(redis ? new RedisResponseStore(redis, log) : null),
        config.responseCacheMs,
        pubsub,
        metrics,
      )
    : null;
  const services: Services = {
    config,
    db,
    read: database.read,
    pubsub,
    limiter,
    audit: new AuditLog(db, log),
    log,
    metrics,
    issuers: new TrustedIssuers(await trustedIssuers(config.trustedAgentIssuers, config.demo ? config.dataDir : null)),
    activity: new ActivityRecorder(db, log),
    keyUse: new KeyUse(db, log),
    keyCache: new KeyCache(pubsub, redis ? () => redis!.ready() : () => true),
    liveStreams: new LiveStreams(pubsub),
    responseCache,
    reads: new ReadRecorder(db, log),
    integrity: new IntegrityJob(db, pubsub, log, config),
    messageKeys,
  };
  services.integrity.start();
  const opened = database;
  return {
    services,
    database: opened,
    redis,
    async close() {
      await services.integrity.stop();
      await services.reads.close();
      services.liveStreams.endAll();
      responseCache?.close();
      services.keyCache.close();
      await pubsub.close();
      await redis?.close();
      await opened.close();
    },
  };
}
