/**
 * Files served from memory (the viewer's build, GraphiQL): each is compressed at most once per
 * encoding, carries an ETag, and answers a matching `If-None-Match` with 304.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compress, isCompressible, MIN_COMPRESSED_BYTES, negotiateEncoding, type Encoding } from './compression.js';

/** For files whose name changes with their content. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** For files at a fixed address: the browser keeps them but asks each time whether they changed. */
export const REVALIDATE = 'no-cache';

/** A file ready to serve. */
export interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly cacheControl: string;
  /** A digest of the body (hex); names content-hashed files and makes the ETags. */
  readonly hash: string;
  /** Compressed bodies, made on first demand; absent when the body is not worth compressing. */
  readonly encoded?: Map<Encoding, Promise<Buffer>>;
}

/** Wraps `body` for serving; it is compressed later, on the first request that accepts an encoding. */
export function createAsset(body: Buffer, type: string, cacheControl: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const worthIt = isCompressible(type) && body.length >= MIN_COMPRESSED_BYTES;
  return { body, type, cacheControl, hash, ...(worthIt && { encoded: new Map() }) };
}

function encodedBody(asset: Asset, encoding: Encoding): Promise<Buffer> {
  let body = asset.encoded!.get(encoding);
  if (!body) {
    body = compress(asset.body, encoding);
    asset.encoded!.set(encoding, body);
  }
  return body;
}

/** Weak comparison (RFC 9110 13.1.2): `W/` prefixes are ignored, `*` matches any. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * Answers a GET or HEAD with `asset`, in the best encoding the client accepts (each encoding is its own
 * representation with its own ETag), or 304 when the client's copy is current. `headers` are added.
 */
export async function sendAsset(
  req: IncomingMessage,
  res: ServerResponse,
  asset: Asset,
  headers: Record<string, string> = {},
): Promise<void> {
  const encoding = asset.encoded && negotiateEncoding(req.headers['accept-encoding']);
  const etag = encoding ? `"${asset.hash}-${encoding}"` : `"${asset.hash}"`;
  const common: Record<string, string> = {
    ...headers,
    'cache-control': asset.cacheControl,
    etag,
    ...(asset.encoded && { vary: 'Accept-Encoding' }),
  };
  if (matches(req.headers['if-none-match'], etag)) {
    res.writeHead(304, common).end();
    return;
  }
  const body = encoding ? await encodedBody(asset, encoding) : asset.body;
  res.writeHead(200, {
    ...common,
    'content-type': asset.type,
    'content-length': body.length,
    ...(encoding && { 'content-encoding': encoding }),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
