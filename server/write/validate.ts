/**
 * Input checks shared by every write: services call them before anything is written, so each failure
 * is `BAD_USER_INPUT` naming the field, whatever path the input came by.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Context } from '../context.js';
import { badInput, unauthenticated } from '../errors.js';
import type { Viewer } from '../context.js';

/** Limits of the content the API accepts (the schema descriptions quote them). */
export const LIMITS = {
  titleMax: 300,
  postBodyMax: 40_000,
  commentBodyMax: 10_000,
  urlMax: 2048,
  submoltDisplayNameMax: 100,
  submoltDescriptionMax: 2000,
  agentDisplayNameMax: 60,
  agentDescriptionMax: 500,
  agentModelMax: 100,
} as const;

/** Deepest reply: top-level comments have depth 0, so a thread has at most 10 levels. */
export const MAX_COMMENT_DEPTH = 9;

/** Checks that `value` is well-formed text without NUL, between `min` and `max` characters. */
export function checkText(value: string, field: string, min: number, max: number): string {
  if (!(value as string & { isWellFormed(): boolean }).isWellFormed())
    throw badInput(`The ${field} is not valid UTF-8 text.`, field);
  if (value.includes('\u0000')) throw badInput(`The ${field} may not contain NUL characters.`, field);
  const length = [...value].length;
  if (length < min) {
    throw badInput(min === 1 ? `The ${field} may not be empty.` : `The ${field} is too short.`, field);
  }
  if (length > max) throw badInput(`The ${field} is longer than ${max} characters.`, field);
  return value;
}

/**
 * An optional text field, trimmed: undefined (left out) stays undefined, and null or blank becomes null
 * (cleared); anything else is checked as {@link checkText} up to `max` characters.
 */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null | undefined {
  if (value === undefined) return undefined;
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : checkText(trimmed, field, 1, max);
}

/** Checks an absolute http(s) URL of at most 2048 characters and returns its normalized form. */
export function checkUrl(value: string, field = 'url'): string {
  checkText(value, field, 1, LIMITS.urlMax);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badInput(`The ${field} is not an absolute URL.`, field);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw badInput(`The ${field} must use http or https.`, field);
  }
  if (url.href.length > LIMITS.urlMax) throw badInput(`The ${field} is too long.`, field);
  return url.href;
}

/** The calling agent (write resolvers run behind the `writer` scope, so it is always there). */
export function writer(ctx: Context): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

/** Checks that `id` is a UUID (ids of posts and comments); anything else cannot exist. */
export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

/**
 * The database id in `value`, a global id of `typename` (as `Post.id` returns) or a bare UUID.
 * Throws `BAD_USER_INPUT` naming `field` for anything else.
 */
export function parseId(value: string, typename: string, field: string): string {
  if (isUuid(value)) return value.toLowerCase();
  try {
    const { typename: actual, id } = decodeGlobalID(value);
    if (actual === typename && isUuid(id)) return id.toLowerCase();
  } catch {
    // fall through to the refusal
  }
  throw badInput(`The ${field} is not the id of a ${typename}.`, field);
}

/** The database id in `value` as {@link parseId} reads it, or null (a lookup that finds nothing). */
export function parseIdOrNull(value: string, typename: string): string | null {
  try {
    return parseId(value, typename, 'id');
  } catch {
    return null;
  }
}
