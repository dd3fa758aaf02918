/**
 * HTTP-level defences for `/graphql`: the body size (413 before parsing, for declared and chunked
 * bodies alike), strict JSON and UTF-8 (400, never 500), and CSRF prevention for browsers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { OPERATION_LIMITS } from './limits.js';
import type { Metrics } from '../infra/metrics.js';
import { rememberBody } from '../agents/signing-keys.js';

/** The header a browser client must send with a non-JSON POST (the name yoga's CSRF plugin uses). */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/** The refusal of a body over the limit (413), declared or found while reading it. */
export const BODY_TOO_LARGE = `The request body is larger than ${OPERATION_LIMITS.maxBodyBytes / 1024} KiB, the most this server accepts.`;

/** Content types a cross-site form or `fetch` may send without a CORS preflight. */
const SIMPLE_CONTENT_TYPES = new Set(['', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

function refuse(res: ServerResponse, metrics: Metrics, status: number, code: string, message: string): true {
  metrics.countRefusal(code);
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' })
    .end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  return true;
}

/**
 * Runs before yoga for every `/graphql` request. Returns true when it answered the request itself: a
 * declared body over the limit (413) or a malformed `Content-Length` (400). Chunked bodies are capped
 * while yoga reads them (`maxRequestBodySize`, set by {@link httpGuardOptions}).
 */
export function guardRequest(req: IncomingMessage, res: ServerResponse, metrics: Metrics): boolean {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    if (!/^\d+$/.test(declared))
      return refuse(res, metrics, 400, 'BAD_USER_INPUT', 'The Content-Length header is invalid.');
    if (Number(declared) > OPERATION_LIMITS.maxBodyBytes) {
      return refuse(res, metrics, 413, 'BAD_USER_INPUT', BODY_TOO_LARGE);
    }
  }
  const url = req.url ?? '';
  if (url.length > OPERATION_LIMITS.maxQueryLength * 3) {
    return refuse(res, metrics, 414, 'QUERY_TOO_COMPLEX', 'The request URL is too long; send the operation by POST.');
  }
  return false;
}

const badRequest = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * A JSON body parser stricter than yoga's: invalid UTF-8 is refused rather than silently replaced, and
 * the body must be a JSON object (batching is off).
 */
async function parseJsonBody(request: Request): Promise<Record<string, unknown>> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  // Keyed by the headers: the context sees another Request object over the same headers.
  rememberBody(request.headers, bytes);
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw badRequest('The request body is not valid UTF-8.');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
  if (Array.isArray(body)) throw badRequest('Batched operations are not supported: send one operation per request.');
  if (body === null || typeof body !== 'object') throw badRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/**
 * CSRF prevention (the rule of yoga's CSRF plugin): a POST whose content type a cross-site form can send
 * (form-encoded, multipart, text/plain, none) must carry {@link CSRF_HEADER}, which a cross-site page
 * cannot add without a CORS preflight. GET stays open for queries and subscriptions (a browser
 * `EventSource` cannot add headers; yoga refuses mutations over GET with 405).
 */
export function httpGuardPlugin(metrics: Metrics): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'POST' || request.headers.has(CSRF_HEADER)) return;
      if (!SIMPLE_CONTENT_TYPES.has(mediaType(request))) return;
      metrics.countRefusal('FORBIDDEN');
      const message = `A POST with this content type needs the "${CSRF_HEADER}" header (CSRF prevention); send JSON.`;
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: 'FORBIDDEN' } }] }), {
          status: 403,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
      );
    },
    onRequestParse({ request, setRequestParser }) {
      if (request.method === 'POST' && mediaType(request) === 'application/json') setRequestParser(parseJsonBody);
    },
  };
}

/** The yoga options of this layer: no uploads, and the body limit while the stream is read. */
export const httpGuardOptions = {
  multipart: false,
  maxRequestBodySize: OPERATION_LIMITS.maxBodyBytes,
} as const;
