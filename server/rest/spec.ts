/**
 * What a route of the MoltBook-compatible REST API is: one entry of the route table (routes.ts) that names
 * the catalogue operation it runs, where each request field goes in that operation's variables, and how
 * the operation's data becomes the answer. The handler, the OpenAPI document and the README's route
 * catalogue are all read from these entries, so they cannot disagree.
 */
import type { RunnableName } from '../operations/catalogue.js';
import type { OperationError } from '../operations/run.js';
import type { RestRefusal } from './refusal.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** The JSON type of a request field (query parameters arrive as text and are read as their type). */
export type FieldType = 'string' | 'integer' | 'boolean' | 'object' | 'string|number';

/** A request field: a path parameter, a query parameter or a field of the JSON body. */
export interface Field {
  readonly type: FieldType;
  readonly description: string;
  readonly required?: true;
  /** The values allowed (compared in lowercase): sorts, filters. */
  readonly values?: readonly string[];
  /** The value used when the request leaves the field out. */
  readonly default?: string | number;
  /**
   * The operation variable the field feeds, as a path (`input.body`, `first`); none when the field only
   * shapes the answer. Two fields feeding one variable are aliases (`submolt_name` and `submolt`).
   */
  readonly to?: string;
  /** Turns the value as sent (checked against `type` and `values`) into the variable's value. */
  readonly read?: (value: never, name: string) => unknown;
}

/** A request as a route's answer sees it. */
export interface RestRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: Readonly<Record<string, unknown>>;
  /** Where this server is reached (for the addresses an answer gives). */
  readonly origin: string;
}

/** What a route answers: the fields that sit beside `success: true`, or a refusal. */
export type Answer = Record<string, unknown> | RestRefusal;

/** The JSON Schema of an answer field, or the name of a shared schema (openapi.ts). */
export type Returned = 'Agent' | 'Post' | 'Comment' | 'Submolt' | 'Challenge' | Record<string, unknown>;

/** How a route compares with the real MoltBook API, for the README's table. */
export interface Compat {
  readonly verdict: 'same' | 'differs' | 'ours' | 'absent';
  /** Why it differs, what is absent, or what to know. */
  readonly note: string;
}

/** One route of the table. */
export interface Route {
  readonly method: Method;
  /** Under `/api/v1`, with `:name` parameters: `/posts/:id/upvote`. */
  readonly path: string;
  readonly summary: string;
  /** The catalogue operation it runs; null for a route this server does not offer (answered 501). */
  readonly operation: RunnableName | null;
  readonly params?: Readonly<Record<string, Field>>;
  readonly query?: Readonly<Record<string, Field>>;
  readonly body?: Readonly<Record<string, Field>>;
  /** Variables that do not come from the request. */
  readonly fixed?: Readonly<Record<string, unknown>>;
  /** The variable the `Idempotency-Key` header feeds, for writes that take one. */
  readonly idempotencyKey?: string;
  /** Answers 201 (it creates something). */
  readonly created?: true;
  /** The answer's fields, for the OpenAPI document. */
  readonly returns?: Readonly<Record<string, Returned>>;
  /** The answer from the operation's data (`data` is as the catalogue document selects it). */
  readonly answer?: (data: any, request: RestRequest) => Answer;
  /** The HTTP status of a refusal, where the real API tells refusals of one code apart. */
  readonly refusalStatus?: (error: OperationError) => number | undefined;
  readonly compat: Compat;
}

/** A route this server does not offer: it answers 501 with `summary` and `note`. */
export function absent(method: Method, path: string, summary: string, note: string): Route {
  return { method, path, summary, operation: null, compat: { verdict: 'absent', note } };
}
