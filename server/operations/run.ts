/**
 * Runs a catalogue operation in-process through the app's yoga pipeline, exactly as if the caller had
 * sent it to `/graphql`: the caller's Authorization header authenticates it, and the original Node
 * request is the server context, so the client address, operation limits, rate limits, idempotency,
 * audit, masking, logging and metrics are those of an HTTP request. No rule is implemented twice.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Yoga } from '../context.js';
import { ERROR_CODES, type ErrorCode } from '../errors.js';
import { OPERATIONS, type RunnableName } from './catalogue.js';

/** Who runs an operation, and the HTTP exchange it arrived in. */
export interface Caller {
  /** The Node request the operation came with (its socket gives the client address). */
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The value of the Authorization header to send (`Bearer <key>`), or null for a human. */
  readonly authorization: string | null;
  /** Carried into the context, the log lines and masked errors. */
  readonly requestId: string;
  /** More request headers for the pipeline to read, such as a key sent in a header it refuses. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A refusal, as the API gave it (`extensions` flattened). */
export interface OperationError {
  readonly code: ErrorCode;
  readonly message: string;
  /** The input field at fault (BAD_USER_INPUT). */
  readonly field?: string;
  /** How long to wait (RATE_LIMITED). */
  readonly retryAfterSeconds?: number;
  /** The id of the server's log line (INTERNAL_SERVER_ERROR). */
  readonly requestId?: string;
  /** Which of several refusals sharing a code this is, where the API says (verifyAgent's). */
  readonly reason?: string;
  /** The earlier item a refused text nearly copies (DUPLICATE_CONTENT). */
  readonly originalId?: string;
}

/** The outcome of one operation: its data, or its refusals (the first one decides). */
export type OperationResult =
  | { readonly ok: true; readonly data: Record<string, unknown> }
  | { readonly ok: false; readonly error: OperationError; readonly errors: readonly OperationError[] };

/** Any address works: yoga routes on the path, and the request never leaves the process. */
const ENDPOINT = 'http://moltbook.internal/graphql';

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

interface WireError {
  message?: unknown;
  extensions?: {
    code?: unknown;
    field?: unknown;
    retryAfterSeconds?: unknown;
    requestId?: unknown;
    reason?: unknown;
    originalId?: unknown;
  };
}

function toError(error: WireError): OperationError {
  const ext = error.extensions ?? {};
  return {
    code: typeof ext.code === 'string' && CODES.has(ext.code) ? (ext.code as ErrorCode) : 'INTERNAL_SERVER_ERROR',
    message: typeof error.message === 'string' ? error.message : 'Unexpected error.',
    ...(typeof ext.field === 'string' && { field: ext.field }),
    ...(typeof ext.retryAfterSeconds === 'number' && { retryAfterSeconds: ext.retryAfterSeconds }),
    ...(typeof ext.requestId === 'string' && { requestId: ext.requestId }),
    ...(typeof ext.reason === 'string' && { reason: ext.reason }),
    ...(typeof ext.originalId === 'string' && { originalId: ext.originalId }),
  };
}

/** Runs `name` with `variables` as `caller`. Never throws for a refusal: it returns it. */
export async function runOperation(
  yoga: Yoga,
  name: RunnableName,
  variables: Record<string, unknown>,
  caller: Caller,
): Promise<OperationResult> {
  return (await runOperationOverHttp(yoga, name, variables, caller)).result;
}

/**
 * {@link runOperation}, with the headers of yoga's response (the caller's `RateLimit` state), for a
 * layer that answers HTTP itself.
 */
export async function runOperationOverHttp(
  yoga: Yoga,
  name: RunnableName,
  variables: Record<string, unknown>,
  caller: Caller,
): Promise<{ readonly result: OperationResult; readonly headers: Headers }> {
  const sent: Record<string, string> = {
    ...caller.headers,
    'content-type': 'application/json',
    accept: 'application/json',
    'x-request-id': caller.requestId,
  };
  if (caller.authorization) sent.authorization = caller.authorization;
  const response = await yoga.fetch(
    ENDPOINT,
    {
      method: 'POST',
      headers: sent,
      body: JSON.stringify({ query: OPERATIONS[name].document, variables, operationName: name }),
    },
    { req: caller.req, res: caller.res },
  );
  const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: WireError[] };
  const { headers } = response;
  if (body.errors?.length) {
    const errors = body.errors.map(toError);
    return { result: { ok: false, error: errors[0]!, errors }, headers };
  }
  return { result: { ok: true, data: body.data ?? {} }, headers };
}
