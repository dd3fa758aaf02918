/**
 * The yoga side of the response cache (see cache/response-cache.ts). Only anonymous queries are cached
 * and answered from the cache: no `Authorization`, no operator token, and no `Cache-Control: no-cache`
 * (or `no-store`) from the client, which asks for a fresh answer. An agent's answers (`viewerVote`,
 * `viewerSubscribed`, `me`) are never cached, so never served to anyone else. Mutations and subscriptions
 * neither use nor touch the cache (the live events invalidate it), and answers with errors are not kept.
 *
 * Two lookups, one store:
 * - Over HTTP, an anonymous request is looked up as soon as its parameters are read, before parsing,
 *   validating and building a context: a hit is counted against the anonymous rate limit and served as
 *   serialized once per answer. The answer was stored after the same document and variables passed the
 *   operation limits, so they need not be checked again. A refused hit goes on through the pipeline,
 *   which refuses it with RATE_LIMITED.
 * - Inside execution, after the rate limiter, `@envelop/response-cache` looks up every other candidate
 *   (WebSocket queries, HTTP misses) and stores what it computes.
 */
import { createHash } from 'node:crypto';
import { useResponseCache } from '@envelop/response-cache';
import { getOperationAST, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { ResponseCache } from '../cache/response-cache.js';
import type { Context, ServerContext } from '../context.js';
import type { Services } from '../services.js';
import { clientAddressOf } from './client-address.js';
import type { RequestLimits } from '../ratelimit/plugin.js';
import { OWNER_ASSERTION_HEADER } from '../agents/owner-assertion.js';

/** True when the client asked for an answer computed now (`Cache-Control: no-cache` or `no-store`). */
function wantsFresh(headers: Headers | undefined): boolean {
  const header = headers?.get('cache-control');
  return header ? /\bno-(cache|store)\b/i.test(header) : false;
}

/** True for a request that may be answered from the cache: no key, operator token, owner assertion or `no-cache`. */
function anonymousRead(headers: Headers): boolean {
  return (
    !headers.get('authorization') &&
    !headers.get('x-operator-token') &&
    !headers.get(OWNER_ASSERTION_HEADER) &&
    !wantsFresh(headers)
  );
}

/**
 * The key of an answer: SHA-256 of the document, operation name and variables, hashed synchronously (the
 * package's default goes through WebCrypto, whose asynchronous digest costs more than a cached answer).
 * Variables in another order make another key, which costs a miss, never a wrong answer.
 */
function answerKey(document: string, operationName: string | null | undefined, variables: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([document, operationName ?? null, variables ?? {}]))
    .digest('hex');
}

/** The document as the client sent it (yoga keeps it on the context), printed only when it is not there. */
function documentString(args: ExecutionArgs): string {
  const params = (args.contextValue as Partial<YogaInitialContext>).params;
  return params?.query ?? print(args.document);
}

/** The plugins to add after the rate limiter. */
export function responseCachePlugins(
  cache: ResponseCache,
  { limiter, config }: Services,
  limits: RequestLimits,
): Plugin<Context>[] {
  // Each answer is serialized once, when it is first served this way (yoga uses a result's `stringify`).
  const serialized = new WeakMap<ExecutionResult, ExecutionResult & { stringify(): string }>();
  const asServed = (answer: ExecutionResult) => {
    let served = serialized.get(answer);
    if (!served) {
      const text = JSON.stringify(answer);
      serialized.set(answer, (served = { ...answer, stringify: () => text }));
    }
    return served;
  };
  const early: Plugin<Context> = {
    async onParams({ params, request, context, setResult }) {
      if (!params.query || !anonymousRead(request.headers)) return;
      const answer = await cache.find(answerKey(params.query, params.operationName, params.variables));
      if (!answer) return;
      const { req } = context as Partial<ServerContext>;
      const address = req ? clientAddressOf(req, config.trustProxy) : 'unknown';
      // A hit counts against the anonymous limit like any request; a refused one goes on to be refused.
      if (await limits.countAnonymous(limiter, address, request)) return;
      cache.served();
      setResult(asServed(answer));
    },
  };
  // Whether an operation uses the cache, decided before the cache plugin looks (per context).
  const usesCache = new WeakMap<object, boolean>();
  const decide: Plugin<Context> = {
    onExecute({ args }) {
      const ctx = args.contextValue;
      const query = getOperationAST(args.document, args.operationName)?.operation === 'query';
      const headers = (ctx as Partial<YogaInitialContext>).request?.headers;
      usesCache.set(
        ctx,
        query && ctx.viewer === null && !ctx.operator && ctx.ownerAssertion === null && !wantsFresh(headers),
      );
    },
  };
  const cachePlugin = useResponseCache<Context>({
    cache: cache.store,
    ttl: cache.ttlMs,
    // One answer for every anonymous reader; nobody else is served from the cache.
    session: () => null,
    enabled: (ctx) => usesCache.get(ctx) === true,
    getDocumentString: documentString,
    buildResponseCacheKey: ({ documentString: document, operationName, variableValues }) =>
      answerKey(document, operationName, variableValues),
    shouldCacheResult: ({ result }) => !result.errors?.length,
    includeExtensionMetadata: false,
  }) as Plugin<Context>;
  return [early, decide, cachePlugin];
}
