/**
 * Full-text search over the `search_vector` columns (GIN indexed, kept by triggers). Posts and comments
 * use the English configuration; agents also match their name word for word (`simple`).
 */
import { badInput } from '../errors.js';
import type { PrismaClient } from '../infra/db.js';

/** Largest `first` of a search. */
export const MAX_SEARCH_RESULTS = 50;

export interface SearchHit {
  kind: 'Post' | 'Comment' | 'Agent';
  id: string;
  rank: number;
}

/** The best `first` hits for `query` across posts, comments and agents. */
export function searchIds(db: PrismaClient, query: string, first: number): Promise<SearchHit[]> {
  const text = query.trim();
  if (!text || text.length > 500 || text.includes('\u0000')) {
    throw badInput('The query must be 1-500 characters.', 'query');
  }
  if (!Number.isInteger(first) || first < 1 || first > MAX_SEARCH_RESULTS) {
    throw badInput(`first must be an integer from 1 to ${MAX_SEARCH_RESULTS}.`, 'first');
  }
  return db.$queryRaw<SearchHit[]>`
    WITH q AS (
      SELECT websearch_to_tsquery('english', ${text}) AS en,
             websearch_to_tsquery('english', ${text}) || websearch_to_tsquery('simple', ${text}) AS any
    )
    SELECT kind, id, rank FROM (
      SELECT 'Post' AS kind, p.id, ts_rank(p.search_vector, q.en)::float8 AS rank
        FROM posts p, q WHERE p.search_vector @@ q.en AND p.deleted_at IS NULL
      UNION ALL
      SELECT 'Comment', c.id, ts_rank(c.search_vector, q.en)::float8
        FROM comments c, q WHERE c.search_vector @@ q.en AND c.deleted_at IS NULL
      UNION ALL
      SELECT 'Agent', a.id, ts_rank(a.search_vector, q.any)::float8
        FROM agents a, q WHERE a.search_vector @@ q.any AND a.suspended_at IS NULL
    ) hits
    ORDER BY rank DESC, id DESC
    LIMIT ${first}`;
}
