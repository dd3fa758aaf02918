/**
 * The yoga side of the response cache (see cache/response-cache.ts): `@envelop/response-cache` reads
 * and fills it inside execution, so on every transport a cached answer has passed everything before
 * execution first: operation limits, the context (the key check) and the rate limits (this plugin comes
 * after the rate limiter: a hit counts against the anonymous limit like any request).
 *
 * Only anonymous queries are cached and answered from the cache: no `Authorization`, no operator token,
 * and no `Cache-Control: no-cache` (or `no-store`) from the client, which asks for a fresh answer. An
 * agent's answers (`viewerVote`, `viewerSubscribed`, `me`) are never cached, so never served to anyone
 * else. Mutations and subscriptions neither use nor touch the cache (the live events invalidate it), and
 * answers with errors are not cached.
 */
import { createHash } from 'node:crypto';
import { useResponseCache, type BuildResponseCacheKeyFunction } from '@envelop/response-cache';
import { getOperationAST, print, type ExecutionArgs } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { ResponseCache } from '../cache/response-cache.js';
import type { Context } from '../context.js';

/** True when the client asked for an answer computed now (`Cache-Control: no-cache` or `no-store`). */
function wantsFresh(context: Context): boolean {
  const header = (context as Partial<YogaInitialContext>).request?.headers.get('cache-control');
  return header ? /\bno-(cache|store)\b/i.test(header) : false;
}

/** The document as the client sent it (yoga keeps it on the context), printed only when it is not there. */
function documentString(args: ExecutionArgs): string {
  const params = (args.contextValue as Partial<YogaInitialContext>).params;
  return params?.query ?? print(args.document);
}

/**
 * The cache key: SHA-256 of the document, operation name and variables, hashed synchronously (the
 * package's default goes through WebCrypto, whose asynchronous digest costs more than a cached answer).
 * Variables in another order make another key, which costs a miss, never a wrong answer.
 */
const cacheKey: BuildResponseCacheKeyFunction = ({ documentString, operationName, variableValues }) =>
  createHash('sha256')
    .update(JSON.stringify([documentString, operationName ?? null, variableValues ?? {}]))
    .digest('hex');

/** The plugins to add after the rate limiter. */
export function responseCachePlugins(cache: ResponseCache): Plugin<Context>[] {
  // Whether an operation uses the cache, decided before the cache plugin looks (per context).
  const usesCache = new WeakMap<object, boolean>();
  const decide: Plugin<Context> = {
    onExecute({ args }) {
      const ctx = args.contextValue;
      const query = getOperationAST(args.document, args.operationName)?.operation === 'query';
      usesCache.set(ctx, query && ctx.viewer === null && !ctx.operator && !wantsFresh(ctx));
    },
  };
  const cachePlugin = useResponseCache<Context>({
    cache: cache.store,
    ttl: cache.ttlMs,
    // One answer for every anonymous reader; nobody else is served from the cache.
    session: () => null,
    enabled: (ctx) => usesCache.get(ctx) === true,
    getDocumentString: documentString,
    buildResponseCacheKey: cacheKey,
    shouldCacheResult: ({ result }) => !result.errors?.length,
    includeExtensionMetadata: false,
  }) as Plugin<Context>;
  return [decide, cachePlugin];
}
