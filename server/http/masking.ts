/**
 * Error masking for every transport: unexpected errors become `INTERNAL_SERVER_ERROR` carrying the
 * request id, and the original (SQL, stack) goes only to the log line with the same id. Expected
 * refusals keep their message, lose "Did you mean" suggestions, and carry a code of the contract.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import { Prisma } from '../infra/db.js';
import { ERROR_CODES } from '../errors.js';
import type { Logger } from '../infra/log.js';
import { BODY_TOO_LARGE } from './guard.js';

/** The contract's codes; anything else a refusal carries is mapped onto them. */
const CONTRACT_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** Errors yoga masked, mapped to what was thrown, so that the log line can carry the original. */
const originalErrors = new WeakMap<object, unknown>();

function isOriginal(error: unknown): boolean {
  return error instanceof GraphQLError && (error.originalError == null || isOriginal(error.originalError));
}

export type Result = ExecutionResult & { data?: unknown };

/**
 * Replaces each unexpected error by `INTERNAL_SERVER_ERROR` with the request id (logging the original
 * with the same id: SQL and stacks stay in the log), hides "Did you mean" suggestions, maps codes onto
 * the contract's, and, over HTTP, gives `RATE_LIMITED` a 429 status and a `Retry-After` header.
 */
export function maskResult(
  log: Logger,
  result: Result,
  requestId: string,
  label: string,
  opts: { http?: boolean } = {},
): Result {
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
    const message =
      ext.code === 'REQUEST_ENTITY_TOO_LARGE' ? BODY_TOO_LARGE : error.message.replace(/\s*Did you mean [^?]*\?/g, '');
    const code = typeof ext.code === 'string' && CONTRACT_CODES.has(ext.code) ? ext.code : 'BAD_USER_INPUT';
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

/**
 * `error` without `extensions.http`, the status and headers it asks of an HTTP response: they mean
 * nothing on other transports (yoga removes them from HTTP responses itself).
 */
export function withoutHttp<E>(error: E): E {
  if (!(error instanceof GraphQLError) || error.extensions?.http === undefined) return error;
  const { http: _http, ...extensions } = error.extensions;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  }) as E;
}

/** The masking function given to yoga: its default, remembering each original for our log line. */
export function maskError(error: unknown, message: string): Error {
  const masked = yogaMaskError(error, message, false);
  if (masked !== error) originalErrors.set(masked, error);
  return masked;
}
