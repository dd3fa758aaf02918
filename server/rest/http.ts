/**
 * The HTTP side of `/api/v1`: reading a JSON body (capped like GraphQL's, strict UTF-8, an object or
 * nothing), CORS for browser clients (any origin, no credentials: keys travel in a header), and
 * writing JSON answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BODY_TOO_LARGE } from '../http/guard.js';
import { OPERATION_LIMITS } from '../http/limits.js';
import { RATE_LIMIT_HEADERS } from '../ratelimit/headers.js';
import { rememberBody } from '../agents/signing-keys.js';
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

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const tooLarge = () => new RestRefusal(413, 'BAD_USER_INPUT', BODY_TOO_LARGE);

/** The JSON object a request carries; `{}` for none. Throws a `RestRefusal` (400, 413, 415) otherwise. */
export async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > OPERATION_LIMITS.maxBodyBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > OPERATION_LIMITS.maxBodyBytes) throw tooLarge();
    chunks.push(chunk);
  }
  // The bytes a signature's Content-Digest covers (server/agents/signing-keys.ts).
  rememberBody(req, Buffer.concat(chunks));
  if (size === 0) return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new RestRefusal(415, 'BAD_USER_INPUT', 'The request body must be JSON (Content-Type: application/json).');
  }
  let body: unknown;
  try {
    body = JSON.parse(strictUtf8.decode(Buffer.concat(chunks)));
  } catch {
    throw badRequest('The request body is not valid UTF-8 JSON.');
  }
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
