/**
 * Connections: page sizes, the argument descriptions every list shares, and loading a keyset page's rows
 * with everything the query selected under the connection, in one statement.
 */
import { queryFromInfo } from '@pothos/plugin-prisma';
import { BREAK, visit, type ASTNode, type FieldNode, type GraphQLResolveInfo } from 'graphql';
import type { Context } from '../server/context.js';
import { badInput } from '../server/errors.js';
import type { Post as PostRow } from '../generated/prisma/client.js';
import {
  postPage,
  postPageWithRows,
  toConnection,
  type Page,
  type PostFilter,
  type PostSort,
} from '../server/content/lists.js';
import { planPostRows, type RowPlan, type Selection } from '../server/content/post-rows.js';

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

const NODE_PATHS = [['nodes'], ['edges', 'node']];

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
  const query = queryFromInfo({ context: ctx, info, typeName, paths: NODE_PATHS });
  const args = { ...query, where: { id: { in: page.rows.map((r) => r.id) } } };
  const { db } = ctx.services;
  const delegate = { Post: db.post, Comment: db.comment, Submolt: db.submolt }[typeName] as unknown as {
    findMany(args: object): Promise<T[]>;
  };
  const rows = page.rows.length ? await delegate.findMany(args) : [];
  return toConnection(page, rows);
}

/** Where a feed page starts and how long it is. */
export interface PostPageArgs {
  sort: PostSort;
  filter: PostFilter;
  first: number;
  after?: string | null;
}

/**
 * The plans of feed pages read anonymously, by the field node of the document (yoga keeps parsed
 * documents, so a node is the same object for every request of one document): `false` for a node whose
 * selection uses variables, planned again every time.
 */
const anonymousPlans = new WeakMap<FieldNode, RowPlan | null | false>();

/** True when the selection beneath `node` (with the fragments it spreads) reads a variable. */
function variablesBeneath(node: FieldNode, info: GraphQLResolveInfo): boolean {
  let found = false;
  const spread = new Set<string>();
  const walk = (root: ASTNode) =>
    visit(root, {
      Variable() {
        found = true;
        return BREAK;
      },
      FragmentSpread({ name }) {
        const fragment = info.fragments[name.value];
        if (fragment && !spread.has(name.value)) {
          spread.add(name.value);
          walk(fragment.selectionSet);
        }
      },
    });
  if (node.selectionSet) walk(node.selectionSet);
  return found;
}

/**
 * The plan of a feed page's rows, or null when its selection is not one statement. The selection Prisma's
 * plugin maps from the query depends on the document, the variables and the caller (a select may read
 * the viewer): an anonymous reader's plan is kept per document when its selection reads no variable.
 */
function postRowPlan(ctx: Context, info: GraphQLResolveInfo): RowPlan | null {
  const anonymous = ctx.viewer === null && !ctx.operator && ctx.ownerAssertion === null;
  const node = info.fieldNodes.length === 1 ? info.fieldNodes[0]! : null;
  const kept = anonymous && node ? anonymousPlans.get(node) : false;
  if (kept !== undefined && kept !== false) return kept;
  const query = queryFromInfo({ context: ctx, info, typeName: 'Post', paths: NODE_PATHS });
  const plan = 'select' in query ? planPostRows(query.select as Selection, ctx.viewer?.id ?? null) : null;
  if (anonymous && node && kept === undefined) anonymousPlans.set(node, variablesBeneath(node, info) ? false : plan);
  return plan;
}

/**
 * A feed page as a connection. When the selection under `nodes` and `edges { node }` reads only
 * columns of posts, authors, submolts and the caller's vote, the page and its rows are one statement
 * (server/content/post-rows.ts); otherwise the page's ids, then its rows through Prisma.
 */
export async function loadPostConnection(args: PostPageArgs, ctx: Context, info: GraphQLResolveInfo) {
  const { db } = ctx.services;
  const { sort, filter, first, after } = args;
  const plan = postRowPlan(ctx, info);
  if (!plan) return loadConnection<PostRow>('Post', await postPage(db, sort, filter, first, after), ctx, info);
  const { read } = ctx.services;
  const { page, rows } = await postPageWithRows(read, sort, filter, first, after, plan.columns, plan.viewerId);
  // Shaped as Prisma returns a post for this selection, which is all the GraphQL layer reads of it.
  return toConnection(
    page,
    rows.map((row) => plan.shape(row) as unknown as PostRow),
  );
}
