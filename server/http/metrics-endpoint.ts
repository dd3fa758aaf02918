/**
 * `GET /metrics` (Prometheus text), on the public port or on a listener of its own (`METRICS_PORT`), and
 * behind a bearer token when `METRICS_TOKEN` is set: the metrics tell a lot about traffic and
 * refusals, which an operator may not want to publish.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../infra/log.js';
import type { Metrics } from '../infra/metrics.js';
import { sameSecret } from '../infra/secret.js';
import { logAccess } from './access-log.js';

/** Answers a request for the metrics: the scrape, or 401 without the right token. */
export type MetricsHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function metricsHandler(metrics: Metrics, token: string | undefined): MetricsHandler {
  return async (req, res) => {
    if (token !== undefined) {
      const presented = /^Bearer +(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
      if (presented === undefined || !sameSecret(presented, token)) {
        res
          .writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"' })
          .end('The metrics need "Authorization: Bearer <METRICS_TOKEN>".\n');
        return;
      }
    }
    const text = await metrics.scrape();
    res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text);
  };
}

/** A server that answers `GET /metrics` and nothing else (404), for `METRICS_PORT`. */
export function metricsServer(handler: MetricsHandler, log: Logger): Server {
  return createServer((req, res) => {
    logAccess(log, req, res);
    if ((req.url ?? '/').split('?')[0] === '/metrics' && req.method === 'GET') return void handler(req, res);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
  });
}
