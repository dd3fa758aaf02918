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
 * declared body over the limit (413) or a malformed `Content-Length` (400). Bodies that declare no length
 * (chunked) are capped while they are read ({@link readBody}).
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

/** The refusal of a body found over the limit while reading it; the connection closes with it (its rest is unread). */
const tooLarge = () =>
  new GraphQLError(BODY_TOO_LARGE, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 413, headers: { connection: 'close' } } },
  });

/**
 * The body's bytes. A declared length was checked before yoga (guardRequest), and Node's parser delivers
 * no more than it declares; a body that declares none is counted as it arrives and refused (413) as soon
 * as it passes the limit. This replaces yoga's own cap (`maxRequestBodySize`), which pipes every body
 * through a transform stream, a twentieth of a small query's CPU.
 */
async function readBody(request: Request): Promise<Uint8Array> {
  if (request.headers.has('content-length') || !request.body) return new Uint8Array(await request.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.byteLength;
    // The rest is left unread: Node discards it once the answer is sent, and the client reads the 413.
    if (size > OPERATION_LIMITS.maxBodyBytes) throw tooLarge();
    chunks.push(value);
  }
}

/**
 * A JSON body parser stricter than yoga's: invalid UTF-8 is refused rather than silently replaced, and
 * the body must be a JSON object (batching is off).
 */
async function parseJsonBody(request: Request): Promise<Record<string, unknown>> {
  const bytes = await readBody(request);
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
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (request.method !== 'POST' || !request.body) return;
      if (mediaType(request) === 'application/json') setRequestParser(parseJsonBody);
      else if (requestParser) {
        // Another media type yoga parses (application/graphql, a form): the body it reads is capped too.
        const parse = requestParser;
        setRequestParser(async (original) => {
          const body = await readBody(original);
          const { url, method, headers } = original;
          return parse(new fetchAPI.Request(url, { method, headers, body: body as Uint8Array<ArrayBuffer> }));
        });
      }
    },
  };
}

/** The yoga options of this layer: no uploads, and the body limit is this layer's ({@link readBody}). */
export const httpGuardOptions = {
  multipart: false,
  maxRequestBodySize: false,
} as const;
