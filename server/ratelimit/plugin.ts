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
import type { Hit, LimitState, RateLimiter } from './limiter.js';

/**
 * Where each HTTP request left its caller, for the response's `RateLimit` headers: filled by the count
 * before execution, or by a response cache that answers before it (and counts the request itself).
 */
export class RequestLimits {
  private readonly states = new WeakMap<Request, LimitState>();

  /** Counts `request`'s operation for an anonymous caller at `address`; returns the refusal, or null. */
  async countAnonymous(limiter: RateLimiter, address: string, request?: Request): Promise<MoltbookError | null> {
    return this.record(await limiter.hit('anonymous', { id: address }), request);
  }

  /** Counts the operation of `ctx`'s caller; returns the refusal, or null. */
  async count(ctx: Context & Partial<YogaInitialContext>): Promise<MoltbookError | null> {
    if (!ctx.viewer) return this.countAnonymous(ctx.services.limiter, ctx.clientAddress, ctx.request);
    return this.record(await ctx.services.limiter.hit('requests', ctx.viewer), ctx.request);
  }

  stateOf(request: Request): LimitState | undefined {
    return this.states.get(request);
  }

  private record(hit: Hit, request: Request | undefined): MoltbookError | null {
    if (hit.state && request) this.states.set(request, hit.state);
    return hit.refused;
  }
}

/** The yoga plugin: refuses an operation over the limit with `RATE_LIMITED` before it executes. */
export function rateLimitPlugin(limits: RequestLimits): Plugin<Context> {
  const count = (ctx: Context & Partial<YogaInitialContext>) => limits.count(ctx);

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
      const state = limits.stateOf(request);
      if (state) setRateLimitHeaders(response.headers, state);
    },
  };
}
