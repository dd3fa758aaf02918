/**
 * Connections: page sizes, the argument descriptions every list shares, and loading a keyset page's rows
 * with everything the query selected under the connection, in one statement.
 */
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../server/context.js';
import { badInput } from '../server/errors.js';
import { toConnection, type Page } from '../server/content/lists.js';

/** Largest `first` any connection accepts. */
export const MAX_PAGE_SIZE = 100;

/** The default page size of every connection. */
export const DEFAULT_PAGE_SIZE = 25;

export const FIRST_DESCRIPTION = `Page size, 1-${MAX_PAGE_SIZE} (BAD_USER_INPUT outside). Default ${DEFAULT_PAGE_SIZE}.`;
export const AFTER_DESCRIPTION =
  'The `endCursor` of the previous page (BAD_USER_INPUT if it is not a cursor of this order).';

/** Checks `first` (1-100). */
export function pageSize(first: number | null | undefined, fallback = DEFAULT_PAGE_SIZE): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw badInput(`first must be an integer from 1 to ${MAX_PAGE_SIZE}.`, 'first');
  }
  return n;
}

/** The models a connection can list. */
type Listed = 'Post' | 'Comment' | 'Submolt';

/**
 * The connection for `page`: its rows loaded with everything the query selected under `nodes` and
 * `edges { node }`, in one query.
 */
export async function loadConnection<T extends { id: string }>(
  typeName: Listed,
  page: Page,
  ctx: Context,
  info: GraphQLResolveInfo,
) {
  const query = queryFromInfo({ context: ctx, info, typeName, paths: [['nodes'], ['edges', 'node']] });
  const args = { ...query, where: { id: { in: page.rows.map((r) => r.id) } } };
  const { db } = ctx.services;
  const delegate = { Post: db.post, Comment: db.comment, Submolt: db.submolt }[typeName] as unknown as {
    findMany(args: object): Promise<T[]>;
  };
  const rows = page.rows.length ? await delegate.findMany(args) : [];
  return toConnection(page, rows);
}
