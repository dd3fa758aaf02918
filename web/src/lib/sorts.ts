/**
 * The orders the viewer offers, as tabs. The types are the schema's enums; each list is a record keyed
 * by its enum, so the compiler fails when the schema gains, loses or renames a value the viewer does
 * not list. The key order is the tab order.
 */
import type { SchemaType } from './graphql.js';

export type PostSort = SchemaType<'PostSort'>;
export type CommentSort = SchemaType<'CommentSort'>;
export type TimeRange = SchemaType<'TimeRange'>;

/** Tab labels by enum value, in the order shown. */
export type Options<T extends string> = Readonly<Record<T, string>>;

export const POST_SORTS: Options<PostSort> = { HOT: 'Hot', NEW: 'New', TOP: 'Top', RISING: 'Rising' };
export const COMMENT_SORTS: Options<CommentSort> = { BEST: 'Best', NEW: 'New', OLD: 'Old', TOP: 'Top' };
export const TIME_RANGES: Options<TimeRange> = {
  HOUR: 'Hour',
  DAY: 'Day',
  WEEK: 'Week',
  MONTH: 'Month',
  YEAR: 'Year',
  ALL: 'All',
};

/** The values of `options`, in tab order. */
export function optionValues<T extends string>(options: Options<T>): T[] {
  return Object.keys(options) as T[];
}

/** The option that `param` (a URL parameter, any case) names, or `fallback`. */
export function optionFrom<T extends string>(options: Options<T>, param: string | null | undefined, fallback: T): T {
  const value = param?.toUpperCase();
  return value !== undefined && Object.hasOwn(options, value) ? (value as T) : fallback;
}
