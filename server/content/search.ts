/**
 * Full-text search over the `search_vector` columns (GIN indexed, kept by triggers). Posts and comments
 * use the English configuration; agents also match their name word for word (`simple`).
 */
import { prisma } from '../infra/db.js';

export interface SearchHit {
  kind: 'Post' | 'Comment' | 'Agent';
  id: string;
  rank: number;
}

/** The best `first` hits for `text` across posts, comments and agents. */
export function searchIds(text: string, first: number): Promise<SearchHit[]> {
  return prisma.$queryRaw<SearchHit[]>`
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
