/** The report queue: a keyset page of report cases, most recently reported first, in one statement. */
import { decodeCursor, encodeCursor } from '../content/cursor.js';
import type { Page } from '../content/lists.js';
import type { PrismaClient } from '../infra/db.js';

const KIND = 'r.last';

export interface QueueArgs {
  /** One submolt's cases, or every case (null). */
  submoltId: string | null;
  status: 'OPEN' | 'RESOLVED' | 'DISMISSED';
  first: number;
  after?: string | null;
}

/** A page of cases with the rows loaded with `query` (the GraphQL selection), on the status indexes. */
export async function reportQueuePage<T extends { id: string; lastReportedAt: Date }>(
  db: PrismaClient,
  args: QueueArgs,
  query: object,
): Promise<{ page: Page; rows: T[] }> {
  const cursor = args.after ? decodeCursor(args.after, [KIND], []) : null;
  const beyond = cursor
    ? {
        OR: [{ lastReportedAt: { lt: cursor.createdAt } }, { lastReportedAt: cursor.createdAt, id: { lt: cursor.id } }],
      }
    : {};
  const select =
    'select' in query && query.select ? { select: { ...query.select, id: true, lastReportedAt: true } } : query;
  const found = await (db.reportCase.findMany as unknown as (a: object) => Promise<T[]>)({
    ...select,
    where: { status: args.status, ...(args.submoltId ? { submoltId: args.submoltId } : {}), ...beyond },
    orderBy: [{ lastReportedAt: 'desc' }, { id: 'desc' }],
    take: args.first + 1,
  });
  const rows = found.slice(0, args.first);
  return {
    page: {
      rows: rows.map((row) => ({ id: row.id, cursor: encodeCursor(KIND, [], row.lastReportedAt, row.id) })),
      hasNextPage: found.length > args.first,
    },
    rows,
  };
}
