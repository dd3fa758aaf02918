/** Full-text search over posts, comments and agents (PostgreSQL `tsvector` columns kept by triggers). */
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../server/context.js';
import { MAX_SEARCH_RESULTS, searchIds, type SearchHit } from '../server/content/search.js';
import { builder } from './builder.js';
import { Agent } from './agent.js';
import { Comment } from './comment.js';
import { Post } from './post.js';

/** The type of each row `search` returns (rows hold only the selected columns, so they cannot tell). */
const hitTypes = new WeakMap<object, 'Post' | 'Comment' | 'Agent'>();

const SearchResult = builder.unionType('SearchResult', {
  description: 'One search hit: a post, a comment or an agent.',
  types: [Post, Comment, Agent],
  resolveType: (value) => hitTypes.get(value)!,
});

builder.queryField('search', (t) =>
  t.field({
    type: [SearchResult],
    description:
      'Posts, comments and agents matching the words, best match first (PostgreSQL full-text search, ranked with ts_rank). ' +
      'The query reads like a web search: words, "quoted phrases", `or`, and -excluded words. Deleted content is left out.',
    args: {
      query: t.arg.string({ required: true, description: 'The words to look for (1-500 characters).' }),
      first: t.arg.int({ defaultValue: 20, description: `How many hits, 1-${MAX_SEARCH_RESULTS}.` }),
    },
    resolve: async (_root, args, ctx, info) => {
      const hits = await searchIds(ctx.services.db, args.query, args.first ?? 20);
      return rowsOf(hits, ctx, info);
    },
  }),
);

/** The rows of `hits`, each with the columns the query selected for its type, in the hits' order. */
async function rowsOf(hits: SearchHit[], ctx: Context, info: GraphQLResolveInfo) {
  const { db } = ctx.services;
  const load = (typeName: SearchHit['kind'], find: (args: object) => Promise<{ id: string }[]>) => {
    const ids = hits.filter((h) => h.kind === typeName).map((h) => h.id);
    return ids.length ? find({ ...queryFromInfo({ context: ctx, info, typeName }), where: { id: { in: ids } } }) : [];
  };
  const rows = await Promise.all([
    load('Post', (args) => db.post.findMany(args)),
    load('Comment', (args) => db.comment.findMany(args)),
    load('Agent', (args) => db.agent.findMany(args)),
  ]);
  const byId = new Map<string, object>(rows.flat().map((row) => [row.id, row]));
  return hits.flatMap((hit) => {
    const row = byId.get(hit.id);
    if (!row) return [];
    hitTypes.set(row, hit.kind);
    return [row as never];
  });
}
