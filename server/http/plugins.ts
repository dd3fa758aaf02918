/**
 * The yoga options that make the pipeline shared by HTTP, SSE and WebSocket operations: operation
 * limits, CSRF and body checks, rate limits, error masking with request ids, auditing, logging and
 * metrics hooks.
 */
import { randomUUID } from 'node:crypto';
import { getOperationAST, type DocumentNode, type GraphQLError } from 'graphql';
import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import type { Context } from '../context.js';
import { operationLabel, type Metrics } from '../infra/metrics.js';
import { RATE_LIMIT_HEADERS } from '../ratelimit/headers.js';
import { operationDurationPlugin } from '../infra/operation-duration.js';
import { rateLimitPlugin, RequestLimits } from '../ratelimit/plugin.js';
import type { Services } from '../services.js';
import { mutationEntries } from '../write/audit.js';
import { signaturePlugin } from '../agents/signing-keys.js';
import { httpGuardOptions, httpGuardPlugin } from './guard.js';
import { responseCompressionPlugin } from './compression.js';
import { operationLimitsPlugin } from './limits.js';
import { responseCachePlugins } from './response-cache.js';
import { maskError, maskResult, type Result } from './masking.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Counts each error once (an error may pass several hooks on its way out). */
function errorCounter(metrics: Metrics) {
  const counted = new WeakSet<object>();
  return (label: string, errors: readonly GraphQLError[] | undefined): void => {
    for (const error of errors ?? []) {
      if (counted.has(error)) continue;
      counted.add(error);
      const code = String(error.extensions?.code ?? 'UNKNOWN');
      metrics.countError(label, code);
      if (code !== 'INTERNAL_SERVER_ERROR') metrics.countRefusal(code);
    }
  };
}

type CountErrors = ReturnType<typeof errorCounter>;

/** Validation errors get contract codes and lose suggestions on every transport, and are counted. */
function validationPlugin({ log }: Services, countErrors: CountErrors): Plugin {
  return {
    onValidate() {
      return ({ valid, result, setResult }) => {
        if (valid) return;
        const errors = maskResult(log, { errors: result as readonly GraphQLError[] }, 'validation', 'invalid').errors;
        countErrors('invalid', errors);
        setResult([...(errors ?? [])]);
      };
    },
  };
}

/**
 * Gives every HTTP request an id (the client's `x-request-id` when well formed, a UUID otherwise), which
 * the context, the log lines and masked errors carry, and echoes it in the response.
 */
function requestIdPlugin(): Plugin {
  return {
    onRequest({ request }) {
      const given = request.headers.get('x-request-id');
      if (!given || !REQUEST_ID.test(given)) request.headers.set('x-request-id', randomUUID());
    },
    onResponse({ request, response }) {
      const id = request.headers.get('x-request-id');
      if (id) response.headers.set('x-request-id', id);
    },
  };
}

const isRead = (document: DocumentNode, operationName?: string | null) =>
  getOperationAST(document, operationName)?.operation === 'query';

/** Masks unexpected errors, counts and logs operations, on every transport (runs inside execution). */
function executionPlugin({ log, metrics }: Services, countErrors: CountErrors): Plugin<Context> {
  return {
    onExecute({ args }) {
      const label = operationLabel(args.document, args.operationName);
      const { requestId, viewer } = args.contextValue;
      const started = performance.now();
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          const masked = maskResult(log, result, requestId, label);
          metrics.countOperation(label, 'execute');
          countErrors(label, masked.errors);
          setResult(masked);
          const codes = masked.errors?.map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
          // A read that succeeded is logged at debug: on a busy server, a line for every viewer's page
          // would be most of the work. Writes and every refusal or error stay at info.
          const level = codes || !isRead(args.document, args.operationName) ? 'info' : 'debug';
          if (!log.isLevelEnabled(level)) return;
          const ms = Math.round((performance.now() - started) * 10) / 10;
          log[level]({ requestId, operation: label, agentId: viewer?.id ?? null, ms, codes }, 'graphql operation');
        },
      };
    },
    onSubscribe({ args }) {
      const label = operationLabel(args.document, args.operationName);
      const { requestId, live } = args.contextValue;
      return {
        onSubscribeResult({ result }) {
          metrics.countOperation(label, 'subscribe');
          if (!(Symbol.asyncIterator in result)) return;
          // A shared live field's results go to many sockets: the WebSocket transport counts its
          // subscribers and deliveries (see realtime/fanout.ts).
          const counted = !live?.taken;
          if (counted) metrics.subscriptionStarted();
          return {
            onNext({ result: event, setResult }) {
              if (counted) metrics.eventDelivered(label);
              if (event.errors?.length) setResult(maskResult(log, event, requestId, label));
            },
            onEnd: () => counted && metrics.subscriptionEnded(),
          };
        },
      };
    },
  };
}

/**
 * For errors raised outside execution (a context that could not be built, e.g. the database is down):
 * adds the request id, logs the original, and turns `RATE_LIMITED` into HTTP 429 with `Retry-After`.
 */
function resultPlugin({ log }: Services, countErrors: CountErrors): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      const requestId = request.headers.get('x-request-id') ?? 'unknown';
      countErrors('request', (result as Result).errors);
      setResult(maskResult(log, result as Result, requestId, 'request', { http: true }));
    },
  };
}

/**
 * Records the outcome of every root mutation field, over HTTP and WebSocket alike: who (agent and key
 * id, or the operator), what (the field), from where, and how it ended (ok, refused with a contract
 * code, or error).
 */
function auditPlugin(): Plugin<Context> {
  return {
    onExecute({ args }) {
      return {
        async onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) return;
          const ctx = args.contextValue;
          await ctx.services.audit.append(
            ...mutationEntries(args.document, args.operationName, ctx, result.errors ?? []),
          );
        },
      };
    },
  };
}

type Options = Pick<
  YogaServerOptions<object, Context>,
  'maskedErrors' | 'cors' | 'multipart' | 'maxRequestBodySize' | 'parserAndValidationCache'
> & { plugins: Plugin<Context>[] };

/** Options spread into `createYoga` by the composition root. */
export function yogaOptions(services: Services): Options {
  const countErrors = errorCounter(services.metrics);
  const limits = new RequestLimits();
  return {
    plugins: [
      requestIdPlugin(),
      operationDurationPlugin(services.metrics),
      httpGuardPlugin(services.metrics),
      ...operationLimitsPlugin(),
      validationPlugin(services, countErrors),
      // Before the rate limiter, so that its refusals are masked, counted and logged too.
      executionPlugin(services, countErrors),
      resultPlugin(services, countErrors),
      // Before the rate limiter: a thief's unsigned writes do not spend the agent's budget.
      signaturePlugin(),
      rateLimitPlugin(limits),
      // After it: an answer from the cache counts against the rate limits like any other.
      ...(services.responseCache ? responseCachePlugins(services.responseCache, services, limits) : []),
      // After it: a flood of refused operations must not become a flood of audit rows.
      auditPlugin(),
      responseCompressionPlugin(),
    ] as Plugin<Context>[],
    ...httpGuardOptions,
    // The cost rule depends on each request's variables, so validation results are not cached
    // (parsed documents still are).
    parserAndValidationCache: true,
    maskedErrors: { maskError: maskError as never, errorMessage: 'Unexpected error.', isDev: false },
    // Agents authenticate with a bearer key, never a cookie, so a cross-origin page gains nothing it
    // could not do itself; any origin may read, no credentials are shared, and the operator token
    // header is not allowed cross-origin.
    cors: {
      origin: '*',
      credentials: false,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['content-type', 'authorization', 'x-request-id', 'x-graphql-yoga-csrf', 'accept'],
      exposedHeaders: ['retry-after', 'x-request-id', ...RATE_LIMIT_HEADERS],
      maxAge: 600,
    },
  };
}
