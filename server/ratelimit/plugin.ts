/**
 * The request limits of GraphQL operations, on every transport: each operation counts once for the
 * calling agent (`requests`), or for the client address without a key (`anonymous`), before it runs;
 * past the limit, nothing of it executes. HTTP responses say where the caller stands in `RateLimit-Policy`
 * and `RateLimit` (headers.ts). Writes count against their own rules in the services, when they commit
 * (see `RateLimiter.spendOnCommit`).
 */
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { Context } from '../context.js';
import type { MoltbookError } from '../errors.js';
import { setRateLimitHeaders } from './headers.js';
import type { LimitState } from './limiter.js';

/** The yoga plugin: refuses an operation over the limit with `RATE_LIMITED` before it executes. */
export function rateLimitPlugin(): Plugin<Context> {
  // The state each HTTP request left, for its response's headers.
  const states = new WeakMap<Request, LimitState>();

  async function count(ctx: Context & Partial<YogaInitialContext>): Promise<MoltbookError | null> {
    const { limiter } = ctx.services;
    const hit = ctx.viewer
      ? await limiter.hit('requests', ctx.viewer)
      : await limiter.hit('anonymous', { id: ctx.clientAddress });
    if (hit.state && ctx.request) states.set(ctx.request, hit.state);
    return hit.refused;
  }

  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const refused = await count(args.contextValue);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const refused = await count(args.contextValue);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
    onResponse({ request, response }) {
      const state = states.get(request);
      if (state) setRateLimitHeaders(response.headers, state);
    },
  };
}
