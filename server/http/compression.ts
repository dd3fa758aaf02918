/**
 * Response compression: which encoding a client accepts, which bodies are worth compressing, and the
 * compression itself (on libuv's thread pool, never on the event loop). Used for the viewer's and
 * GraphiQL's files (compressed once, see asset.ts) and for GraphQL results over HTTP (per response).
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

/** The content codings this server produces. */
export type Encoding = 'br' | 'gzip';

/** Bodies smaller than this go out as they are: the saving would not pay for the work. */
export const MIN_COMPRESSED_BYTES = 1024;

/**
 * Media types that shrink well. Streams (`text/event-stream`, `multipart/mixed`) are not listed: a
 * compressor holds back bytes until it has enough, which would delay live events.
 */
const COMPRESSIBLE = new Set([
  'text/html',
  'text/css',
  'text/javascript',
  'text/plain',
  'text/markdown',
  'application/json',
  'application/graphql-response+json',
  'image/svg+xml',
  'image/x-icon',
  'font/ttf',
]);

/** Whether a body of `contentType` is worth compressing. */
export function isCompressible(contentType: string | null | undefined): boolean {
  return COMPRESSIBLE.has((contentType ?? '').split(';')[0]!.trim().toLowerCase());
}

/**
 * The encoding to answer with for an `Accept-Encoding` header: brotli, else gzip, by the client's
 * q-values (`*` stands for any not named, `q=0` refuses); undefined for none.
 */
export function negotiateEncoding(acceptEncoding: string | null | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (encoding: Encoding) => weights.get(encoding) ?? weights.get('*') ?? 0;
  const gzipWeight = weightOf('gzip');
  if (weightOf('br') > 0 && weightOf('br') >= gzipWeight) return 'br';
  return gzipWeight > 0 ? 'gzip' : undefined;
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Compresses `body`. Brotli at quality 6: quality 11 takes 25 s of CPU for GraphiQL's 5 MB bundle and
 * half a second for the viewer's script, for output only 8-13% smaller.
 */
export function compress(body: Uint8Array, encoding: Encoding): Promise<Buffer> {
  if (encoding === 'gzip') return gzipAsync(body);
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 6,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
    },
  });
}

/**
 * Compresses GraphQL results over HTTP when the client accepts it and the body is large enough. Event
 * streams and incremental delivery pass untouched (their types are not compressible), and WebSocket
 * upgrades never reach yoga.
 */
export function responseCompressionPlugin(): Plugin {
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (!response.body || response.headers.has('content-encoding')) return;
      if (!isCompressible(response.headers.get('content-type'))) return;
      response.headers.append('vary', 'Accept-Encoding');
      const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
      const declared = Number(response.headers.get('content-length') ?? Infinity);
      if (!encoding || declared < MIN_COMPRESSED_BYTES) return;
      const body = new Uint8Array(await response.arrayBuffer());
      const headers = new fetchAPI.Headers(response.headers);
      const init = { status: response.status, statusText: response.statusText, headers };
      if (body.byteLength < MIN_COMPRESSED_BYTES) {
        setResponse(new fetchAPI.Response(body, init));
        return;
      }
      const compressed = await compress(body, encoding);
      headers.set('content-encoding', encoding);
      headers.set('content-length', String(compressed.byteLength));
      setResponse(new fetchAPI.Response(new Uint8Array(compressed), init));
    },
  };
}
