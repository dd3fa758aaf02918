/**
 * Prometheus metrics, one registry per app, served at `GET /metrics`. Labels are bounded: operations are
 * named by their root fields (schema names, never the client's `operationName`), refusals by contract code.
 */
import { getOperationAST, type DocumentNode } from 'graphql';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Probes run before each scrape: the database and, when there is one, Redis. */
export interface HealthProbes {
  database(): Promise<boolean>;
  /** Resolves to the round trip in seconds, or null when Redis did not answer; absent on the embedded default. */
  redis?: () => Promise<number | null>;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly operations = this.counter(
    'moltbook_graphql_operations_total',
    'GraphQL operations executed, by root fields and operation type.',
    ['operation', 'type'],
  );
  private readonly errors = this.counter(
    'moltbook_graphql_errors_total',
    'Errors returned by GraphQL operations, by root fields and error code.',
    ['operation', 'code'],
  );
  private readonly refusals = this.counter(
    'moltbook_refusals_total',
    'Requests and operations refused, by error code (including refusals before GraphQL runs).',
    ['code'],
  );
  private readonly rateLimitHits = this.counter(
    'moltbook_rate_limit_hits_total',
    'Operations refused by a rate limit, by rule.',
    ['rule'],
  );
  private readonly subscriptionsStarted = this.counter(
    'moltbook_subscriptions_started_total',
    'Live GraphQL subscriptions started, counted once each is attached to its event stream.',
    [],
  );
  private readonly eventsPublished = this.counter(
    'moltbook_events_published_total',
    'Events published to the pub/sub, by topic family.',
    ['topic'],
  );
  private readonly eventsDelivered = this.counter(
    'moltbook_events_delivered_total',
    'Subscription events delivered to clients, by subscription field.',
    ['operation'],
  );
  private readonly cacheHits = this.counter(
    'moltbook_response_cache_hits_total',
    'Anonymous query operations answered from the response cache.',
    [],
  );
  private readonly cacheMisses = this.counter(
    'moltbook_response_cache_misses_total',
    'Anonymous query operations the response cache could not answer (executed, then cached).',
    [],
  );
  private readonly websocketConnections = this.gauge('moltbook_websocket_connections', 'Open WebSocket connections.');
  private readonly subscriptions = this.gauge(
    'moltbook_subscriptions',
    'Live GraphQL subscriptions (WebSocket and SSE).',
  );
  private readonly dbUp = this.gauge('moltbook_db_up', '1 when the database answered the last scrape probe.');
  private readonly redisUp = this.gauge(
    'moltbook_redis_up',
    '1 when Redis answered the last scrape probe (absent on the embedded default).',
  );
  private readonly dbQueryDuration = new Histogram({
    name: 'moltbook_db_query_duration_seconds',
    help: 'Duration of each SQL statement sent by Prisma.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly redisDuration = new Histogram({
    name: 'moltbook_redis_command_duration_seconds',
    help: 'Duration of Redis round trips made by the server (rate limits, health probes).',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  private lastProbe = 0;

  constructor(private readonly probes: HealthProbes) {
    collectDefaultMetrics({ register: this.registry, prefix: 'moltbook_' });
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]) {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge(name: string, help: string) {
    return new Gauge({ name, help, registers: [this.registry] });
  }

  countOperation(operation: string, type: string): void {
    this.operations.inc({ operation, type });
  }
  countError(operation: string, code: string): void {
    this.errors.inc({ operation, code });
  }
  countRefusal(code: string): void {
    this.refusals.inc({ code });
  }
  countRateLimitHit(rule: string): void {
    this.rateLimitHits.inc({ rule });
  }
  /** For the response cache: once per cacheable operation, answered from it (hit) or not (miss). */
  countResponseCache(hit: boolean): void {
    (hit ? this.cacheHits : this.cacheMisses).inc();
  }
  observeRedis(seconds: number): void {
    this.redisDuration.observe(seconds);
  }
  observeQuery(seconds: number): void {
    this.dbQueryDuration.observe(seconds);
  }
  /** For the WebSocket transport: call on every connection opened and closed. */
  websocketOpened(): void {
    this.websocketConnections.inc();
  }
  websocketClosed(): void {
    this.websocketConnections.dec();
  }
  /** For the pub/sub: once per event published (`topic` without ids, e.g. `post:updated`). */
  eventPublished(topic: string): void {
    this.eventsPublished.inc({ topic: topic.split(':').slice(0, 2).join(':') });
  }
  subscriptionStarted(): void {
    this.subscriptions.inc();
    this.subscriptionsStarted.inc();
  }
  subscriptionEnded(): void {
    this.subscriptions.dec();
  }
  eventDelivered(operation: string, count = 1): void {
    this.eventsDelivered.inc({ operation }, count);
  }

  /** The exposition text, after probing the database and Redis (at most once a second). */
  async scrape(): Promise<string> {
    if (Date.now() - this.lastProbe >= 1000) {
      this.lastProbe = Date.now();
      this.dbUp.set((await this.probes.database()) ? 1 : 0);
      if (this.probes.redis) {
        const seconds = await this.probes.redis();
        if (seconds !== null) this.observeRedis(seconds);
        this.redisUp.set(seconds === null ? 0 : 1);
      }
    }
    return this.registry.metrics();
  }
}

/** Names an operation by its root fields (bounded by the schema, unlike a client's operationName). */
export function operationLabel(document: DocumentNode, operationName?: string | null): string {
  // Documents are parsed once and kept (yoga's cache), and several hooks of one request ask. Only names
  // of the document's own operations are kept, so a client cannot grow the map with made-up names.
  let labels = operationLabels.get(document);
  if (!labels) operationLabels.set(document, (labels = new Map()));
  const key = operationName ?? '';
  const kept = labels.get(key);
  if (kept !== undefined) return kept;
  const operation = getOperationAST(document, operationName);
  if (!operation) return 'unknown';
  const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []));
  const unique = [...new Set(fields)].sort();
  const label = unique.slice(0, 3).join(',') + (unique.length > 3 ? ',…' : '') || 'fragments';
  labels.set(key, label);
  return label;
}

const operationLabels = new WeakMap<DocumentNode, Map<string, string>>();
