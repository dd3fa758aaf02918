/**
 * Prometheus metrics at `GET /metrics`. Labels are bounded: operations are named by their root fields
 * (schema names, never the client's `operationName`), refusals by contract code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, type DocumentNode } from 'graphql';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { prisma } from './db.js';
import { redis } from './redis.js';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'moltbook_' });

const operations = new Counter({
  name: 'moltbook_graphql_operations_total',
  help: 'GraphQL operations executed, by root fields and operation type.',
  labelNames: ['operation', 'type'] as const,
  registers: [registry],
});
const errors = new Counter({
  name: 'moltbook_graphql_errors_total',
  help: 'Errors returned by GraphQL operations, by root fields and error code.',
  labelNames: ['operation', 'code'] as const,
  registers: [registry],
});
const refusals = new Counter({
  name: 'moltbook_refusals_total',
  help: 'Requests and operations refused, by error code (including refusals before GraphQL runs).',
  labelNames: ['code'] as const,
  registers: [registry],
});
const rateLimitHits = new Counter({
  name: 'moltbook_rate_limit_hits_total',
  help: 'Operations refused by a rate limit, by rule.',
  labelNames: ['rule'] as const,
  registers: [registry],
});
const websocketConnections = new Gauge({
  name: 'moltbook_websocket_connections',
  help: 'Open WebSocket connections.',
  registers: [registry],
});
const subscriptions = new Gauge({
  name: 'moltbook_subscriptions',
  help: 'Live GraphQL subscriptions (WebSocket and SSE).',
  registers: [registry],
});
const subscriptionsStarted = new Counter({
  name: 'moltbook_subscriptions_started_total',
  help: 'Live GraphQL subscriptions started, counted once each is attached to its event stream.',
  registers: [registry],
});
const eventsPublished = new Counter({
  name: 'moltbook_events_published_total',
  help: 'Events published to the pub/sub, by topic family.',
  labelNames: ['topic'] as const,
  registers: [registry],
});
const eventsDelivered = new Counter({
  name: 'moltbook_events_delivered_total',
  help: 'Subscription events delivered to clients, by subscription field.',
  labelNames: ['operation'] as const,
  registers: [registry],
});
const dbQueryDuration = new Histogram({
  name: 'moltbook_db_query_duration_seconds',
  help: 'Duration of each SQL statement sent by Prisma.',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});
const redisDuration = new Histogram({
  name: 'moltbook_redis_command_duration_seconds',
  help: 'Duration of Redis round trips made by the server (rate limits, health probes).',
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  registers: [registry],
});
const dbUp = new Gauge({
  name: 'moltbook_db_up',
  help: '1 when the database answered the last scrape probe.',
  registers: [registry],
});
const redisUp = new Gauge({
  name: 'moltbook_redis_up',
  help: '1 when Redis answered the last scrape probe (absent on the embedded default).',
  registers: [registry],
});

export const countOperation = (operation: string, type: string) => operations.inc({ operation, type });
export const countError = (operation: string, code: string) => errors.inc({ operation, code });
export const countRefusal = (code: string) => refusals.inc({ code });
export const countRateLimitHit = (rule: string) => rateLimitHits.inc({ rule });
export const observeRedis = (seconds: number) => redisDuration.observe(seconds);

/** For the WebSocket transport: call on every connection opened and closed. */
export const websocketOpened = () => websocketConnections.inc();
export const websocketClosed = () => websocketConnections.dec();
/** For the pub/sub: call once per event published (`topic` without ids, e.g. `post:updated`). */
export const eventPublished = (topic: string) => eventsPublished.inc({ topic: topic.split(':').slice(0, 2).join(':') });
export const subscriptionStarted = () => {
  subscriptions.inc();
  subscriptionsStarted.inc();
};
export const subscriptionEnded = () => subscriptions.dec();
export const eventDelivered = (operation: string, count = 1) => eventsDelivered.inc({ operation }, count);

let instrumented: unknown = null;

/** Times every SQL statement of the current Prisma client (once per client). */
export function instrumentDb(): void {
  if (!prisma || instrumented === prisma) return;
  instrumented = prisma;
  (prisma as unknown as { $on(event: 'query', cb: (e: { duration: number }) => void): void }).$on('query', (e) =>
    dbQueryDuration.observe(e.duration / 1000),
  );
}

let lastProbe = 0;

/** Probes the database and Redis at most once a second, however often `/metrics` is fetched. */
async function probe(): Promise<void> {
  instrumentDb();
  if (Date.now() - lastProbe < 1000) return;
  lastProbe = Date.now();
  try {
    await prisma.$queryRaw`SELECT 1`;
    dbUp.set(1);
  } catch {
    dbUp.set(0);
  }
  if (redis) {
    const started = performance.now();
    try {
      await redis.ping();
      redisDuration.observe((performance.now() - started) / 1000);
      redisUp.set(1);
    } catch {
      redisUp.set(0);
    }
  }
}

export async function serveMetrics(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  await probe();
  res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
}

/** Names an operation by its root fields (bounded by the schema, unlike a client's operationName). */
export function operationLabel(document: DocumentNode, operationName?: string | null): string {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 'unknown';
  const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []));
  const unique = [...new Set(fields)].sort();
  return unique.slice(0, 3).join(',') + (unique.length > 3 ? ',…' : '') || 'fragments';
}
