/**
 * The composition root: builds the yoga instance, the HTTP server and the WebSocket server once, and
 * exposes `start`/`stop`. Only this file in `server/` imports the schema.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { schema } from '../schema/index.js';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { clientAddressOf } from './client-address.js';
import { buildContext, configureAuth } from './auth.js';
import { connectDb, disconnectDb, pingDb, type DbKind } from './db.js';
import { connectRedis, disconnectRedis, redisReady } from './redis.js';
import { serveViewer } from './static.js';
import { serveGraphiQL } from './graphiql.js';
import { log } from './log.js';
import { yogaOptions } from './plugins.js';
import { configureRateLimits } from './ratelimit.js';
import { attachWebSocket } from './ws.js';
import { guardRequest } from './http-guard.js';
import { serveMetrics } from './metrics.js';
import { startDemo, type Demo } from './demo.js';

/** The yoga instance with the server context the Node adapter provides. */
export type Yoga = YogaServerInstance<{ req: IncomingMessage; res: ServerResponse }, Context>;

export interface App {
  readonly yoga: Yoga;
  readonly server: Server;
  /** Connects the database (migrating it) and Redis, then listens. Resolves to the bound port. */
  start(): Promise<{ port: number; db: DbKind }>;
  /** Stops accepting, closes sockets (1001), drains requests, disconnects. */
  stop(): Promise<void>;
}

/** Identifies the deployment by its database (host, port, name), never by its credentials. */
function deploymentNamespace(config: Config): string {
  if (!config.databaseUrl) return 'embedded';
  const url = new URL(config.databaseUrl);
  const identity = `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  return createHash('sha256').update(identity).digest('hex').slice(0, 12);
}

export function buildApp(config: Config): App {
  configureRateLimits(config);
  configureAuth(config);
  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    batching: false,
    ...yogaOptions(config),
    // Served by server/graphiql.ts instead: yoga's page loads the IDE from a CDN.
    graphiql: false,
    logging: {
      debug: (...args) => log.debug(args.map(String).join(' ')),
      info: (...args) => log.info(args.map(String).join(' ')),
      warn: (...args) => log.warn(args.map(String).join(' ')),
      error: (...args) => log.error(args.map(String).join(' ')),
    },
    context: async ({ request, req }) =>
      buildContext(config, {
        authorization: request.headers.get('authorization'),
        operatorToken: request.headers.get('x-operator-token'),
        clientAddress: req ? clientAddressOf(req, config.trustProxy) : 'unknown',
        requestId: request.headers.get('x-request-id')?.slice(0, 64) || randomUUID(),
      }),
  });

  let dbKind: DbKind = config.databaseUrl ? 'postgresql' : 'pglite';
  let ready = false;
  let demo: Demo | undefined;

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
      return;
    }
    if (path === '/ready') {
      const database = ready && (await pingDb());
      const redisState = config.redisUrl ? (redisReady() ? 'ok' : 'down') : 'embedded';
      const status = !database ? 'unavailable' : redisState === 'down' ? 'degraded' : 'ok';
      res
        .writeHead(database ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status, database: database ? dbKind : 'down', redis: redisState }));
      return;
    }
    if (path === '/metrics' && req.method === 'GET') {
      await serveMetrics(req, res);
      return;
    }
    if (config.graphiql && (await serveGraphiQL(req, res))) return;
    if (path === '/graphql' || path?.startsWith('/graphql/')) {
      if (guardRequest(req, res)) return;
      await yoga.requestListener(req, res);
      return;
    }
    if (await serveViewer(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
  });

  const ws = attachWebSocket(server, yoga, config);

  return {
    yoga,
    server,
    async start() {
      const { kind, applied } = await connectDb(config);
      dbKind = kind;
      if (applied.length) log.info({ applied }, 'applied database migrations');
      if (config.redisUrl) await connectRedis(config.redisUrl, deploymentNamespace(config));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve());
      });
      ready = true;
      const port = (server.address() as AddressInfo).port;
      if (config.demo) demo = startDemo(`http://127.0.0.1:${port}`, { dataDir: config.dataDir });
      return { port, db: kind };
    },
    async stop() {
      ready = false;
      await demo?.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await ws.dispose();
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 5000);
      await closed;
      clearTimeout(force);
      await yoga.dispose();
      await disconnectRedis();
      await disconnectDb();
    },
  };
}
