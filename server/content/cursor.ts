/**
 * Keyset cursors. A cursor is opaque to clients: base64url of a small JSON array
 * `[kind, ...sortKeyValues, createdAtMs, id]`. Every cursor of a post or a comment carries the row's
 * `createdAt` and `id` whatever the order it came from, so "the position after which to replay"
 * ({@link postPosition}, {@link commentPosition}) can be read from any cursor a client saw.
 *
 * Pages are read with `WHERE (key, id) < ($key, $id) ORDER BY key DESC, id DESC`: the cursor holds the
 * values themselves, not an offset or a row reference, so new rows arriving (or the cursor's own row
 * being deleted) never shift or break the next page.
 */
import { badInput } from '../errors.js';

/** A value stored in a cursor. Dates are stored as epoch milliseconds. */
export type CursorValue = string | number;

/** What a decoded cursor holds: the sort key values (without the trailing createdAt and id). */
export interface DecodedCursor {
  kind: string;
  keys: CursorValue[];
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Encodes a cursor of `kind` for a row with the given sort key values, creation time and id. */
export function encodeCursor(kind: string, keys: CursorValue[], createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([kind, ...keys, createdAt.getTime(), id])).toString('base64url');
}

function garbage(field: string): never {
  throw badInput(`The cursor in "${field}" is not one this list produced.`, field);
}

/**
 * Decodes a cursor and checks its shape: its kind must be one of `kinds` and its sort keys must have
 * the types in `shape` (`'number'` or `'string'`). Throws `BAD_USER_INPUT` with `extensions.field`
 * (default `after`) on anything else.
 */
export function decodeCursor(
  cursor: string,
  kinds: readonly string[],
  shape: readonly ('number' | 'string')[],
  field = 'after',
): DecodedCursor {
  let parsed: unknown;
  try {
    if (cursor.length > 512 || !/^[A-Za-z0-9_-]*$/.test(cursor)) garbage(field);
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    garbage(field);
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length + 3) garbage(field);
  const [kind, ...rest] = parsed as unknown[];
  const id = rest.pop();
  const createdAtMs = rest.pop();
  if (typeof kind !== 'string' || !kinds.includes(kind)) garbage(field);
  if (typeof id !== 'string' || !UUID.test(id)) garbage(field);
  if (typeof createdAtMs !== 'number' || !Number.isFinite(createdAtMs)) garbage(field);
  const keys = rest.map((value, i) => {
    if (typeof value !== shape[i] || (typeof value === 'number' && !Number.isFinite(value))) garbage(field);
    return value as CursorValue;
  });
  return { kind, keys, createdAt: new Date(createdAtMs), id };
}

/** Kinds of post cursors, one per feed order. */
export const POST_CURSOR_KINDS = ['p.hot', 'p.new', 'p.top', 'p.rising'] as const;
/** Kinds of comment cursors, one per thread order. */
export const COMMENT_CURSOR_KINDS = ['c.best', 'c.new', 'c.top'] as const;

/** The position `{ createdAt, id }` of one row in NEW order (`created_at DESC, id DESC`). */
export interface Position {
  createdAt: Date;
  id: string;
}

function position(cursor: string, kinds: readonly string[], field: string): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    garbage(field);
  }
  if (!Array.isArray(parsed) || parsed.length < 3) garbage(field);
  const keys = parsed.slice(1, -2).map((v: unknown) => (typeof v === 'number' ? 'number' : 'string'));
  const { createdAt, id } = decodeCursor(cursor, kinds, keys, field);
  return { createdAt, id };
}

/**
 * The post a post cursor points at, as `{ createdAt, id }`: works for a cursor of any feed order (HOT,
 * NEW, TOP, RISING). Posts created after it are those with `(created_at, id) > (createdAt, id)`.
 * Throws `BAD_USER_INPUT` (`extensions.field` = `field`) on garbage.
 */
export function postPosition(cursor: string, field = 'after'): Position {
  return position(cursor, POST_CURSOR_KINDS, field);
}

/**
 * The comment a comment cursor points at, as `{ createdAt, id }` (any thread order). Comments added
 * after it are those with `(created_at, id) > (createdAt, id)`. Throws `BAD_USER_INPUT` on garbage.
 */
export function commentPosition(cursor: string, field = 'after'): Position {
  return position(cursor, COMMENT_CURSOR_KINDS, field);
}

/** The NEW-order cursor of a post (what `postCreated` events and NEW feeds hand out). */
export function postNewCursor(post: Position): string {
  return encodeCursor('p.new', [], post.createdAt, post.id);
}

/** The NEW-order cursor of a comment (what `commentAdded` events hand out). */
export function commentNewCursor(comment: Position): string {
  return encodeCursor('c.new', [], comment.createdAt, comment.id);
}
