/**
 * The yoga options that make the pipeline shared by HTTP, SSE and WebSocket operations: operation
 * limits, CSRF and body checks, rate limits, error masking with request ids, auditing, logging and
 * metrics hooks.
 */
import { randomUUID } from 'node:crypto';
import { GraphQLError, getOperationAST, type DocumentNode, type ExecutionResult } from 'graphql';
import { maskError as yogaMaskError, type Plugin, type YogaServerOptions } from 'graphql-yoga';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { auditPlugin } from './audit.js';
import { httpGuardOptions, httpGuardPlugin } from './http-guard.js';
import { operationLimitsPlugin } from './limits.js';
import { rateLimitPlugin } from './ratelimit-rules.js';
import { countError, countOperation, countRefusal, eventDelivered, instrumentDb } from './metrics.js';
import { subscriptionEnded, subscriptionStarted } from './metrics.js';
import { log } from './log.js';
import { Prisma } from './db.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The contract's codes; anything else a refusal carries is mapped onto them. */
const CONTRACT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'AGENT_NOT_VERIFIED',
  'RATE_LIMITED',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'QUERY_TOO_COMPLEX',
  'INTERNAL_SERVER_ERROR',
]);

/** Errors yoga masked, mapped to what was thrown, so that the log line can carry the original. */
const originalErrors = new WeakMap<object, unknown>();

function isOriginal(error: unknown): boolean {
  return error instanceof GraphQLError && (error.originalError == null || isOriginal(error.originalError));
}

type Result = ExecutionResult & { data?: unknown };

/**
 * Replaces each unexpected error by `INTERNAL_SERVER_ERROR` with the request id (logging the original
 * with the same id: SQL and stacks stay in the log), hides "Did you mean" suggestions, maps codes onto
 * the contract's, and, over HTTP, gives `RATE_LIMITED` a 429 status and a `Retry-After` header.
 */
function maskResult(result: Result, requestId: string, label: string, opts: { http?: boolean } = {}): Result {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    const ext = error.extensions ?? {};
    if (ext.code === 'INTERNAL_SERVER_ERROR' && ext.requestId) return error;
    if (!isOriginal(error) || ext.unexpected === true) {
      const original = originalErrors.get(error) ?? error.originalError ?? error;
      if (original instanceof Prisma.PrismaClientKnownRequestError && original.code === 'P2007') {
        // A value the database cannot even compare (an id that is not a UUID): the client's mistake.
        log.warn({ requestId, operation: label, path: error.path }, 'malformed value reached the database');
        return new GraphQLError('A value in the request is malformed (for example an id that is not one of ours).', {
          path: error.path,
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      log.error({ requestId, operation: label, path: error.path, err: original }, 'unexpected error');
      return new GraphQLError('Unexpected error.', {
        path: error.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
      });
    }
    const message = error.message.replace(/\s*Did you mean [^?]*\?/g, '');
    let code = typeof ext.code === 'string' && CONTRACT_CODES.has(ext.code) ? ext.code : 'BAD_USER_INPUT';
    if (ext.code === 'REQUEST_ENTITY_TOO_LARGE') code = 'QUERY_TOO_COMPLEX';
    let http = ext.http as { status?: number; headers?: Record<string, string> } | undefined;
    if (code === 'RATE_LIMITED' && opts.http) {
      http = { status: 429, headers: { 'Retry-After': String(ext.retryAfterSeconds ?? 60) } };
    }
    if (message === error.message && code === ext.code && http === ext.http) return error;
    return new GraphQLError(message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      originalError: error.originalError,
      extensions: { ...ext, code, ...(http ? { http } : {}) },
    });
  });
  return { ...result, errors };
}

/** Names an operation by its root fields (bounded by the schema, unlike a client's operationName). */
function operationLabel(document: DocumentNode, operationName?: string | null): string {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 'unknown';
  const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []));
  const unique = [...new Set(fields)].sort();
  return unique.slice(0, 3).join(',') + (unique.length > 3 ? ',…' : '') || 'fragments';
}

/** Errors already counted (an error may pass several hooks on its way out). */
const countedErrors = new WeakSet<object>();

function countErrors(label: string, errors: readonly GraphQLError[] | undefined): void {
  for (const error of errors ?? []) {
    if (countedErrors.has(error)) continue;
    countedErrors.add(error);
    const code = String(error.extensions?.code ?? 'UNKNOWN');
    countError(label, code);
    if (code !== 'INTERNAL_SERVER_ERROR') countRefusal(code);
  }
}

/** Validation errors get contract codes and lose suggestions on every transport, and are counted. */
function validationPlugin(): Plugin {
  return {
    onValidate() {
      return ({ valid, result, setResult }) => {
        if (valid) return;
        const errors = maskResult({ errors: result as readonly GraphQLError[] }, 'validation', 'invalid').errors ?? [];
        countErrors('invalid', errors);
        setResult([...errors]);
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
      instrumentDb();
    },
    onResponse({ request, response }) {
      const id = request.headers.get('x-request-id');
      if (id) response.headers.set('x-request-id', id);
    },
  };
}

/** Masks unexpected errors and counts operations, on every transport (runs inside execution). */
function executionPlugin(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const label = operationLabel(args.document, args.operationName);
      const { requestId, viewer } = args.contextValue;
      const started = performance.now();
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          const masked = maskResult(result, requestId, label);
          countOperation(label, 'execute');
          countErrors(label, masked.errors);
          setResult(masked);
          const codes = masked.errors?.map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
          const ms = Math.round((performance.now() - started) * 10) / 10;
          log.info({ requestId, operation: label, agentId: viewer?.id ?? null, ms, codes }, 'graphql operation');
        },
      };
    },
    onSubscribe({ args }) {
      const label = operationLabel(args.document, args.operationName);
      const requestId = args.contextValue.requestId;
      return {
        onSubscribeResult({ result }) {
          countOperation(label, 'subscribe');
          if (!(Symbol.asyncIterator in result)) return;
          subscriptionStarted();
          return {
            onNext({ result: event, setResult }) {
              eventDelivered(label);
              if (event.errors?.length) setResult(maskResult(event, requestId, label));
            },
            onEnd: () => subscriptionEnded(),
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
function resultPlugin(): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      const requestId = request.headers.get('x-request-id') ?? 'unknown';
      countErrors('request', (result as Result).errors);
      setResult(maskResult(result as Result, requestId, 'request', { http: true }));
    },
  };
}

/** The masking function given to yoga: its default, remembering each original for our log line. */
function maskError(error: unknown, message: string): Error {
  const masked = yogaMaskError(error, message, false);
  if (masked !== error) originalErrors.set(masked, error);
  return masked;
}

type Options = Pick<
  YogaServerOptions<object, Context>,
  'maskedErrors' | 'cors' | 'multipart' | 'maxRequestBodySize' | 'parserAndValidationCache'
> & { plugins: Plugin<Context>[] };

/** Options spread into `createYoga` by the composition root. */
export function yogaOptions(_config: Config): Options {
  return {
    plugins: [
      requestIdPlugin(),
      httpGuardPlugin(),
      ...operationLimitsPlugin(),
      validationPlugin(),
      // Before the rate limiter, so that its refusals are masked, counted and logged too.
      executionPlugin(),
      resultPlugin(),
      rateLimitPlugin(),
      // After it: a flood of refused operations must not become a flood of audit rows.
      auditPlugin(),
    ] as Plugin<Context>[],
    ...httpGuardOptions,
    // The cost rule depends on each request's variables, so validation results are not cached
    // (parsed documents still are).
    parserAndValidationCache: { validationCache: false },
    maskedErrors: { maskError: maskError as never, errorMessage: 'Unexpected error.', isDev: false },
    // Agents authenticate with a bearer key, never a cookie, so a cross-origin page gains nothing it
    // could not do itself; any origin may read, no credentials are shared, and the operator token
    // header is not allowed cross-origin.
    cors: {
      origin: '*',
      credentials: false,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['content-type', 'authorization', 'x-request-id', 'x-graphql-yoga-csrf', 'accept'],
      exposedHeaders: ['retry-after', 'x-request-id'],
      maxAge: 600,
    },
  };
}
