/**
 * Batched thread reading. Every `Comment.replies` (and `Post.comments`) field asking for a first page
 * in the same place of one operation is served by one window query for the pages and one query for
 * the comments, instead of two queries per parent: a thread reads in a constant number of queries
 * per level.
 */
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { Path } from 'graphql/jsutils/Path.js';
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { Comment as CommentRow } from '../../generated/prisma/client.js';
import type { Context } from '../context.js';
import { firstCommentPages, toConnection, type CommentSort } from './lists.js';

type Connection = ReturnType<typeof toConnection<CommentRow>>;
const loaders = new WeakMap<object, Map<string, DataLoader<string, Connection>>>();

/** The response path without list indices: the same field under every row of a list. */
function pathKey(path: Path | undefined): string {
  const parts: string[] = [];
  for (let p = path; p; p = p.prev) if (typeof p.key === 'string') parts.push(p.key);
  return parts.reverse().join('.');
}

/** The first page of comments under `id` (a post's top level or a comment's replies), batched. */
export function firstThreadPage(
  ctx: Context,
  info: GraphQLResolveInfo,
  scope: 'post' | 'parent',
  id: string,
  sort: CommentSort,
  first: number,
): Promise<Connection> {
  let byKey = loaders.get(ctx);
  if (!byKey) loaders.set(ctx, (byKey = new Map()));
  const key = `${scope}:${sort}:${first}:${pathKey(info.path)}`;
  let loader = byKey.get(key);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => {
      const pages = await firstCommentPages(ctx.services.db, scope, ids, sort, first);
      const all = [...pages.values()].flatMap((page) => page.rows.map((row) => row.id));
      const query = queryFromInfo({ context: ctx, info, typeName: 'Comment', paths: [['nodes'], ['edges', 'node']] });
      const rows = all.length ? await ctx.services.db.comment.findMany({ ...query, where: { id: { in: all } } }) : [];
      return ids.map((parent) => toConnection<CommentRow>(pages.get(parent)!, rows));
    });
    byKey.set(key, loader);
  }
  return loader.load(id);
}
