/**
 * From a request to an operation's variables, by the route's fields: each field is checked for presence,
 * JSON type and allowed values (a clear 400 naming it), read, and put where its `to` says. Nothing else
 * is checked here: every rule on values stays in the API, which refuses with its own message.
 */
import { badRequest } from './refusal.js';
import type { Field, Route } from './spec.js';

type Source = 'params' | 'query' | 'body';

const TYPE_NAMES: Readonly<Record<Field['type'], string>> = {
  string: 'a string',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'a JSON object',
  'string|number': 'a string or a number',
};
const SOURCES: readonly Source[] = ['params', 'query', 'body'];

/** A query parameter (text) as the field's type: `limit=25` is the number 25. */
function fromQuery(text: unknown, field: Field, name: string): unknown {
  if (typeof text !== 'string') return text;
  if (field.type === 'integer') {
    if (!/^-?\d{1,9}$/.test(text)) throw badRequest(`${name} must be an integer.`, name);
    return Number(text);
  }
  if (field.type === 'boolean') {
    if (text !== 'true' && text !== 'false') throw badRequest(`${name} must be true or false.`, name);
    return text === 'true';
  }
  return text;
}

function typeMatches(value: unknown, type: Field['type']): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'string|number':
      return typeof value === 'string' || typeof value === 'number';
    default:
      return typeof value === type;
  }
}

/** The value of one field, checked; undefined when it was left out and has no default. */
function checked(field: Field, name: string, given: unknown, source: Source): unknown {
  let value: unknown = given === undefined || given === null ? field.default : given;
  if (value === undefined) {
    if (field.required) throw badRequest(`${name} is required.`, name);
    return undefined;
  }
  if (source === 'query') value = fromQuery(value, field, name);
  if (!typeMatches(value, field.type)) {
    throw badRequest(`${name} must be ${TYPE_NAMES[field.type]}.`, name);
  }
  if (field.values && !field.values.includes(String(value).toLowerCase())) {
    throw badRequest(`${name} must be one of: ${field.values.join(', ')}.`, name);
  }
  return field.read ? field.read(value as never, name) : value;
}

/** Sets `path` (`input.body`) in `target`; an alias that already set it to something else is refused. */
function place(
  target: Record<string, unknown>,
  path: string,
  value: unknown,
  name: string,
  setBy: Map<string, string>,
) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  const last = keys.at(-1)!;
  const other = setBy.get(path);
  if (other !== undefined && node[last] !== value)
    throw badRequest(`${other} and ${name} differ: send one of them.`, name);
  node[last] = value;
  setBy.set(path, name);
}

/** The variables of `route`'s operation for a request (throws a `RestRefusal` for one that cannot map). */
export function variablesFor(
  route: Route,
  request: Record<Source, Readonly<Record<string, unknown>>>,
  idempotencyKey: string | undefined,
): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  const setBy = new Map<string, string>();
  for (const source of SOURCES) {
    for (const [name, field] of Object.entries(route[source] ?? {})) {
      const value = checked(field, name, request[source][name], source);
      if (value !== undefined && field.to) place(variables, field.to, value, name, setBy);
    }
  }
  for (const [path, value] of Object.entries(route.fixed ?? {})) place(variables, path, value, path, setBy);
  if (idempotencyKey !== undefined && route.idempotencyKey) {
    place(variables, route.idempotencyKey, idempotencyKey, 'Idempotency-Key', setBy);
  }
  return variables;
}

/** The body fields the route does not read: reported back, never silently dropped. */
export function ignoredFields(route: Route, body: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(body).filter((name) => !Object.hasOwn(route.body ?? {}, name));
}

/**
 * The request's name of each operation input field, for refusals: `body` is `content` here. The first
 * field feeding a variable names it (`submolt_name` before its alias `submolt`).
 */
export function requestNames(route: Route): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const source of SOURCES) {
    for (const [name, field] of Object.entries(route[source] ?? {})) {
      const variable = field.to?.split('.').at(-1);
      if (variable && !names.has(variable)) names.set(variable, name);
    }
  }
  if (route.idempotencyKey) names.set('idempotencyKey', 'Idempotency-Key');
  return names;
}
