/** Full-text search over posts, comments and agents (PostgreSQL `tsvector` columns kept by triggers). */
import { queryFromInfo } from '@pothos/plugin-prisma';
import { prisma } from '../server/infra/db.js';
import { badInput } from '../server/errors.js';
import { searchIds } from '../server/content/search.js';
import { builder } from './builder.js';
import { Comment } from './comment.js';
import { Post } from './post.js';
import { Agent } from './agent-type.js';

/** Largest `first` of `search`. */
const MAX_SEARCH_RESULTS = 50;

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
      const text = args.query.trim();
      if (!text || text.length > 500 || text.includes('\u0000')) {
        throw badInput('The query must be 1-500 characters.', 'query');
      }
      const first = args.first ?? 20;
      if (!Number.isInteger(first) || first < 1 || first > MAX_SEARCH_RESULTS) {
        throw badInput(`first must be an integer from 1 to ${MAX_SEARCH_RESULTS}.`, 'first');
      }
      const hits = await searchIds(text, first);
      const ids = (kind: string) => hits.filter((h) => h.kind === kind).map((h) => h.id);
      const [posts, comments, agents] = await Promise.all([
        ids('Post').length
          ? prisma.post.findMany({
              ...queryFromInfo({ context: ctx, info, typeName: 'Post' }),
              where: { id: { in: ids('Post') } },
            })
          : [],
        ids('Comment').length
          ? prisma.comment.findMany({
              ...queryFromInfo({ context: ctx, info, typeName: 'Comment' }),
              where: { id: { in: ids('Comment') } },
            })
          : [],
        ids('Agent').length
          ? prisma.agent.findMany({
              ...queryFromInfo({ context: ctx, info, typeName: 'Agent' }),
              where: { id: { in: ids('Agent') } },
            })
          : [],
      ]);
      const byId = new Map<string, object>([...posts, ...comments, ...agents].map((row) => [row.id, row]));
      return hits.flatMap((hit) => {
        const row = byId.get(hit.id);
        if (!row) return [];
        hitTypes.set(row, hit.kind);
        return [row as never];
      });
    },
  }),
);
