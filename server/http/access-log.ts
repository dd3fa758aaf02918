/**
 * One log line per HTTP request outside GraphQL (the viewer, GraphiQL's files, health, metrics), when
 * its response is finished: method, path without the query string (which may carry anything), status
 * and duration. GraphQL requests get a line per operation from the execution plugin instead.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../infra/log.js';

/** Longest path written to the log. */
const MAX_PATH = 256;

/** Logs `req` once `res` is finished or the client went away. */
export function logAccess(log: Logger, req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  res.once('close', () => {
    const path = (req.url ?? '/').split('?')[0]!.slice(0, MAX_PATH);
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const status = res.writableFinished ? res.statusCode : 499;
    log.info({ method: req.method, path, status, ms }, 'http request');
  });
}
