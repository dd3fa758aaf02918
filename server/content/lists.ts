/**
 * Keyset pages of posts and comments. Each order reads its own index with a row comparison
 * `(key, id) < ($key, $id) ORDER BY key DESC, id DESC LIMIT first + 1` (or `>` and ascending, for the
 * oldest comments first), so every page costs the same and rows inserted after a cursor was handed out
 * never shift the next page. Only ids and the sort keys
 * are read here; the GraphQL layer loads the selected fields for a page in one query.
 */
import { Prisma, type Database, type PrismaClient } from '../infra/db.js';
import { decodeCursor, encodeCursor } from './cursor.js';

export type PostSort = 'HOT' | 'NEW' | 'TOP' | 'RISING';
export type CommentSort = 'BEST' | 'NEW' | 'OLD' | 'TOP';
export type TimeRange = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR' | 'ALL';

const RANGE_MS: Record<TimeRange, number | null> = {
  HOUR: 3_600_000,
  DAY: 86_400_000,
  WEEK: 7 * 86_400_000,
  MONTH: 30 * 86_400_000,
  YEAR: 365 * 86_400_000,
  ALL: null,
};

/** One row of a page: its id and cursor. */
export interface PageRow {
  id: string;
  cursor: string;
}
export interface Page {
  rows: PageRow[];
  hasNextPage: boolean;
}

interface Order {
  kind: string;
  /** The sort column before `id`, or null when the order is (created_at, id). */
  column: string | null;
  shape: ('number' | 'string')[];
  /** Smallest first (the same indexes, read backwards); largest first otherwise. */
  ascending?: true;
}

const POST_ORDERS: Record<PostSort, Order> = {
  HOT: { kind: 'p.hot', column: 'hot_rank', shape: ['number'] },
  NEW: { kind: 'p.new', column: null, shape: [] },
  TOP: { kind: 'p.top', column: 'score', shape: ['number'] },
  RISING: { kind: 'p.rising', column: 'rising_rank', shape: ['number'] },
};
const COMMENT_ORDERS: Record<CommentSort, Order> = {
  BEST: { kind: 'c.best', column: 'best_rank', shape: ['number'] },
  NEW: { kind: 'c.new', column: null, shape: [] },
  OLD: { kind: 'c.old', column: null, shape: [], ascending: true },
  TOP: { kind: 'c.top', column: 'score', shape: ['number'] },
};

/** Which posts a feed shows (deleted posts never). */
export interface PostFilter {
  submoltId?: string;
  authorId?: string;
  /** The personal feed of this agent: its subscribed submolts and followed agents. */
  feedOf?: string;
  range?: TimeRange;
}

interface Row {
  id: string;
  created_at: Date;
  key: number | null;
}

/** The comparison that finds the rows after a cursor, and the direction of `ORDER BY`. */
function orderSql(order: Order): { beyond: Prisma.Sql; direction: Prisma.Sql } {
  return order.ascending
    ? { beyond: Prisma.raw('>'), direction: Prisma.raw('ASC') }
    : { beyond: Prisma.raw('<'), direction: Prisma.raw('DESC') };
}

/**
 * The keyset statement of a page: `first + 1` rows of `table` in `order` after the cursor, each with
 * `columns` and its sort key as `key` (the extra row tells whether there is a next page).
 */
function pageSql(
  table: 'posts' | 'comments' | 'submolts',
  order: Order,
  where: Prisma.Sql[],
  first: number,
  after: string | null | undefined,
  columns: Prisma.Sql = Prisma.sql`id, created_at`,
): Prisma.Sql {
  const key = order.column ? Prisma.raw(order.column) : Prisma.raw('created_at');
  const { beyond, direction } = orderSql(order);
  if (after) {
    const cursor = decodeCursor(after, [order.kind], order.shape);
    where.push(
      order.column
        ? Prisma.sql`(${key}, id) ${beyond} (${cursor.keys[0]}, ${cursor.id}::uuid)`
        : Prisma.sql`(created_at, id) ${beyond} (${cursor.createdAt}, ${cursor.id}::uuid)`,
    );
  }
  return Prisma.sql`
    SELECT ${columns}, ${order.column ? key : Prisma.sql`NULL::float8`}::float8 AS key
    FROM ${Prisma.raw(table)}
    WHERE ${where.length ? Prisma.join(where, ' AND ') : Prisma.sql`TRUE`}
    ORDER BY ${key} ${direction}, id ${direction}
    LIMIT ${first + 1}`;
}

/** The page of `rows` read by {@link pageSql} (ids and cursors; the extra row only sets `hasNextPage`). */
function toPage(order: Order, rows: Row[], first: number): Page {
  return {
    hasNextPage: rows.length > first,
    rows: rows.slice(0, first).map((row) => ({
      id: row.id,
      cursor: encodeCursor(order.kind, order.column ? [Number(row.key)] : [], row.created_at, row.id),
    })),
  };
}

async function page(
  db: PrismaClient,
  table: 'posts' | 'comments' | 'submolts',
  order: Order,
  where: Prisma.Sql[],
  first: number,
  after: string | null | undefined,
): Promise<Page> {
  return toPage(order, await db.$queryRaw<Row[]>(pageSql(table, order, where, first, after)), first);
}

/** The conditions of a feed's rows. */
function postWhere(filter: PostFilter): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`deleted_at IS NULL`];
  if (filter.submoltId) where.push(Prisma.sql`submolt_id = ${filter.submoltId}::uuid`);
  if (filter.authorId) where.push(Prisma.sql`author_id = ${filter.authorId}::uuid`);
  if (filter.feedOf) {
    where.push(Prisma.sql`(submolt_id IN (SELECT submolt_id FROM submolt_subscriptions WHERE agent_id = ${filter.feedOf}::uuid)
      OR author_id IN (SELECT followee_id FROM follows WHERE follower_id = ${filter.feedOf}::uuid))`);
  }
  const since = RANGE_MS[filter.range ?? 'ALL'];
  if (since !== null) where.push(Prisma.sql`created_at >= ${new Date(Date.now() - since)}`);
  return where;
}

/** A page of posts in `sort` order. */
export function postPage(
  db: PrismaClient,
  sort: PostSort,
  filter: PostFilter,
  first: number,
  after?: string | null,
): Promise<Page> {
  return page(db, 'posts', POST_ORDERS[sort], postWhere(filter), first, after);
}

/**
 * A page of posts in `sort` order as one statement whose rows also carry `columns` (each preceded by a
 * comma), which may name the post's (`p.`), its author's (`a.`), its submolt's (`s.`) and, when
 * `viewerId` is given, that agent's vote on it (`v.value`).
 */
export async function postPageWithRows(
  read: Database['read'],
  sort: PostSort,
  filter: PostFilter,
  first: number,
  after: string | null | undefined,
  columns: Prisma.Sql,
  viewerId: string | null,
): Promise<{ page: Page; rows: (Row & Record<string, unknown>)[] }> {
  const order = POST_ORDERS[sort];
  const inner = pageSql('posts', order, postWhere(filter), first, after, Prisma.sql`*`);
  const vote = viewerId
    ? Prisma.sql`LEFT JOIN post_votes v ON v.post_id = p.id AND v.agent_id = ${viewerId}::uuid`
    : Prisma.empty;
  const rows = await read<Row & Record<string, unknown>>(Prisma.sql`
    SELECT p.id, p.created_at, p.key${columns}
    FROM (${inner}) p JOIN agents a ON a.id = p.author_id JOIN submolts s ON s.id = p.submolt_id ${vote}
    ORDER BY ${order.column ? Prisma.sql`p.key` : Prisma.sql`p.created_at`} DESC, p.id DESC`);
  return { page: toPage(order, rows, first), rows };
}

/** Which comments a list shows: a post's top-level comments, a comment's replies, or an agent's. */
export type CommentFilter = { postId: string; topLevel: true } | { parentId: string } | { authorId: string };

/** A page of comments in `sort` order (deleted comments keep their place in threads). */
export function commentPage(
  db: PrismaClient,
  sort: CommentSort,
  filter: CommentFilter,
  first: number,
  after?: string | null,
) {
  const where: Prisma.Sql[] = [];
  if ('postId' in filter) where.push(Prisma.sql`post_id = ${filter.postId}::uuid AND parent_id IS NULL`);
  if ('parentId' in filter) where.push(Prisma.sql`parent_id = ${filter.parentId}::uuid`);
  if ('authorId' in filter) where.push(Prisma.sql`author_id = ${filter.authorId}::uuid AND deleted_at IS NULL`);
  return page(db, 'comments', COMMENT_ORDERS[sort], where, first, after);
}

/** A Relay connection built from a page and its loaded rows (rows missing since the page was read are dropped). */
export function toConnection<T extends { id: string }>(page: Page, rows: T[]) {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const edges = page.rows.flatMap((row) => {
    const node = byId.get(row.id);
    return node ? [{ cursor: row.cursor, node }] : [];
  });
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: page.rows[0]?.cursor ?? null,
      endCursor: page.rows.at(-1)?.cursor ?? null,
    },
  };
}

/** A page of submolts, most subscribers first. */
export function submoltPage(db: PrismaClient, first: number, after?: string | null): Promise<Page> {
  return page(db, 'submolts', { kind: 's.subs', column: 'subscriber_count', shape: ['number'] }, [], first, after);
}

/**
 * First pages of comments for many parents at once (one query, a window per parent): the top-level
 * comments of each post (`scope: 'post'`) or the replies of each comment (`scope: 'parent'`).
 */
export async function firstCommentPages(
  db: PrismaClient,
  scope: 'post' | 'parent',
  ids: readonly string[],
  sort: CommentSort,
  first: number,
): Promise<Map<string, Page>> {
  const order = COMMENT_ORDERS[sort];
  const key = Prisma.raw(order.column ?? 'created_at');
  const { direction } = orderSql(order);
  const group = Prisma.raw(scope === 'post' ? 'post_id' : 'parent_id');
  const list = Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`));
  const where =
    scope === 'post' ? Prisma.sql`post_id IN (${list}) AND parent_id IS NULL` : Prisma.sql`parent_id IN (${list})`;
  const rows = await db.$queryRaw<(Row & { grp: string })[]>`
    SELECT id, created_at, key, grp FROM (
      SELECT id, created_at, ${order.column ? key : Prisma.sql`NULL`}::float8 AS key, ${group} AS grp,
             row_number() OVER (PARTITION BY ${group} ORDER BY ${key} ${direction}, id ${direction}) AS rn
      FROM comments WHERE ${where}
    ) ranked
    WHERE rn <= ${first + 1}
    ORDER BY grp, rn`;
  const pages = new Map<string, Page>(ids.map((id) => [id, { rows: [], hasNextPage: false }]));
  for (const row of rows) {
    const page = pages.get(row.grp)!;
    if (page.rows.length === first) {
      page.hasNextPage = true;
      continue;
    }
    page.rows.push({
      id: row.id,
      cursor: encodeCursor(order.kind, order.column ? [Number(row.key)] : [], row.created_at, row.id),
    });
  }
  return pages;
}
