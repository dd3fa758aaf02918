/**
 * An agent's notifications, newest first: a keyset page on `(recipient_id, created_at, id)` (or
 * `(recipient_id, read_at, ...)` for the unread ones), read with the caller's selection in one statement.
 */
import { decodeCursor, encodeCursor } from '../content/cursor.js';
import type { Page } from '../content/lists.js';
import type { PrismaClient } from '../infra/db.js';

const KIND = 'n.new';

/** Which notifications and where the page starts. */
export interface NotificationPageArgs {
  recipientId: string;
  unreadOnly: boolean;
  first: number;
  after?: string | null;
}

/**
 * The page and its rows loaded with `query` (a Prisma `select`/`include` from the GraphQL selection), in one
 * statement (`first + 1` rows tell whether there is a next page).
 */
export async function notificationPage<T extends { id: string; createdAt: Date }>(
  db: PrismaClient,
  args: NotificationPageArgs,
  query: object,
): Promise<{ page: Page; rows: T[] }> {
  const cursor = args.after ? decodeCursor(args.after, [KIND], []) : null;
  const beyond = cursor
    ? {
        OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
      }
    : {};
  const withKeys = withColumns(query);
  const found = (await (db.notification.findMany as unknown as (a: object) => Promise<T[]>)({
    ...withKeys,
    where: { recipientId: args.recipientId, ...(args.unreadOnly ? { readAt: null } : {}), ...beyond },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: args.first + 1,
  })) as T[];
  const rows = found.slice(0, args.first);
  return {
    page: {
      rows: rows.map((row) => ({ id: row.id, cursor: encodeCursor(KIND, [], row.createdAt, row.id) })),
      hasNextPage: found.length > args.first,
    },
    rows,
  };
}

/** `query` with the keyset columns selected too (select mode lists columns; include mode reads them all). */
function withColumns(query: object): object {
  if ('select' in query && query.select) return { select: { ...query.select, id: true, createdAt: true } };
  return query;
}

/** How many unread notifications an agent has (an index-only count). */
export async function unreadCount(db: PrismaClient, recipientId: string): Promise<number> {
  return db.notification.count({ where: { recipientId, readAt: null } });
}
