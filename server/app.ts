/**
 * The composition root: builds an app (its services, the yoga instance, the HTTP server and the
 * WebSocket server) and owns all of it, so that two apps can run in one process. Only this file in
 * `server/` imports the schema.
 */
import { OWNER_ASSERTION_HEADER } from './agents/owner-assertion.js';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import { schema } from '../schema/index.js';
import type { Config } from './config.js';
import type { Context, ServerContext, Yoga } from './context.js';
import { buildContext } from './agents/auth.js';
import { signableRequest } from './agents/signing-keys.js';
import { misplacedInRequest } from './agents/credentials.js';
import { logAccess } from './http/access-log.js';
import { agentDocs } from './guide/serve.js';
import { clientAddressOf } from './http/client-address.js';
import { serveGraphiQL } from './http/graphiql.js';
import { guardRequest } from './http/guard.js';
import { metricsHandler, metricsServer } from './http/metrics-endpoint.js';
import { yogaOptions } from './http/plugins.js';
import { serveViewer } from './http/static.js';
import type { DbKind } from './infra/db.js';
import { yogaLogging } from './infra/log.js';
import { DEFAULT_LIMITS, type ConnectionLimits } from './realtime/connection.js';
import { mcpHandler } from './mcp/http.js';
import { REST_BASE, restHandler } from './rest/handler.js';
import { attachWebSocket } from './realtime/ws.js';
import { openServices, type ServiceOptions, type Services } from './services.js';

export interface AppOptions extends ServiceOptions {
  /** Limits and keepalive timing of WebSocket connections (default `DEFAULT_LIMITS`; tests shorten them). */
  websocket?: Partial<ConnectionLimits>;
}

export interface App {
  readonly yoga: Yoga;
  readonly server: Server;
  readonly services: Services;
  /** Statements sent to this app's database so far (tests count them per request). */
  queryCount(): number;
  /** Listens on the configured ports. Resolves to the bound ports (`metricsPort`: null without `METRICS_PORT`). */
  start(): Promise<{ port: number; metricsPort: number | null; db: DbKind }>;
  /** Stops accepting, closes sockets (1001), drains requests, disconnects. */
  stop(): Promise<void>;
}

/** Connects the database (migrating it) and Redis, then builds the app on them. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const opened = await openServices(config, options);
  const { services, database, redis } = opened;
  const { log, metrics } = services;
  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    batching: false,
    ...yogaOptions(services),
    // Served by server/graphiql.ts instead: yoga's page loads the IDE from a CDN.
    graphiql: false,
    logging: yogaLogging(log),
    context: ({ request, req, live }) =>
      buildContext(
        services,
        {
          authorization: request.headers.get('authorization'),
          // WebSocket operations arrive with a live claim, their key checked when the socket opened.
          transport: live ? 'websocket' : 'http',
          misplaced: misplacedInRequest(request.headers),
          operatorToken: request.headers.get('x-operator-token'),
          ownerAssertion: live ? null : request.headers.get(OWNER_ASSERTION_HEADER),
          signable: live || !req ? null : signableRequest(config, req, request.headers),
          clientAddress: req ? clientAddressOf(req, config.trustProxy) : 'unknown',
          requestId: request.headers.get('x-request-id')?.slice(0, 64) || randomUUID(),
        },
        live ?? null,
      ),
  });

  const docs = agentDocs(config, schema);
  const handleMcp = mcpHandler({ yoga, schema, services, guide: docs.skill });
  const handleRest = restHandler({ yoga, services });

  let ready = false;
  const serveMetrics = metricsHandler(metrics, config.metricsToken);
  const metricsListener = config.metricsPort === undefined ? null : metricsServer(serveMetrics, log);
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const graphql = path === '/graphql' || path?.startsWith('/graphql/');
    if (!graphql) logAccess(log, req, res);
    if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
      return;
    }
    if (path === '/ready') {
      const up = ready && (await database.ping());
      const redisState = redis ? (redis.ready() ? 'ok' : 'down') : 'embedded';
      const status = !up ? 'unavailable' : redisState === 'down' ? 'degraded' : 'ok';
      res
        .writeHead(up ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status, database: up ? database.kind : 'down', redis: redisState }));
      return;
    }
    if (path === '/metrics' && req.method === 'GET' && !metricsListener) return serveMetrics(req, res);
    if (path === '/mcp') return handleMcp(req, res);
    if (path === REST_BASE || path?.startsWith(`${REST_BASE}/`)) return handleRest(req, res);
    if (await docs.serve(req, res)) return;
    if (config.graphiql && (await serveGraphiQL(req, res))) return;
    if (graphql) {
      if (guardRequest(req, res, metrics)) return;
      await yoga.requestListener(req, res);
      return;
    }
    // With METRICS_PORT, /metrics is a 404 here rather than the viewer's page.
    if (path !== '/metrics' && (await serveViewer(req, res))) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
  });

  const ws = attachWebSocket(server, yoga, services, { ...DEFAULT_LIMITS, ...options.websocket });

  return {
    yoga,
    server,
    services,
    queryCount: () => database.queryCount(),
    async start() {
      const listen = (listener: Server, port: number) =>
        new Promise<number>((resolve, reject) => {
          listener.once('error', reject);
          listener.listen(port, config.host, () => resolve((listener.address() as AddressInfo).port));
        });
      const port = await listen(server, config.port);
      const metricsPort = metricsListener ? await listen(metricsListener, config.metricsPort!) : null;
      ready = true;
      return { port, metricsPort, db: database.kind };
    },
    async stop() {
      ready = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      metricsListener?.close();
      metricsListener?.closeAllConnections();
      await ws.dispose();
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 5000);
      await closed;
      clearTimeout(force);
      await yoga.dispose();
      await opened.close();
    },
  };
}
