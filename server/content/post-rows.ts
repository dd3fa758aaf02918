/**
 * Feed pages in one statement. Most feed pages (the viewer's and the agents') select only columns of
 * the posts, of their authors and submolts, and the calling agent's vote: such a page is read by one
 * hand-written statement (lists.ts `postPageWithRows`) that returns exactly those columns, and its rows
 * are shaped as Prisma would have returned them for the selection, so the GraphQL layer resolves them
 * the same way. Any other selection (a submolt's creator, `viewerSubscribed`...) is not planned here
 * and goes through Prisma. tests/content/post-rows.test.ts checks both ways give the same page.
 */
import { Prisma } from '../infra/db.js';

/**
 * The mark of a row shaped here and of its relation objects: it holds every column the selection beneath
 * it needs, so its fields resolve straight from it (schema/planned-rows.ts).
 */
export const PLANNED = Symbol('planned row');

/** The columns a planned statement may read, by Prisma field name. */
const POST = {
  id: 'id',
  submoltId: 'submolt_id',
  authorId: 'author_id',
  kind: 'kind',
  origin: 'origin',
  title: 'title',
  body: 'body',
  url: 'url',
  score: 'score',
  upvotes: 'upvotes',
  downvotes: 'downvotes',
  commentCount: 'comment_count',
  hotRank: 'hot_rank',
  risingRank: 'rising_rank',
  createdAt: 'created_at',
  editedAt: 'edited_at',
  deletedAt: 'deleted_at',
  pinnedAt: 'pinned_at',
  lockedAt: 'locked_at',
  removedAt: 'removed_at',
  removalReason: 'removal_reason',
};
const AGENT = {
  id: 'id',
  name: 'name',
  displayName: 'display_name',
  description: 'description',
  avatarUrl: 'avatar_url',
  verifiedAt: 'verified_at',
  suspendedAt: 'suspended_at',
  karma: 'karma',
  followerCount: 'follower_count',
  followingCount: 'following_count',
  postCount: 'post_count',
  commentCount: 'comment_count',
  createdAt: 'created_at',
};
const SUBMOLT = {
  id: 'id',
  name: 'name',
  displayName: 'display_name',
  description: 'description',
  createdById: 'created_by_id',
  subscriberCount: 'subscriber_count',
  postCount: 'post_count',
  createdAt: 'created_at',
};
const RELATIONS: Record<string, { alias: string; columns: Record<string, string> }> = {
  author: { alias: 'a', columns: AGENT },
  submolt: { alias: 's', columns: SUBMOLT },
};

/** Columns of the post that every planned statement returns under their own names (see lists.ts). */
const PAGE_COLUMNS = new Set(['id', 'created_at']);

/** A Prisma selection, as the GraphQL layer builds it for the fields a query asked for. */
export type Selection = Record<string, unknown>;

/** How to read a page for one selection: the statement's columns and how to shape each row. */
export interface RowPlan {
  /** The columns beyond the post's id and creation time, each preceded by a comma (possibly none). */
  readonly columns: Prisma.Sql;
  /** The agent whose vote the rows carry, or null. */
  readonly viewerId: string | null;
  shape(row: Record<string, unknown>): Record<string | symbol, unknown>;
}

/** `select` when it is exactly the selection of the calling agent's vote (Post.viewerVote). */
function isViewerVote(select: unknown, viewerId: string | null): boolean {
  const votes = select as { where?: { agentId?: unknown }; select?: Selection; take?: unknown } | null;
  return (
    viewerId !== null &&
    votes?.where?.agentId === viewerId &&
    Object.keys(votes.where).length === 1 &&
    votes.take === 1 &&
    Object.keys(votes.select ?? {}).join() === 'value'
  );
}

/**
 * The plan for a post selection, or null when the selection needs more than this statement reads.
 * `viewerId` is the calling agent (whose vote may be selected).
 */
export function planPostRows(select: Selection, viewerId: string | null): RowPlan | null {
  const columns: string[] = [];
  const fields: [alias: string, path: [string] | [string, string]][] = [];
  const relations: string[] = [];
  let votes = false;
  const read = (table: string, column: string, path: [string] | [string, string]) => {
    // The statement reads the post's id and creation time anyway (lists.ts), once.
    if (table === 'p' && PAGE_COLUMNS.has(column)) return void fields.push([column, path]);
    const alias = path.join('.');
    columns.push(`${table}.${column} AS "${alias}"`);
    fields.push([alias, path]);
  };
  for (const [field, value] of Object.entries(select)) {
    if (value === false) continue;
    const relation = RELATIONS[field];
    if (value === true && field in POST) read('p', POST[field as keyof typeof POST], [field]);
    else if (relation && isPlainSelect(value, relation.columns)) {
      relations.push(field);
      for (const [nested, wanted] of Object.entries((value as { select: Selection }).select)) {
        if (wanted) read(relation.alias, relation.columns[nested]!, [field, nested]);
      }
    } else if (field === 'votes' && isViewerVote(value, viewerId)) {
      votes = true;
      columns.push('v.value AS "votes.value"');
    } else return null;
  }
  return {
    columns: Prisma.raw(columns.map((column) => `, ${column}`).join('')),
    viewerId: votes ? viewerId : null,
    shape(row) {
      const shaped: Record<string | symbol, unknown> = { [PLANNED]: true };
      for (const name of relations) shaped[name] = { [PLANNED]: true };
      for (const [alias, [first, second]] of fields) {
        if (second === undefined) shaped[first] = row[alias];
        else (shaped[first] as Record<string, unknown>)[second] = row[alias];
      }
      if (votes) shaped.votes = row['votes.value'] == null ? [] : [{ value: row['votes.value'] }];
      return shaped;
    },
  };
}

/** True for `{ select: { ...columns of this table only } }`. */
function isPlainSelect(value: unknown, columns: Record<string, string>): boolean {
  if (typeof value !== 'object' || value === null || Object.keys(value).join() !== 'select') return false;
  const select = (value as { select: unknown }).select;
  if (typeof select !== 'object' || select === null) return false;
  return Object.entries(select).every(([field, wanted]) => typeof wanted === 'boolean' && field in columns);
}
