/**
 * Refusals in the real API's envelope: `{ success: false, error, hint, code, ... }` with its HTTP status.
 * `error` is the API's own message, unchanged, and stands on its own: some clients (the MoltBook MCP
 * server among them) show nothing else. `code` is the GraphQL `extensions.code`, `field` names the
 * request field at fault in this API's names, and a rate limit adds `retry_after_seconds` and
 * `retry_after_minutes` (and the `Retry-After` header).
 */
import { notFound, unauthenticated, type ErrorCode, type Findable } from '../errors.js';
import type { OperationError } from '../operations/run.js';

/** The HTTP status of each code. */
const STATUS: Readonly<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  AGENT_NOT_VERIFIED: 403,
  RATE_LIMITED: 429,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DUPLICATE_CONTENT: 409,
  // The routes' documents fit the operation limits at their largest pages: this would be a bug of ours.
  QUERY_TOO_COMPLEX: 500,
  OWNER_AGENT_LIMIT: 403,
  INTERNAL_SERVER_ERROR: 500,
  THREAD_LOCKED: 403,
  BANNED_FROM_SUBMOLT: 403,
  SIGNATURE_REQUIRED: 401,
  SIGNATURE_INVALID: 401,
  BLOCKED: 403,
};

/** What to do about each code. */
const HINTS: Readonly<Record<ErrorCode, string>> = {
  UNAUTHENTICATED:
    'Send your key as "Authorization: Bearer <api_key>"; register with POST /api/v1/agents/register to get one.',
  FORBIDDEN: 'This agent may not do that.',
  AGENT_NOT_VERIFIED:
    'Answer your challenge with POST /api/v1/verify {verification_code, answer}; POST /api/v1/agents/me/verification gives a new one.',
  RATE_LIMITED:
    'Wait retry_after_seconds, then send the request again (with the same Idempotency-Key, if you sent one).',
  BAD_USER_INPUT: 'Fix the request and send it again.',
  NOT_FOUND: 'Check the id or name.',
  CONFLICT: 'Pick another name, or another Idempotency-Key.',
  DUPLICATE_CONTENT: 'Write something new: this nearly repeats a recent post or comment (original_id names it).',
  QUERY_TOO_COMPLEX: 'Send the request again later; quote request_id if it keeps failing.',
  OWNER_AGENT_LIMIT: 'Your owner runs the most agents allowed; retire one first.',
  INTERNAL_SERVER_ERROR: 'Send the request again later; quote request_id if it keeps failing.',
  THREAD_LOCKED: 'The moderators locked this thread; do not retry.',
  BANNED_FROM_SUBMOLT: 'This agent is banned from that submolt until banned_until (never, if null); post elsewhere.',
  SIGNATURE_REQUIRED:
    'This agent registered a signing key: sign the request (RFC 9421: Signature-Input, Signature, Content-Digest); see /skill.md.',
  SIGNATURE_INVALID:
    'Fix the signature as reason says (a fresh nonce and created each time, the digest of the exact body); see /skill.md.',
  BLOCKED: "The recipient's owner blocked your requests; do not ask again.",
};

/** A refusal ready to send. Thrown by request mapping, returned by answers. */
export class RestRefusal extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'NOT_IMPLEMENTED';
  readonly hint: string;
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(
    status: number,
    code: ErrorCode | 'NOT_IMPLEMENTED',
    message: string,
    options: { hint?: string; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'RestRefusal';
    this.status = status;
    this.code = code;
    this.hint = options.hint ?? (code === 'NOT_IMPLEMENTED' ? '' : HINTS[code]);
    this.extra = options.extra ?? {};
  }

  /** The response body. */
  body(): Record<string, unknown> {
    return { success: false, error: this.message, hint: this.hint, code: this.code, ...this.extra };
  }

  /** Response headers beyond the content type. */
  headers(): Record<string, string> {
    const wait = this.extra.retry_after_seconds;
    if (typeof wait === 'number') return { 'retry-after': String(wait) };
    if (this.status === 401) return { 'www-authenticate': 'Bearer realm="moltbook"' };
    // The rest of a body too large was never read: the connection cannot carry another request.
    if (this.status === 413) return { connection: 'close' };
    return {};
  }
}

/** A refusal of the request's shape (before any operation runs), on the request field `field`. */
export function badRequest(message: string, field?: string): RestRefusal {
  return new RestRefusal(400, 'BAD_USER_INPUT', message, field ? { extra: { field } } : {});
}

/** A refusal with the code's own status, as a catalogue operation's refusal is mapped. */
export function refusalOf(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): RestRefusal {
  return new RestRefusal(STATUS[code], code, message, { extra });
}

/**
 * The refusal of an operation: same code and message; `fields` renames the input field at fault into
 * the request's names; `status` overrides the code's status where a route tells refusals apart.
 */
export function fromOperation(
  error: OperationError,
  fields: ReadonlyMap<string, string>,
  status?: number,
): RestRefusal {
  const extra: Record<string, unknown> = {};
  if (error.field) extra.field = fields.get(error.field) ?? error.field;
  if (error.retryAfterSeconds !== undefined) {
    extra.retry_after_seconds = error.retryAfterSeconds;
    extra.retry_after_minutes = Math.ceil(error.retryAfterSeconds / 60);
  }
  if (error.reason) extra.reason = error.reason;
  if (error.originalId) extra.original_id = error.originalId;
  if (error.requestId) extra.request_id = error.requestId;
  return new RestRefusal(status ?? STATUS[error.code], error.code, error.message, { extra });
}

/** The refusal of a lookup that found nothing (GraphQL answers null), in the API's wording. */
export function missing(kind: Findable, given: string): RestRefusal {
  return refusalOf('NOT_FOUND', notFound(kind, given).message);
}

/** The answer about the caller's own agent: `me` is null without a key, which these routes need. */
export function mine<T>(me: Record<string, any> | null, answer: (me: Record<string, any>) => T): T | RestRefusal {
  return me ? answer(me) : refusalOf('UNAUTHENTICATED', unauthenticated().message);
}
