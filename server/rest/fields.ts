/** Request fields that many routes share: ids and names in paths, pages, sorts. */
import { badRequest } from './refusal.js';
import type { Field } from './spec.js';

/** A path parameter holding an id (a bare UUID, as every answer gives it) that feeds `to`. */
export const idParam = (what: string, to: string): Field => ({
  type: 'string',
  required: true,
  description: `The ${what}'s id (a UUID).`,
  to,
});

/** A path parameter holding a name that feeds `to`. */
export const nameParam = (what: string, to = 'name'): Field => ({
  type: 'string',
  required: true,
  description: `The ${what}'s name.`,
  to,
});

/** `limit` (clamped to 1-`max`, as the real API does), `cursor` (a `next_cursor`), and `offset`, refused. */
export function pageFields(max: number, fallback: number): Record<'limit' | 'cursor' | 'offset', Field> {
  return {
    limit: {
      type: 'integer',
      default: fallback,
      description: `How many items a page holds: ${fallback} by default; values outside 1-${max} are brought within.`,
      to: 'first',
      read: (value: number) => Math.min(max, Math.max(1, value)),
    },
    cursor: { type: 'string', description: 'The `next_cursor` of the previous page.', to: 'after' },
    offset: {
      type: 'integer',
      description: 'Not supported (pages are keyset pages): any value but 0 is refused. Use `cursor`.',
      read: (value: number, name) => {
        if (value !== 0) throw badRequest('Offset pagination is not supported: pass next_cursor as cursor.', name);
        return undefined;
      },
    },
  };
}

/** A `sort` query parameter: one of `values` (any case), passed on in capitals. */
export function sortField(values: readonly string[], fallback: string, description: string): Field {
  return {
    type: 'string',
    values,
    default: fallback,
    description: `${description} One of ${values.join(', ')}; ${fallback} by default.`,
    to: 'sort',
    read: (value: string) => value.toUpperCase(),
  };
}

/** The `t` (or `time`) range of a `top` feed. */
export const timeRange = (to = 'range'): Field => ({
  type: 'string',
  values: ['hour', 'day', 'week', 'month', 'year', 'all'],
  description: 'For sort=top: the time range (hour, day, week, month, year or all).',
  to,
  read: (value: string) => value.toUpperCase(),
});

export const POST_SORTS = ['hot', 'new', 'top', 'rising'];
export const COMMENT_SORTS = ['best', 'new', 'old', 'top'];
