/**
 * Request bodies read on the Node side, for `/api/v1` (REST) and `/mcp`: capped at GraphQL's limit while
 * they arrive, kept for a signature's Content-Digest, and parsed as strict UTF-8 JSON. `/graphql` reads
 * its body through yoga's Request, with the same cap (guard.ts).
 */
import type { IncomingMessage } from 'node:http';
import { rememberBody } from '../agents/signing-keys.js';
import { OPERATION_LIMITS } from './limits.js';

/**
 * The body of `req`; null when it is longer than `OPERATION_LIMITS.maxBodyBytes`, as declared or as
 * found while reading it (the rest is left unread). The bytes are kept for the request's signature check
 * (server/agents/signing-keys.ts).
 */
export async function readCappedBody(req: IncomingMessage): Promise<Buffer | null> {
  if (Number(req.headers['content-length'] ?? 0) > OPERATION_LIMITS.maxBodyBytes) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > OPERATION_LIMITS.maxBodyBytes) return null;
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks, size);
  rememberBody(req, bytes);
  return bytes;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** What {@link parseStrictJson} returns for bytes that are not UTF-8 JSON. */
export const NOT_JSON = Symbol('not UTF-8 JSON');

/** The JSON value `bytes` hold, or {@link NOT_JSON}: invalid UTF-8 is refused, never replaced. */
export function parseStrictJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(strictUtf8.decode(bytes));
  } catch {
    return NOT_JSON;
  }
}
