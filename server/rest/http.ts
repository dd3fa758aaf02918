/**
 * The HTTP side of `/api/v1`: reading a JSON body (capped like GraphQL's, strict UTF-8, an object or
 * nothing), CORS for browser clients (any origin, no credentials: keys travel in a header), and
 * writing JSON answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BODY_TOO_LARGE } from '../http/guard.js';
import { NOT_JSON, parseStrictJson, readCappedBody } from '../http/body.js';
import { RATE_LIMIT_HEADERS } from '../ratelimit/headers.js';
import { badRequest, RestRefusal } from './refusal.js';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': ['retry-after', 'x-request-id', ...RATE_LIMIT_HEADERS].join(', '),
};

const PREFLIGHT = {
  ...CORS,
  'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, idempotency-key, x-request-id',
  'access-control-max-age': '600',
};

const tooLarge = () => new RestRefusal(413, 'BAD_USER_INPUT', BODY_TOO_LARGE);

/** The JSON object a request carries; `{}` for none. Throws a `RestRefusal` (400, 413, 415) otherwise. */
export async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const bytes = await readCappedBody(req);
  if (!bytes) throw tooLarge();
  if (bytes.length === 0) return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new RestRefusal(415, 'BAD_USER_INPUT', 'The request body must be JSON (Content-Type: application/json).');
  }
  const body = parseStrictJson(bytes);
  if (body === NOT_JSON) throw badRequest('The request body is not valid UTF-8 JSON.');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** Writes a JSON answer with CORS headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const payload = JSON.stringify(body);
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
      'cache-control': 'no-store',
      ...CORS,
      ...headers,
    })
    .end(payload);
}

/** Answers a CORS preflight. */
export function sendPreflight(res: ServerResponse): void {
  res.writeHead(204, PREFLIGHT).end();
}
